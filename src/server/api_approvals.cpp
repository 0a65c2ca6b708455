// The office's approvals and list imports, and the audit log:
// POST /api/v1/lists/{list}, GET /api/v1/approvals[/{id}],
// POST /api/v1/approvals/{id}, GET /api/v1/audit.

#include "api.h"
#include "jianfu/audit/audit.h"
#include "jianfu/registry/json.h"

namespace jianfu::server {

using nlohmann::json;

namespace {

Reply BadJson() {
  return ErrorReply(http::status::bad_request, "invalid_json", "请求体不是合法的 JSON");
}

// The status of a library error from a write the caller asked for.
http::status StatusOf(const Error& e) {
  switch (e.code) {
    case ErrorCode::kNotFound:
      return http::status::not_found;
    case ErrorCode::kConflict:
      return http::status::conflict;
    case ErrorCode::kInvalidArgument:
      return http::status::unprocessable_entity;
    default:
      return http::status::internal_server_error;
  }
}

}  // namespace

Reply Api::ImportList(const Call& call) {
  using List = store::ListItem::List;
  const std::string& name = call.params.at("list");
  const std::optional<List> list = store::ParseListName(name);
  if (!list)
    return ErrorReply(http::status::not_found, "not_found",
                      "没有清单“" + name + "”（plan、duty 或 activity）", "list");
  if (!HasContentType(call.request, "application/json")) return UnsupportedMediaType("application/json");
  const json j = json::parse(call.request.body(), nullptr, false);
  if (j.is_discarded()) return BadJson();
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array() || j["items"].empty())
    return ErrorReply(http::status::unprocessable_entity, "missing_field", "缺少字段 items（非空数组）",
                      "items");
  for (const auto& [key, value] : j.items())
    if (key != "items")
      return ErrorReply(http::status::unprocessable_entity, "unknown_field", "未知字段", key);
  constexpr size_t kMaxItems = 10000;
  if (j["items"].size() > kMaxItems)
    return ErrorReply(http::status::payload_too_large, "too_large",
                      "一次最多 " + std::to_string(kMaxItems) + " 项", "items");
  std::vector<store::ListItem> items;
  for (size_t i = 0; i < j["items"].size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "]";
    auto item = registry::ListItemFromJson(j["items"][i], *list);
    if (!item)
      return ErrorReply(http::status::unprocessable_entity, "invalid_field", item.error().message,
                        at + "." + item.error().field);
    if (!InScope(call.principal, item->unit))
      return ErrorReply(http::status::forbidden, "out_of_scope", "只能为本单位及下属单位提出清单事项",
                        at + ".unit");
    items.push_back(std::move(*item));
  }
  const auto role = call.principal.role;
  // An office (or administrator) imports: the import is its approval. A
  // filing unit proposes: the office of its region decides.
  const bool approves = call.principal.everywhere() || role == accounts::Role::kOffice;
  std::unique_lock lock(registry_mu_);
  if (approves) {
    if (auto s = services_.registry->ImportListItems(items, call.principal.name); !s.ok())
      return ErrorReply(StatusOf(s.error()), s.error());
    return JsonReply(http::status::created, {{"imported", items.size()}, {"list", name}});
  }
  auto proposed = services_.registry->ProposeListItems(items, call.principal.name);
  if (!proposed) return ErrorReply(StatusOf(proposed.error()), proposed.error());
  json out = {{"approvals", json::array()}};
  for (const auto& a : *proposed) out["approvals"].push_back(registry::ApprovalToJson(a));
  return JsonReply(http::status::accepted, out);
}

Reply Api::ListApprovals(const Call& call) {
  store::ApprovalFilter filter;
  store::Page page;
  if (auto bad = ReadPage(call, page)) return std::move(*bad);
  if (const std::string* s = call.Query("status")) {
    filter.status = store::ParseApprovalStatus(*s);
    if (!filter.status)
      return ErrorReply(http::status::bad_request, "invalid_parameter",
                        "status 应为 pending、approved 或 rejected", "status");
  }
  if (const std::string* k = call.Query("kind")) {
    if (*k != "plan" && *k != "duty" && *k != "activity" && *k != "exception")
      return ErrorReply(http::status::bad_request, "invalid_parameter",
                        "kind 应为 plan、duty、activity 或 exception", "kind");
    filter.kind = *k;
  }
  // Pages of the store, filtered to the caller's subtree, until the reply is
  // full; a bounded number of rows is read per request, and next_after lets
  // the client go on from the last row read.
  json out = {{"approvals", json::array()}};
  store::Page scan{page.after, page.limit};
  constexpr int kMaxScans = 20;
  for (int n = 0; n < kMaxScans; ++n) {
    std::vector<store::Approval> rows;
    Reply failed = WithReader([&](store::Store& store) {
      auto list = store.ListApprovals(filter, scan);
      if (!list) return ErrorReply(http::status::internal_server_error, list.error());
      rows = std::move(*list);
      return Reply{};
    });
    if (!failed.body.empty()) return failed;
    for (const auto& a : rows) {
      scan.after = a.id;
      if (!InScope(call.principal, a.unit)) continue;
      out["approvals"].push_back(registry::ApprovalToJson(a));
      if (out["approvals"].size() == page.limit) break;
    }
    if (out["approvals"].size() == page.limit || rows.size() < scan.limit) {
      if (out["approvals"].size() == page.limit) out["next_after"] = scan.after;
      return JsonReply(http::status::ok, out);
    }
  }
  out["next_after"] = scan.after;
  return JsonReply(http::status::ok, out);
}

Reply Api::GetApproval(const Call& call) {
  const auto id = PathId(call);
  if (!id) return ErrorReply(http::status::bad_request, "invalid_parameter", "审批编号应为正整数", "id");
  std::optional<store::Approval> approval;
  Reply failed = WithReader([&](store::Store& store) {
    auto a = store.GetApproval(*id);
    if (!a) return ErrorReply(http::status::internal_server_error, a.error());
    approval = std::move(*a);
    return Reply{};
  });
  if (!failed.body.empty()) return failed;
  // One outside the caller's subtree is as absent as one that does not exist.
  if (!approval || !InScope(call.principal, approval->unit))
    return ErrorReply(http::status::not_found, "not_found", "审批 " + std::to_string(*id) + " 不存在");
  return JsonReply(http::status::ok, registry::ApprovalToJson(*approval));
}

Reply Api::DecideApproval(const Call& call) {
  const auto id = PathId(call);
  if (!id) return ErrorReply(http::status::bad_request, "invalid_parameter", "审批编号应为正整数", "id");
  if (!HasContentType(call.request, "application/json")) return UnsupportedMediaType("application/json");
  const json j = json::parse(call.request.body(), nullptr, false);
  if (j.is_discarded()) return BadJson();
  if (!j.is_object() || !j.contains("decision") || !j["decision"].is_string())
    return ErrorReply(http::status::unprocessable_entity, "missing_field",
                      "缺少字段 decision（approved 或 rejected）", "decision");
  for (const auto& [key, value] : j.items())
    if (key != "decision" && key != "note")
      return ErrorReply(http::status::unprocessable_entity, "unknown_field", "未知字段", key);
  const auto decision = store::ParseApprovalStatus(j["decision"].get<std::string>());
  if (!decision || *decision == store::Approval::Status::kPending)
    return ErrorReply(http::status::unprocessable_entity, "invalid_field",
                      "decision 应为 approved 或 rejected", "decision");
  std::string note;
  if (j.contains("note")) {
    if (!j["note"].is_string() || j["note"].get_ref<const std::string&>().size() > 2000)
      return ErrorReply(http::status::unprocessable_entity, "invalid_field",
                        "note 应为不超过 2000 字节的字符串", "note");
    note = j["note"].get<std::string>();
  }
  if (*decision == store::Approval::Status::kRejected && note.empty())
    return ErrorReply(http::status::unprocessable_entity, "missing_field", "驳回须写明理由（note）", "note");
  // Scope first: an approval outside the caller's subtree is not found.
  Reply scoped = GetApproval(call);
  if (scoped.status != http::status::ok) return scoped;
  std::unique_lock lock(registry_mu_);
  auto decided = services_.registry->Decide(*id, *decision, note, call.principal.name);
  if (!decided) return ErrorReply(StatusOf(decided.error()), decided.error());
  return JsonReply(http::status::ok, registry::ApprovalToJson(*decided));
}

Reply Api::ListAudit(const Call& call) {
  store::Page page;
  if (auto bad = ReadPage(call, page)) return std::move(*bad);
  return WithReader([&](store::Store& store) {
    json out = {{"entries", json::array()}};
    auto s = store.ForEachAudit(page.after, [&](const store::AuditEntry& e) {
      out["entries"].push_back(audit::ToJson(e));
      return out["entries"].size() < page.limit;
    });
    if (!s.ok()) return ErrorReply(http::status::internal_server_error, s.error());
    if (out["entries"].size() == page.limit) out["next_after"] = out["entries"].back()["seq"];
    return JsonReply(http::status::ok, out);
  });
}

}  // namespace jianfu::server
