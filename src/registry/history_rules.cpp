// Rules decided on the history of accepted demands: counts per issuer and
// year, visits and data requests reaching one grassroots unit in a window,
// the same data field asked twice. Each count includes the demand being
// filed.
#include <algorithm>
#include <set>

#include "rules.h"

namespace jianfu::registry {
namespace {

using Key = History::Key;

template <typename T>
const T* As(const Context& c) {
  return std::get_if<T>(&c.demand.details);
}

std::string IssuerName(const Context& c) { return std::string(c.tree.at(c.issuer).name); }

// "the n-th of the year against a limit" rules: MTG-01, INS-01.
void YearCap(const Context& c, const rules::Rule& rule, Findings& out, Key key) {
  const int year = c.demand.date.year();
  const uint32_t count = c.history.Count(key, c.issuer, year) + 1;
  const int64_t limit = Param(rule, "max_per_year", 1);
  if (count <= limit) return;
  out.Add(rule, {{"issuer", IssuerName(c)},
                 {"year", std::to_string(year)},
                 {"count", std::to_string(count)},
                 {"limit", std::to_string(limit)}});
}

void Doc01(const Context& c, const rules::Rule& rule, Findings& out) {
  if (!As<demand::Document>(c)) return;
  const int year = c.demand.date.year();
  const uint32_t previous = c.history.Count(Key::kDocuments, c.issuer, year - 1);
  const uint32_t count = c.history.Count(Key::kDocuments, c.issuer, year) + 1;
  // A unit with no record of the previous year (a new deployment) is not
  // judged: there is nothing to compare with.
  if (previous == 0 || count <= previous) return;
  out.Add(rule, {{"issuer", IssuerName(c)},
                 {"year", std::to_string(year)},
                 {"count", std::to_string(count)},
                 {"previous", std::to_string(previous)}});
}

void Doc05(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* d = As<demand::Document>(c);
  if (!d || d->form == demand::Document::Form::kRed) return;
  const int year = c.demand.date.year();
  const uint32_t count = c.history.Count(Key::kDocuments, c.issuer, year) + 1;
  const uint32_t non_red = c.history.Count(Key::kNonRedDocuments, c.issuer, year) + 1;
  const int64_t limit = Param(rule, "max_share_percent", 40);
  if (count < Param(rule, "min_documents", 10) || non_red * 100 <= limit * count) return;
  out.Add(rule, {{"issuer", IssuerName(c)},
                 {"year", std::to_string(year)},
                 {"count", std::to_string(count)},
                 {"share", std::to_string(non_red * 100 / count)},
                 {"limit", std::to_string(limit)}});
}

void Mtg01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* m = As<demand::Meeting>(c);
  if (m && m->type == demand::Meeting::Type::kComprehensive) YearCap(c, rule, out, Key::kComprehensiveMeetings);
}

void Ins01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* ins = As<demand::Inspection>(c);
  if (ins && ins->comprehensive) YearCap(c, rule, out, Key::kComprehensiveInspections);
}

void Ins04(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* ins = As<demand::Inspection>(c);
  if (!ins) return;
  const int year = c.demand.date.year();
  const int64_t monthly = Param(rule, "monthly_cap", 2);
  std::set<uint32_t> provinces;
  for (const Reach& r : c.reaches) provinces.insert(ProvinceOf(c.tree, r.root));
  for (uint32_t p : provinces) {
    if (!CountsTowardProvinceCap(c.tree, *ins, c.issuer, p)) continue;
    const uint32_t count = c.history.ProvinceVisits(p, year) + 1;
    if (count <= monthly * 12) continue;
    out.Add(rule, {{"province", std::string(c.tree.at(p).name)},
                   {"year", std::to_string(year)},
                   {"count", std::to_string(count)},
                   {"limit", std::to_string(monthly)},
                   {"cap", std::to_string(monthly * 12)}});
  }
}

Date MonthStart(Date d) { return Date::FromCivil(d.year(), d.month(), 1); }
Date MonthEnd(Date d) {
  return d.month() == 12 ? Date::FromCivil(d.year(), 12, 31) : Date::FromCivil(d.year(), d.month() + 1, 1) + (-1);
}

void Ins13(const Context& c, const rules::Rule& rule, Findings& out) {
  if (!As<demand::DataRequest>(c)) return;
  const Date d = c.demand.date;
  const auto peak = c.history.data_requests.MaxOver(c.tree, c.Grassroots(), MonthStart(d), MonthEnd(d));
  const int64_t limit = Param(rule, "monthly_cap", 4);
  if (peak.count + 1 <= static_cast<size_t>(limit)) return;
  out.Add(rule,
          {{"unit", c.tree.PathName(peak.unit)},
           {"month", std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月"},
           {"count", std::to_string(peak.count + 1)},
           {"limit", std::to_string(limit)}},
          peak.ids);
}

void Ins20(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* ins = As<demand::Inspection>(c);
  if (!ins || !ins->onsite) return;
  const Date from = c.demand.date, to = ins->end_date.value_or(from);
  struct Window {
    const char* name;
    const char* param;
    int64_t fallback;
    Date a, b;
  };
  const Date week = from + (-from.weekday());
  const Window windows[] = {
      {"同一天", "max_per_day", 1, from, to},
      {"同一周", "max_per_week", 2, week, std::max(to, week + 6)},
      {"同一个月", "max_per_month", 3, MonthStart(from), std::max(to, MonthEnd(from))},
  };
  for (const Window& w : windows) {
    const int64_t limit = Param(rule, w.param, w.fallback);
    const auto peak = c.history.visits.MaxOver(c.tree, c.Grassroots(), w.a, w.b);
    if (peak.count + 1 <= static_cast<size_t>(limit)) continue;
    out.Add(rule,
            {{"unit", c.tree.PathName(peak.unit)},
             {"window", w.name},
             {"count", std::to_string(peak.count + 1)},
             {"limit", std::to_string(limit)}},
            peak.ids);
    return;  // the tightest window exceeded says it
  }
}

void Data01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* r = As<demand::DataRequest>(c);
  if (!r) return;
  const int64_t days = Param(rule, "window_days", 365);
  std::set<uint32_t> provinces;
  for (const Reach& a : c.reaches) provinces.insert(ProvinceOf(c.tree, a.root));
  std::set<std::string> seen;
  for (const auto& form : r->forms)
    for (const auto& field : form.fields) {
      if (!seen.insert(field).second) continue;
      auto it = c.history.fields.find(field);
      if (it == c.history.fields.end()) continue;
      // The latest earlier request of this field reaching the same units,
      // looked for in the provinces this one reaches.
      const History::DataUse* latest = nullptr;
      for (uint32_t p : provinces) {
        auto list = it->second.find(p);
        if (list == it->second.end()) continue;
        for (auto i = list->second.rbegin(); i != list->second.rend(); ++i) {
          const History::DataUse& use = c.history.data_uses[*i];
          if (latest && use.id <= latest->id) break;
          if (c.demand.date - use.date > days || use.date > c.demand.date) continue;
          bool overlap = false;
          for (const Reach& a : c.reaches)
            for (const Reach& b : use.reaches) overlap = overlap || Intersects(c.tree, a, b);
          if (!overlap) continue;
          latest = &use;
          break;
        }
      }
      if (!latest) continue;
      out.Add(rule,
              {{"field", field},
               {"previous_date", latest->date.ToString()},
               {"previous", std::to_string(latest->id)},
               {"previous_title", latest->title},
               {"days", std::to_string(days)}},
              {latest->id});
    }
}

// APP-08: an app that collects data from grassroots units already reporting
// through another such app.
void App08(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::App>(c);
  if (!a || a->audience != demand::App::Audience::kGrassroots) return;
  auto reports = [&](const std::vector<std::string>& features) {
    for (const auto& f : features)
      if (std::find(rule.words.begin(), rule.words.end(), f) != rule.words.end()) return true;
    return false;
  };
  if (!reports(a->features)) return;
  std::vector<int64_t> related;
  for (const auto& use : c.history.apps) {
    if (!reports(use.features)) continue;
    bool overlap = false;
    for (const Reach& x : c.reaches)
      for (const Reach& y : use.reaches) overlap = overlap || Intersects(c.tree, x, y);
    if (overlap) related.push_back(use.id);
  }
  const int64_t limit = Param(rule, "max_reporting_apps", 1);
  if (related.empty() || static_cast<int64_t>(related.size()) + 1 <= limit) return;
  out.Add(rule,
          {{"count", std::to_string(related.size() + 1)},
           {"previous", std::to_string(related.front())},
           {"limit", std::to_string(limit)}},
          related);
}

}  // namespace

void AddHistoryRules(std::map<std::string_view, RuleFn>& out) {
  out.insert({{"DOC-01", Doc01},
              {"DOC-05", Doc05},
              {"MTG-01", Mtg01},
              {"INS-01", Ins01},
              {"INS-04", Ins04},
              {"INS-13", Ins13},
              {"INS-20", Ins20},
              {"DATA-01", Data01},
              {"APP-08", App08}});
}

}  // namespace jianfu::registry
