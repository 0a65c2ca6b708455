// The demo's world: the real division tree of the chosen scale, the organs
// placed in it, the lists they keep, and the part of it the registry holds.
// Private to the demo module.
//
// The model tree may be larger than what is imported: at county scale the
// model is the whole province, so that a province department's inspection of
// "three counties" is drawn among all of them and reaches the county only
// when the county is one of the three; what does not reach the imported part
// is never filed.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "catalog.h"
#include "jianfu/demo/generate.h"
#include "jianfu/store/store.h"
#include "jianfu/units/tree.h"

namespace jianfu::demo {

inline constexpr uint32_t kCentral = UINT32_MAX;  // Organ::region of the 中央和国家机关
inline constexpr const char* kCentralId = "00";

struct Organ {
  std::string id;   // "433127-agri", "00-agri"
  uint32_t region;  // model tree index, or kCentral
  uint16_t kind;    // index into OrganKinds()
  units::Level level;
  uint8_t plans = 0;       // plan items of the year: <id>-P<year>-<n>, n = 1..plans
  uint8_t activities = 0;  // approved 创建示范 items: <id>-A<year>-<n>
  bool central() const { return region == kCentral; }
};

// The name of an organ of `kind` in a region of `level` named `region`
// ("永顺县农业农村局", "中共永顺县委员会", "灵溪镇人民政府").
std::string OrganName(const OrganKind& kind, units::Level level, std::string_view region);

// The organ's Poisson means for the year, the volume applied.
Rates RatesOf(const Organ& organ, double volume);

class World {
 public:
  // Reads the divisions and places the organs. Progress goes to options.progress.
  static Result<World> Build(const Options& options);

  const Options& options() const { return *options_; }
  const units::UnitTree& model() const { return model_; }
  int year() const { return options_->year; }

  // Whether a model unit is in the registry's tree.
  bool Present(uint32_t u) const;
  // The model regions of `level` under `root` (kCentral: the whole model),
  // in tree order.
  std::span<const uint32_t> Below(uint32_t root, units::Level level) const;
  // The township under a county that inspectors visit most (the busiest,
  // with the most villages and communities).
  uint32_t HotTownship(uint32_t county) const;
  // The id of the organ of `kind_key` ("gov", "agri") in a region; region
  // may be kCentral.
  std::string OrganId(uint32_t region, std::string_view kind_key) const;
  // Whether a region has organs in the registry (present, not a village, not
  // a placeholder city such as a municipality's 市辖区).
  bool HasOrgans(uint32_t region) const;
  std::string_view RegionId(uint32_t region) const;
  std::string_view RegionName(uint32_t region) const;

  std::vector<Organ> organs;
  // What Generate imports: the present regions, the centre and the organs;
  // then the lists.
  std::vector<units::UnitRecord> records;
  std::vector<store::ListItem> items;
  size_t regions = 0, plan_items = 0, duty_items = 0, activity_items = 0;
  std::string area;

 private:
  const Options* options_ = nullptr;
  units::UnitTree model_;
  uint32_t county_ = units::kNone;               // county scale: the county's model index
  std::vector<std::vector<uint32_t>> by_level_;  // model units per level, in tree order
  std::vector<uint32_t> hot_;                    // per county (by_level_ order): hot township
};

}  // namespace jianfu::demo
