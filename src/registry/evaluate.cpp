// Registry::Evaluate: the aggregate rules over a whole year, from the
// in-memory history (no database access).
#include <algorithm>
#include <thread>

#include "impl.h"

namespace jianfu::registry {
namespace {

using Key = History::Key;
using YearFinding = Registry::YearFinding;

struct Visit {
  Date from, to;
  int64_t id;
};

Date MonthStart(int year, int month) { return Date::FromCivil(year, month, 1); }
Date MonthEnd(int year, int month) {
  return month == 12 ? Date::FromCivil(year, 12, 31) : Date::FromCivil(year, month + 1, 1) + (-1);
}

// The first window (day, then week, then month) in which a unit has more
// visits than allowed; count 0 when none.
struct Excess {
  const char* window = "";
  size_t count = 0;
  int64_t limit = 0;
  std::vector<int64_t> ids;
};

Excess CheckVisits(std::vector<Visit>& visits, int year, const rules::Rule& rule) {
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) { return a.from < b.from; });
  auto count_in = [&](Date a, Date b, std::vector<int64_t>* ids) {
    size_t n = 0;
    for (const Visit& v : visits) {
      if (v.from > b) break;
      if (v.to >= a) {
        ++n;
        if (ids) ids->push_back(v.id);
      }
    }
    return n;
  };
  Excess out;
  const struct {
    const char* name;
    const char* param;
    int64_t fallback;
  } kinds[] = {{"同一天", "max_per_day", 1}, {"同一周", "max_per_week", 2}, {"同一个月", "max_per_month", 3}};
  for (int k = 0; k < 3; ++k) {
    const int64_t limit = Param(rule, kinds[k].param, kinds[k].fallback);
    // Candidate windows: the day, week or month of every day a visit covers.
    for (const Visit& v : visits) {
      for (Date d = std::max(v.from, Date::FromCivil(year, 1, 1)); d <= v.to && d.year() == year; d = d + 1) {
        Date a = d, b = d;
        if (k == 1) {
          a = d + (-d.weekday());
          b = a + 6;
        } else if (k == 2) {
          a = MonthStart(year, d.month());
          b = MonthEnd(year, d.month());
        }
        const size_t n = count_in(a, b, nullptr);
        if (n > static_cast<size_t>(limit) && n > out.count) {
          out = {kinds[k].name, n, limit, {}};
          count_in(a, b, &out.ids);
        }
      }
    }
    if (out.count) return out;
  }
  return out;
}

}  // namespace

std::vector<YearFinding> Registry::Evaluate(int year) const {
  const Impl& m = *impl_;
  std::vector<YearFinding> out;
  auto rule = [&](std::string_view id) -> const rules::Rule* {
    const rules::Rule* r = m.options.rules.Find(id);
    return r && r->enabled ? r : nullptr;
  };
  auto add = [&](const rules::Rule& r, uint32_t subject, const Findings::Vars& vars, std::vector<int64_t> ids = {}) {
    Findings f(false);
    f.Add(r, vars, std::move(ids));
    out.push_back({std::string(m.tree.at(subject).id), std::move(f.list().front())});
  };
  auto name = [&](uint32_t u) { return std::string(m.tree.at(u).name); };

  if (const auto* r = rule("DOC-01"))
    m.history.ForEachCount(Key::kDocuments, year, [&](uint32_t issuer, uint32_t count) {
      const uint32_t previous = m.history.Count(Key::kDocuments, issuer, year - 1);
      if (previous && count > previous)
        add(*r, issuer,
            {{"issuer", name(issuer)},
             {"year", std::to_string(year)},
             {"count", std::to_string(count)},
             {"previous", std::to_string(previous)}});
    });
  if (const auto* r = rule("DOC-05"))
    m.history.ForEachCount(Key::kNonRedDocuments, year, [&](uint32_t issuer, uint32_t non_red) {
      const uint32_t count = m.history.Count(Key::kDocuments, issuer, year);
      const int64_t limit = Param(*r, "max_share_percent", 40);
      if (count >= Param(*r, "min_documents", 10) && non_red * 100 > limit * count)
        add(*r, issuer,
            {{"issuer", name(issuer)},
             {"year", std::to_string(year)},
             {"count", std::to_string(count)},
             {"share", std::to_string(non_red * 100 / count)},
             {"limit", std::to_string(limit)}});
    });
  const std::pair<const char*, Key> caps[] = {{"MTG-01", Key::kComprehensiveMeetings},
                                              {"INS-01", Key::kComprehensiveInspections}};
  for (const auto& [id, key] : caps)
    if (const auto* r = rule(id))
      m.history.ForEachCount(key, year, [&](uint32_t issuer, uint32_t count) {
        const int64_t limit = Param(*r, "max_per_year", 1);
        if (count > limit)
          add(*r, issuer,
              {{"issuer", name(issuer)},
               {"year", std::to_string(year)},
               {"count", std::to_string(count)},
               {"limit", std::to_string(limit)}});
      });
  if (const auto* r = rule("INS-04"))
    m.history.ForEachProvince(year, [&](uint32_t province, uint32_t count) {
      const int64_t monthly = Param(*r, "monthly_cap", 2);
      if (count > monthly * 12)
        add(*r, province,
            {{"province", name(province)},
             {"year", std::to_string(year)},
             {"count", std::to_string(count)},
             {"limit", std::to_string(monthly)},
             {"cap", std::to_string(monthly * 12)}});
    });

  if (const auto* r = rule("INS-20")) {
    // Every visit of the year, expanded onto the townships and villages it reaches.
    const Date first = Date::FromCivil(year, 1, 1), last = Date::FromCivil(year, 12, 31);
    std::unordered_map<uint32_t, std::vector<Visit>> per_unit;
    m.history.visits.ForEach([&](const ScopeIndex::Entry& e) {
      if (e.to < first || e.from > last) return;
      const uint32_t end = m.tree.SubtreeEnd(e.reach.root);
      for (uint32_t u = e.reach.root; u < end; ++u) {
        const units::Unit& unit = m.tree.at(u);
        if (unit.level < units::Level::kTownship || !unit.is_region() || !Covers(m.tree, e.reach, u)) continue;
        per_unit[u].push_back({e.from, e.to, e.id});
      }
    });
    std::vector<std::pair<uint32_t, std::vector<Visit>*>> work;
    for (auto& [u, v] : per_unit)
      if (v.size() > 1) work.emplace_back(u, &v);
    std::sort(work.begin(), work.end());
    // Units are independent: split them over the cores.
    const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 8));
    std::vector<Excess> excess(work.size());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (size_t i = t; i < work.size(); i += threads) excess[i] = CheckVisits(*work[i].second, year, *r);
      });
    for (auto& th : pool) th.join();
    for (size_t i = 0; i < work.size(); ++i)
      if (excess[i].count)
        add(*r, work[i].first,
            {{"unit", m.tree.PathName(work[i].first)},
             {"window", excess[i].window},
             {"count", std::to_string(excess[i].count)},
             {"limit", std::to_string(excess[i].limit)}},
            std::move(excess[i].ids));
  }
  return out;
}

}  // namespace jianfu::registry
