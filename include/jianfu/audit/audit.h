// include/jianfu/audit/audit.h
//
// The audit log (docs/audit.md): every write — a filing, an approval, an
// import, a login, a change of accounts — appends an entry that carries the
// hash of the entry before it (store::AuditEntry, kept by the Store). This
// module writes entries together with what they record, and verifies the
// chain: Verify finds an edited, deleted, inserted or reordered entry and
// says which, and a truncated tail by the filings it no longer accounts for
// or by an anchor (a head recorded elsewhere).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/store/store.h"

namespace jianfu::audit {

// Actions written by jianfu (docs/audit.md lists their details).
inline constexpr const char* kFile = "demand.file";        // object demand/ID
inline constexpr const char* kFileBatch = "demand.batch";  // detail first, last, count
inline constexpr const char* kApprovalRequest = "approval.request";
inline constexpr const char* kApprovalDecide = "approval.decide";
inline constexpr const char* kImportUnits = "import.units";
inline constexpr const char* kImportList = "import.list";
inline constexpr const char* kLogin = "login";
inline constexpr const char* kLoginFailed = "login.failed";
inline constexpr const char* kLogout = "logout";
inline constexpr const char* kUserAdd = "user.add";
inline constexpr const char* kTokenAdd = "token.add";
inline constexpr const char* kUserPassword = "user.password";  // detail reset (an administrator's), address
inline constexpr const char* kUserRemove = "user.remove";
inline constexpr const char* kTokenRevoke = "token.revoke";  // detail tokens (their ids), count

// An entry stamped now (Unix seconds); detail is dumped compactly.
store::AuditEntry Entry(std::string actor, std::string action, std::string object,
                        const nlohmann::json& detail = nlohmann::json::object());

// The actor of a command-line run: "cli:" and the OS user's name.
std::string CliActor();

// Runs `write` and appends `entry` in one transaction of `store` (its
// batch): both are stored or neither. `write` may set entry's object and
// detail from what it wrote. Errors: write's, the store's; kInvalidArgument
// when a batch is already open.
Status Recorded(store::Store& store, store::AuditEntry entry,
                const std::function<Status(store::AuditEntry& entry)>& write);

struct Problem {
  int64_t seq = 0;   // the entry at fault, or 0 for the log as a whole
  std::string what;  // Chinese
};

struct Report {
  int64_t entries = 0;
  int64_t head_seq = 0;           // the last entry
  std::string head_hash;          // its hash: record it elsewhere as an anchor
  std::vector<Problem> problems;  // the first kMaxProblems
  int64_t problem_count = 0;
  bool ok() const { return problem_count == 0; }
};
inline constexpr size_t kMaxProblems = 100;

struct Anchor {
  int64_t seq = 0;
  std::string hash;
};
// {"seq","at","actor","action","object","detail" (parsed),"prev","hash"}:
// how the API and `jianfu audit list` show an entry.
nlohmann::json ToJson(const store::AuditEntry& e);

// "SEQ:HASH" (as `jianfu audit verify` prints the head). Error names `field`.
Result<Anchor> ParseAnchor(std::string_view text, std::string_view field);

// Walks the whole log: each entry's seq follows the one before, its prev is
// the hash of the one before, its hash is AuditHash of its contents; the
// filing entries account for every stored demand (count and highest id);
// each anchor's entry exists with that hash. Errors: the store's.
Result<Report> Verify(store::Store& store, const std::vector<Anchor>& anchors = {});

}  // namespace jianfu::audit
