#include "jianfu/registry/json.h"

namespace jianfu::registry {

using nlohmann::json;

json FindingToJson(const Finding& f) {
  json j = {{"rule", f.rule},           {"severity", rules::SeverityName(f.severity)},
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
  json j = {{"id", unit.id},
            {"name", unit.name},
            {"level", units::LevelName(unit.level)},
            {"path", tree.PathName(u)}};
  if (unit.organ_type) j["organ_type"] = units::OrganTypeName(*unit.organ_type);
  return j;
}

}  // namespace jianfu::registry

namespace jianfu::registry {

json ListItemToJson(const store::ListItem& item) {
  json j = {{"list", store::ListName(item.list)}, {"id", item.id}, {"unit", item.unit}, {"name", item.name}};
  if (item.list == store::ListItem::List::kDuty)
    j["category"] = item.category;
  else
    j["year"] = item.year;
  return j;
}

Result<store::ListItem> ListItemFromJson(const json& j, store::ListItem::List list) {
  const bool duty = list == store::ListItem::List::kDuty;
  auto fail = [](const std::string& field, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, message, {}, field);
  };
  if (!j.is_object()) return fail("item", "清单事项应为 JSON 对象");
  for (const auto& [key, value] : j.items()) {
    const bool known =
        key == "list" || key == "id" || key == "unit" || key == "name" || key == (duty ? "category" : "year");
    if (!known) return fail(key, "未知字段");
  }
  if (j.contains("list") && j["list"] != store::ListName(list))
    return fail("list", std::string("应为 ") + store::ListName(list));
  store::ListItem item;
  item.list = list;
  for (auto [field, out] : {std::pair{"id", &item.id}, {"unit", &item.unit}, {"name", &item.name}}) {
    if (!j.contains(field) || !j[field].is_string() || j[field].get_ref<const std::string&>().empty())
      return fail(field, "应为非空字符串");
    *out = j[field].get<std::string>();
  }
  if (duty) {
    const json c = j.value("category", json());
    if (c != "basic" && c != "cooperative" && c != "taken_back")
      return fail("category", "应为 basic（基本履职）、cooperative（配合履职）或 taken_back（上级收回）");
    item.category = c.get<std::string>();
  } else {
    const json y = j.value("year", json());
    if (!y.is_number_integer() || y.get<int64_t>() < 1900 || y.get<int64_t>() > 2199)
      return fail("year", "应为 1900—2199 的年份");
    item.year = y.get<int>();
  }
  return item;
}

json ApprovalToJson(const store::Approval& a) {
  json j = {{"id", a.id},
            {"kind", a.kind},
            {"subject", a.subject},
            {"unit", a.unit},
            {"requested_by", a.requested_by},
            {"requested_at", a.requested_at},
            {"status", store::ApprovalStatusName(a.status)}};
  if (!a.payload.empty()) j["item"] = json::parse(a.payload, nullptr, false);
  if (a.status != store::Approval::Status::kPending) {
    j["decided_by"] = a.decided_by;
    j["decided_at"] = a.decided_at;
    j["note"] = a.note;
  }
  return j;
}

}  // namespace jianfu::registry
