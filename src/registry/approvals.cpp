// Approvals: list items proposed for the office's approval, and decisions
// on them and on the exceptions filings claim (docs/approvals.md).
#include <ctime>

#include "impl.h"
#include "jianfu/audit/audit.h"
#include "jianfu/registry/json.h"

namespace jianfu::registry {

Result<std::vector<store::Approval>> Registry::ProposeListItems(const std::vector<store::ListItem>& items,
                                                                const std::string& actor) {
  Impl& m = *impl_;
  if (auto s = m.CheckListItems(items); !s.ok()) return s.error();
  std::vector<store::Approval> out;
  const auto now = static_cast<int64_t>(std::time(nullptr));
  auto s = audit::Recorded(*m.store, audit::Entry(actor, audit::kApprovalRequest, "approvals"),
                           [&](store::AuditEntry& e) -> Status {
                             nlohmann::json ids = nlohmann::json::array();
                             for (const auto& it : items) {
                               store::Approval a;
                               a.kind = store::ListName(it.list);
                               a.subject = it.id;
                               a.unit = it.unit;
                               a.payload = ListItemToJson(it).dump();
                               a.requested_by = actor;
                               a.requested_at = now;
                               if (auto s = m.store->AddApproval(a); !s.ok()) return s;
                               ids.push_back(a.id);
                               out.push_back(std::move(a));
                             }
                             e.detail = nlohmann::json{{"approvals", std::move(ids)}}.dump();
                             return Ok{};
                           });
  if (!s.ok()) return s.error();
  return out;
}

Result<store::Approval> Registry::Decide(int64_t id, store::Approval::Status decision,
                                         const std::string& note, const std::string& actor) {
  Impl& m = *impl_;
  if (decision == store::Approval::Status::kPending)
    return MakeError(ErrorCode::kInvalidArgument, "决定应为 approved（批准）或 rejected（驳回）", {},
                     "decision");
  auto found = m.store->GetApproval(id);
  if (!found) return found.error();
  if (!*found) return MakeError(ErrorCode::kNotFound, "审批 " + std::to_string(id) + " 不存在", {}, "id");
  store::Approval a = std::move(**found);
  if (a.status != store::Approval::Status::kPending)
    return MakeError(ErrorCode::kConflict,
                     "审批 " + std::to_string(id) + " 已由 " + a.decided_by + " " +
                         (a.status == store::Approval::Status::kApproved ? "批准" : "驳回") +
                         "，不能再次决定",
                     {}, "id");
  // An approved list item joins its list: check it against today's tree.
  std::optional<store::ListItem> item;
  if (auto list = store::ParseListName(a.kind); list && decision == store::Approval::Status::kApproved) {
    auto parsed = ListItemFromJson(nlohmann::json::parse(a.payload, nullptr, false), *list);
    if (!parsed) return parsed.error();
    if (auto s = m.CheckListItems({*parsed}); !s.ok()) return s.error();
    item = std::move(*parsed);
  }
  a.status = decision;
  a.decided_by = actor;
  a.decided_at = static_cast<int64_t>(std::time(nullptr));
  a.note = note;
  auto entry = audit::Entry(actor, audit::kApprovalDecide, "approval/" + std::to_string(id),
                            {{"decision", store::ApprovalStatusName(decision)},
                             {"kind", a.kind},
                             {"subject", a.subject},
                             {"note", note}});
  auto s = audit::Recorded(*m.store, std::move(entry), [&](store::AuditEntry&) -> Status {
    if (auto s = m.store->DecideApproval(a); !s.ok()) return s;
    return item ? m.store->UpsertListItems({*item}) : Status(Ok{});
  });
  if (!s.ok()) return s.error();
  if (item) m.lists.Add(*item);
  return a;
}

}  // namespace jianfu::registry
