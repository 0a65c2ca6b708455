// Generate: world, import, plans, then every demand through Registry::File
// in date order, batched; then the year's aggregate rules.
#include "jianfu/demo/generate.h"

#include <chrono>
#include <unordered_map>

#include "year.h"

namespace jianfu::demo {
namespace {

// Who the audit log names for what the demo writes.
constexpr const char* kActor = "demo";

void Tally(const registry::FilingResult& r, const std::vector<std::string>& intended, bool previous,
           Summary& sum) {
  if (previous) {
    ++sum.previous_year_documents;
  } else {
    auto& k = sum.kinds[static_cast<size_t>(r.filing.demand.kind)];
    ++k.filed;
    ++(r.accepted ? k.accepted : k.refused);
  }
  for (const auto& f : r.filing.findings) {
    auto& c = sum.rules[f.rule];
    ++c.findings;
    if (f.justified) ++c.justified;
    if (!r.accepted && f.severity == rules::Severity::kBlock && !f.justified) ++c.refusing;
  }
  for (const auto& rule : intended) {
    auto& c = sum.rules[rule];
    ++c.intended;
    for (const auto& f : r.filing.findings)
      if (f.rule == rule) {
        ++c.caught;
        break;
      }
  }
}

}  // namespace

const char* ScaleName(Scale scale) {
  switch (scale) {
    case Scale::kCounty:
      return "county";
    case Scale::kProvince:
      return "province";
    case Scale::kNational:
      return "national";
  }
  return "county";
}

const char* ScaleLabel(Scale scale) {
  switch (scale) {
    case Scale::kCounty:
      return "县级";
    case Scale::kProvince:
      return "省级";
    case Scale::kNational:
      return "全国";
  }
  return "县级";
}

std::optional<Scale> ParseScale(std::string_view name) {
  for (Scale s : {Scale::kCounty, Scale::kProvince, Scale::kNational})
    if (name == ScaleName(s)) return s;
  return std::nullopt;
}

uint64_t Summary::filed() const {
  uint64_t n = previous_year_documents;
  for (const auto& k : kinds) n += k.filed;
  return n;
}

uint64_t Summary::accepted() const {
  uint64_t n = 0;
  for (const auto& k : kinds) n += k.accepted;
  return n;
}

Result<Summary> Generate(registry::Registry& registry, const Options& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  auto report = [&](const char* stage, uint64_t done, uint64_t total) {
    if (options.progress) options.progress({stage, done, total, elapsed()});
  };
  if (options.year < 1901 || options.year > 2199)
    return MakeError(ErrorCode::kInvalidArgument, "年份应在 1901—2199 之间", {}, "year");
  if (!(options.volume > 0 && options.volume <= 100))
    return MakeError(ErrorCode::kInvalidArgument, "volume 应大于 0、不超过 100", {}, "volume");

  Summary sum;
  sum.year = options.year;
  sum.scale = options.scale;
  sum.seed = options.seed;
  auto built = World::Build(options);
  if (!built) return built.error();
  World& w = *built;
  sum.area = w.area;
  sum.regions = w.regions;
  sum.organs = w.organs.size();
  sum.plan_items = w.plan_items;
  sum.duty_items = w.duty_items;
  sum.activity_items = w.activity_items;
  sum.read_seconds = elapsed();

  report("导入单位和清单", 0, w.records.size() + w.items.size());
  if (auto s = registry.ImportUnits(std::move(w.records), kActor); !s.ok()) return s.error();
  if (auto s = registry.ImportListItems(w.items, kActor); !s.ok()) return s.error();
  w.records = {};
  w.items = {};
  sum.import_seconds = elapsed() - sum.read_seconds;

  const Year year = MakePlans(w);
  const uint64_t total = year.plans.size();
  report("登记事项", 0, total);
  std::unordered_map<uint32_t, uint32_t> township_hits;
  const size_t batch = std::max<size_t>(1, options.batch);
  size_t in_batch = 0;
  // Nobody queries the new database while it fills: let the store append
  // rows and build its query indexes once at the end.
  if (auto s = registry.store().BeginBulkLoad(); !s.ok()) return s.error();
  if (auto s = registry.BeginBatch(kActor); !s.ok()) return s.error();
  for (uint64_t i = 0; i < total; ++i) {
    const Plan& plan = year.plans[i];
    if (i % 10000 == 0 && i) report("登记事项", i, total);
    auto made = MakeDemand(w, year, plan);
    if (!made) continue;
    auto r = registry.File(std::move(made->demand));
    if (!r) {
      (void)registry.CommitBatch();  // keep what was filed before the failure
      return r.error();
    }
    Tally(*r, made->intended, plan.special == Special::kPreviousYear, sum);
    if (r->accepted)
      for (uint32_t t : made->townships) ++township_hits[t];
    if (options.observe) options.observe(*r, made->intended);
    if (++in_batch >= batch) {
      in_batch = 0;
      if (auto s = registry.CommitBatch(); !s.ok()) return s.error();
      if (auto s = registry.BeginBatch(kActor); !s.ok()) return s.error();
    }
  }
  if (auto s = registry.CommitBatch(); !s.ok()) return s.error();
  report("建立查询索引", 0, 0);
  if (auto s = registry.store().EndBulkLoad(); !s.ok()) return s.error();
  sum.file_seconds = elapsed() - sum.read_seconds - sum.import_seconds;

  report("全年复核", 0, 0);
  const double evaluate_start = elapsed();
  for (const auto& f : registry.Evaluate(options.year)) ++sum.year_findings[f.finding.rule];
  sum.evaluate_seconds = elapsed() - evaluate_start;

  uint32_t busiest = units::kNone, most = 0;
  for (const auto& [t, n] : township_hits)
    if (n > most || (n == most && t < busiest)) busiest = t, most = n;
  if (busiest != units::kNone) sum.busiest_township = std::string(w.model().at(busiest).id);
  sum.total_seconds = elapsed();
  return sum;
}

Result<std::vector<demand::Demand>> DrawDemands(const Options& options, size_t count) {
  auto built = World::Build(options);
  if (!built) return built.error();
  const Year year = MakePlans(*built);
  std::vector<uint32_t> current;  // the year's plans, not the previous year's documents
  for (uint32_t i = 0; i < year.plans.size(); ++i)
    if (year.plans[i].special != Special::kPreviousYear) current.push_back(i);
  std::vector<demand::Demand> out;
  if (current.empty() || count == 0) return out;
  const size_t step = std::max<size_t>(1, current.size() / count);
  for (size_t i = 0; i < current.size() && out.size() < count; i += step)
    if (auto made = MakeDemand(*built, year, year.plans[current[i]])) out.push_back(std::move(made->demand));
  return out;
}

}  // namespace jianfu::demo
