// Registry::LedgerOf: the 台账 of one unit, from the in-memory history.
#include "impl.h"

namespace jianfu::registry {

Result<Registry::Ledger> Registry::LedgerOf(std::string_view unit, int year) const {
  const Impl& m = *impl_;
  auto u = m.tree.Find(unit);
  if (!u) return MakeError(ErrorCode::kNotFound, "未知单位“" + std::string(unit) + "”", {}, "unit");
  const auto& p = m.options.rules.ledger;
  auto param = [&](const char* name, int64_t fallback) {
    auto it = p.find(name);
    return it == p.end() ? fallback : it->second;
  };
  Ledger out;
  out.unit = std::string(unit);
  out.path = m.tree.PathName(*u);
  out.year = year;
  for (int i = 0; i < 12; ++i) out.months[i].month = i + 1;
  for (const auto& f : m.history.facts) {
    if (f.date.year() != year) continue;
    bool reached = false;
    for (const Reach& r : f.reaches) reached = reached || Covers(m.tree, r, *u);
    if (!reached) continue;
    LedgerMonth& month = out.months[f.date.month() - 1];
    ++month.demands[static_cast<size_t>(f.kind)];
    int64_t minutes = 0;
    switch (f.kind) {
      case demand::Kind::kDocument:
        minutes = param("minutes_per_document", 30);
        break;
      case demand::Kind::kMeeting:
        minutes = f.quantity + (f.onsite ? param("minutes_meeting_travel", 60) : 0);
        break;
      case demand::Kind::kInspection:
        minutes = f.onsite ? f.quantity * param("minutes_per_inspection_day", 240)
                           : param("minutes_per_offsite_inspection", 120);
        break;
      case demand::Kind::kDataRequest:
        minutes = f.quantity * param("minutes_per_field", 3);
        break;
      case demand::Kind::kTask:
        minutes = param("minutes_per_task", 480);
        break;
      case demand::Kind::kActivity:
        minutes = param("minutes_per_activity", 960);
        break;
      case demand::Kind::kApp:
        minutes = param("minutes_per_app", 60);
        break;
      case demand::Kind::kSecondment:
        break;  // costs the sending unit staff, not time of the units reached
    }
    month.minutes += static_cast<uint64_t>(minutes);
  }
  return out;
}

}  // namespace jianfu::registry
