// What every backend shares about audit entries and approvals: the chain's
// hash and the names stored for an approval's status.
#include <sodium.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "common.h"
#include "jianfu/store/store.h"

namespace jianfu::store {

std::string AuditHash(const AuditEntry& e) {
  const std::string text = nlohmann::json::array({e.seq, e.at, e.actor, e.action, e.object, e.detail, e.prev})
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof digest);
  for (unsigned char b : digest) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

std::optional<ListItem::List> ParseListName(std::string_view name) {
  for (auto l : {ListItem::List::kPlan, ListItem::List::kDuty, ListItem::List::kActivity})
    if (name == ListName(l)) return l;
  return std::nullopt;
}

const char* ApprovalStatusName(Approval::Status s) {
  switch (s) {
    case Approval::Status::kPending:
      return "pending";
    case Approval::Status::kApproved:
      return "approved";
    case Approval::Status::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<Approval::Status> ParseApprovalStatus(std::string_view name) {
  for (auto s : {Approval::Status::kPending, Approval::Status::kApproved, Approval::Status::kRejected})
    if (name == ApprovalStatusName(s)) return s;
  return std::nullopt;
}

namespace internal {

AuditEntry EarlierFilingsEntry(int64_t count, int64_t max_id) {
  AuditEntry e;
  e.at = static_cast<int64_t>(std::time(nullptr));
  e.actor = "system";
  e.action = "demand.batch";  // audit::kFileBatch
  e.object = "demands";
  e.detail =
      nlohmann::json{
          {"first", 1}, {"last", max_id}, {"count", count}, {"reason", "审计日志启用前已登记的事项"}}
          .dump();
  return e;
}

}  // namespace internal

}  // namespace jianfu::store
