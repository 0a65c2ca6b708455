// History: what the history rules need to know about every accepted demand,
// indexed for the questions they ask. Private to the registry module.
//
//   Count(key, issuer, year)      documents, non-red documents, comprehensive
//                                 meetings and inspections per issuer and year
//   ProvinceVisits(province, y)   on-site inspections from outside a province
//   visits / data_requests        ScopeIndex: how many demands reach one unit
//                                 in a window (INS-20, INS-13)
//   fields                        data fields asked, by name (DATA-01)
//   apps                          grassroots app mandates by issuer (APP-08)
//
// Unit numbers are indices into the UnitTree the history was built with;
// when the tree is rebuilt the history is rebuilt too.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "jianfu/core/date.h"
#include "jianfu/demand/demand.h"
#include "jianfu/units/scope.h"
#include "jianfu/units/tree.h"

namespace jianfu::registry {

// A scope with its unit resolved to a tree index.
struct Reach {
  uint32_t root = 0;
  units::LevelMask levels = 0;
  uint8_t organ_mask = 0;  // bit per OrganType; 0 = regions and organs alike
};

Reach Resolve(const units::UnitTree& tree, const units::Scope& scope, uint32_t root);
bool Covers(const units::UnitTree& tree, const Reach& r, uint32_t unit);
// Whether some unit is covered by both.
bool Intersects(const units::UnitTree& tree, const Reach& a, const Reach& b);

// Demands anchored at their scope roots, each with a date range, answering
// "how many of them reach unit u in window [from, to]".
class ScopeIndex {
 public:
  struct Entry {
    int64_t id;
    Date from, to;
    Reach reach;
  };
  void Add(const Entry& e);
  // The unit among `units` reached by the most entries overlapping the
  // window; count 0 when none. `ids` gets the entries reaching that unit.
  struct Peak {
    uint32_t unit = 0;
    size_t count = 0;
    std::vector<int64_t> ids;
  };
  Peak MaxOver(const units::UnitTree& tree, const std::vector<uint32_t>& units, Date from, Date to) const;

  template <typename F>
  void ForEach(F f) const {
    for (const auto& [root, list] : by_root_)
      for (const Entry& e : list.entries) f(e);
  }

 private:
  struct List {
    std::vector<Entry> entries;  // sorted by from
    int32_t max_span = 0;        // longest to - from in the list
  };
  std::unordered_map<uint32_t, List> by_root_;
};

class History {
 public:
  enum class Key : uint8_t { kDocuments, kNonRedDocuments, kComprehensiveMeetings, kComprehensiveInspections };

  // Adds an accepted demand whose units are all in `tree`.
  void Add(const units::UnitTree& tree, const demand::Demand& d, const std::vector<Reach>& reaches,
           uint32_t issuer);

  uint32_t Count(Key key, uint32_t issuer, int year) const;
  uint32_t ProvinceVisits(uint32_t province, int year) const;

  // f(unit, count) for every unit with a count of `key` in `year`.
  template <typename F>
  void ForEachCount(Key key, int year, F f) const {
    for (const auto& [k, n] : counts_)
      if ((k >> 56) == static_cast<uint8_t>(key) && static_cast<uint16_t>(k) == static_cast<uint16_t>(year))
        f(static_cast<uint32_t>((k >> 16) & 0xffffffffu), n);
  }
  template <typename F>
  void ForEachProvince(int year, F f) const {
    for (const auto& [k, n] : province_visits_)
      if (static_cast<uint16_t>(k) == static_cast<uint16_t>(year)) f(static_cast<uint32_t>(k >> 16), n);
  }

  ScopeIndex visits;         // on-site inspections of every type
  ScopeIndex data_requests;  // by the date they are issued

  // Data requests, once each, and the fields they asked by name and by
  // province: two scopes share a unit only when one root is under the
  // other, hence in the same province, so DATA-01 scans one province's
  // requests of a field, not the country's.
  struct DataUse {
    int64_t id;
    Date date;
    std::string title;
    std::vector<Reach> reaches;
  };
  std::vector<DataUse> data_uses;
  // field name -> province -> indices into data_uses, in filing order
  std::unordered_map<std::string, std::unordered_map<uint32_t, std::vector<uint32_t>>> fields;

  // Every accepted demand, in filing order, with what the ledger needs:
  // meeting minutes, days on site, fields asked.
  struct Fact {
    int64_t id = 0;
    demand::Kind kind = demand::Kind::kDocument;
    Date date;
    uint32_t quantity = 0;  // meeting: minutes; inspection: days; data request: fields
    bool onsite = false;    // meeting or inspection on site
    std::vector<Reach> reaches;
  };
  std::vector<Fact> facts;

  // Grassroots apps with their features, for APP-08.
  struct AppUse {
    int64_t id;
    std::vector<std::string> features;
    std::vector<Reach> reaches;
  };
  std::vector<AppUse> apps;

 private:
  static uint64_t CountKey(Key key, uint32_t unit, int year) {
    return (uint64_t{static_cast<uint8_t>(key)} << 56) | (uint64_t{unit} << 16) | static_cast<uint16_t>(year);
  }
  std::unordered_map<uint64_t, uint32_t> counts_;
  std::unordered_map<uint64_t, uint32_t> province_visits_;  // (province << 16 | year)
};

// Whether an inspection counts toward INS-04 for a province: on site, not
// in the exempt categories, issued from outside the province.
bool CountsTowardProvinceCap(const units::UnitTree& tree, const demand::Inspection& ins, uint32_t issuer,
                             uint32_t province);
// The province (root) above a unit.
uint32_t ProvinceOf(const units::UnitTree& tree, uint32_t unit);

}  // namespace jianfu::registry
