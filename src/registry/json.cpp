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

}  // namespace jianfu::registry
