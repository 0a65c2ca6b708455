#include "jianfu/registry/json.h"

namespace jianfu::registry {

using nlohmann::json;

json FindingToJson(const Finding& f) {
  json j = {{"rule", f.rule},         {"severity", rules::SeverityName(f.severity)},
            {"justified", f.justified}, {"title", f.title},
            {"message", f.message},     {"citation", f.citation}};
  if (!f.excerpt.empty()) j["excerpt"] = f.excerpt;
  if (!f.related.empty()) j["related"] = f.related;
  return j;
}

namespace {

json Findings(const std::vector<Finding>& list) {
  json a = json::array();
  for (const auto& f : list) a.push_back(FindingToJson(f));
  return a;
}

}  // namespace

json FilingResultToJson(const FilingResult& r) {
  json summary = {{"block", 0}, {"warn", 0}, {"info", 0}, {"justified", 0}};
  for (const auto& f : r.filing.findings) {
    if (f.justified)
      summary["justified"] = summary["justified"].get<int>() + 1;
    else
      summary[rules::SeverityName(f.severity)] = summary[rules::SeverityName(f.severity)].get<int>() + 1;
  }
  json j = {{"accepted", r.accepted}, {"summary", summary}, {"findings", Findings(r.filing.findings)}};
  if (r.filing.demand.id) {
    j["id"] = r.filing.demand.id;
    j["code"] = r.filing.code;
  }
  return j;
}

json FilingToJson(const store::Filing& f) {
  return {{"id", f.demand.id},
          {"code", f.code},
          {"filed_at", f.filed_at},
          {"demand", demand::ToJson(f.demand)},
          {"findings", Findings(f.findings)}};
}

json FindingRowToJson(const store::FindingRow& r) {
  json j = FindingToJson(r.finding);
  j["id"] = r.id;
  j["demand"] = r.demand;
  j["issuer"] = r.issuer;
  j["date"] = r.date.ToString();
  j["kind"] = demand::KindName(r.kind);
  return j;
}

json LedgerToJson(const Registry::Ledger& ledger) {
  json months = json::array();
  uint64_t total_minutes = 0, total_demands = 0;
  for (const auto& m : ledger.months) {
    json by_kind = json::object();
    for (int k = 0; k < demand::kKindCount; ++k) {
      if (m.demands[k]) by_kind[demand::KindName(static_cast<demand::Kind>(k))] = m.demands[k];
      total_demands += m.demands[k];
    }
    total_minutes += m.minutes;
    months.push_back({{"month", m.month}, {"demands", by_kind}, {"hours", m.minutes / 60.0}});
  }
  return {{"unit", ledger.unit},
          {"path", ledger.path},
          {"year", ledger.year},
          {"months", months},
          {"total", {{"demands", total_demands}, {"hours", total_minutes / 60.0}}}};
}

json UnitToJson(const units::UnitTree& tree, uint32_t u) {
  const units::Unit& unit = tree.at(u);
  json j = {{"id", unit.id}, {"name", unit.name}, {"level", units::LevelName(unit.level)}, {"path", tree.PathName(u)}};
  if (unit.organ_type) j["organ_type"] = units::OrganTypeName(*unit.organ_type);
  return j;
}

}  // namespace jianfu::registry
