// include/jianfu/store/store.h
//
// Store: where the registry keeps everything — the organisation tree, the
// plan and list items (annual inspection plan, township duty lists, approved
// 创建示范 items), and every accepted filing with its findings and code.
//
// The interface is what the registry needs and no more; SQLite implements it
// now (OpenSqlite) and PostgreSQL will implement the same. Every write is one
// transaction: a filing, its targets, findings and code are stored together
// or not at all. Schema changes are numbered migrations applied on open.
//
// A Store is used from one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianfu/core/date.h"
#include "jianfu/core/result.h"
#include "jianfu/demand/demand.h"
#include "jianfu/rules/severity.h"
#include "jianfu/units/scope.h"

namespace jianfu::store {

// One finding as stored with its filing.
struct StoredFinding {
  std::string rule;  // "MTG-20", "BUR-REPORT", …
  rules::Severity severity = rules::Severity::kWarn;
  bool justified = false;  // a qualified rule (一般/原则上) met by a justification
  std::string title;       // Chinese
  std::string message;     // Chinese
  std::string citation;
  std::string excerpt;            // for text findings: the sentence; else ""
  std::vector<int64_t> related;  // earlier demands this finding counts against
};

struct Filing {
  demand::Demand demand;  // demand.id is set by AddFiling
  std::vector<StoredFinding> findings;
  std::string code;  // verification code (一事一码)
  int64_t filed_at = 0;  // Unix seconds
};

// Items of the lists that rules consult, imported from CSV.
struct ListItem {
  enum class List : uint8_t { kPlan, kDuty, kActivity };
  List list = List::kPlan;
  std::string id;
  std::string unit;      // plan: the organ that runs it; duty: the township; activity: the organiser
  std::string name;
  std::string category;  // duty: basic | cooperative | taken_back; else ""
  int year = 0;          // plan and activity: the year approved; duty: 0
};
const char* ListName(ListItem::List list);  // "plan", "duty", "activity"

// Keyset pagination: rows with id > after, ascending, at most limit.
struct Page {
  int64_t after = 0;
  size_t limit = 100;
};

struct DemandFilter {
  std::optional<int> year;
  std::optional<std::string> issuer;
  std::optional<demand::Kind> kind;
};

struct FindingFilter {
  std::optional<int> year;
  std::optional<std::string> issuer;
  std::optional<std::string> rule;
  std::optional<demand::Kind> kind;  // of the demand the finding is on
};

struct FindingRow {
  int64_t id = 0;
  int64_t demand = 0;
  std::string issuer;
  Date date;
  demand::Kind kind = demand::Kind::kDocument;
  StoredFinding finding;
};

// A local account (docs/server.md): a login name, its password as an
// Argon2id hash string (libsodium crypto_pwhash_str), a role and the unit
// whose subtree the role covers.
struct Account {
  std::string name;
  std::string password_hash;
  std::string role;  // filer | grassroots | office | auditor | admin
  std::string unit;
  int64_t created_at = 0;  // Unix seconds
};

// A login session, or an API token for a system integration. Only a hash
// of the token is stored, so a copy of the database does not let anyone
// log in.
struct SessionRecord {
  enum class Kind : uint8_t { kSession, kApiToken };
  std::string token_hash;  // hex
  std::string account;
  std::string csrf;  // sessions: what the client echoes in X-CSRF-Token on writes; API tokens: ""
  int64_t created_at = 0, expires_at = 0;  // Unix seconds
  Kind kind = Kind::kSession;
};

class Store {
 public:
  virtual ~Store() = default;

  // Units: insert or replace by id, all in one transaction.
  virtual Status UpsertUnits(const std::vector<units::UnitRecord>& units) = 0;
  virtual Result<std::vector<units::UnitRecord>> LoadUnits() = 0;

  virtual Status UpsertListItems(const std::vector<ListItem>& items) = 0;
  virtual Result<std::vector<ListItem>> LoadListItems() = 0;

  // Stores a filing in one transaction. The id is assigned first and given
  // to make_code, whose result is stored as the code (the code signs the id).
  // Sets filing.demand.id and filing.code. On error nothing is stored.
  virtual Result<int64_t> AddFiling(Filing& filing, const std::function<std::string(int64_t id)>& make_code) = 0;
  virtual Result<std::optional<Filing>> GetFiling(int64_t id) = 0;
  // The verification code stored with filing `id`, if there is such a
  // filing: what GET /api/v1/verify compares a presented code with. The
  // default reads the whole filing; a store may read the code alone.
  virtual Result<std::optional<std::string>> GetCode(int64_t id) {
    auto filing = GetFiling(id);
    if (!filing) return filing.error();
    if (!filing->has_value()) return std::optional<std::string>{};
    return std::optional<std::string>{std::move((*filing)->code)};
  }
  virtual Result<std::vector<Filing>> ListFilings(const DemandFilter& filter, const Page& page) = 0;
  virtual Result<std::vector<FindingRow>> ListFindings(const FindingFilter& filter, const Page& page) = 0;
  // Every stored demand in id order, for rebuilding the in-memory history.
  virtual Status ForEachDemand(const std::function<void(demand::Demand&&)>& visit) = 0;

  // Bulk loading (jianfu demo generate, imports). Between BeginBatch() and
  // CommitBatch() the store may write every AddFiling into one transaction
  // that is made durable, and visible to other connections, only at
  // CommitBatch(); each filing stays all or nothing (a failed AddFiling leaves
  // nothing of itself, and the filings before it stay in the batch). A store
  // destroyed with a batch open loses that batch. Other writes may be made
  // inside a batch. Errors: BeginBatch when a batch is open (kInvalidArgument),
  // a storage failure. Default: no batching, every filing commits at once.
  virtual Status BeginBatch() { return Ok{}; }
  virtual Status CommitBatch() { return Ok{}; }

  // Filling a database that nobody queries meanwhile (jianfu demo generate):
  // until EndBulkLoad() the store may drop the indexes that only queries use
  // (by issuer, by target unit), so that millions of filings append rows
  // instead of rewriting random index pages, and build them again at the
  // end. Queries in between are correct but may be slow; a store opened after
  // an interrupted bulk load rebuilds what is missing. Default: nothing.
  virtual Status BeginBulkLoad() { return Ok{}; }
  virtual Status EndBulkLoad() { return Ok{}; }

  // Accounts: AddAccount refuses an existing name (kInvalidArgument, field "name").
  virtual Status AddAccount(const Account& account) = 0;
  virtual Result<std::optional<Account>> GetAccount(const std::string& name) = 0;
  virtual Result<std::vector<Account>> ListAccounts() = 0;
  // Sessions: AddSession also deletes the sessions expired at `now`.
  virtual Status AddSession(const SessionRecord& session, int64_t now) = 0;
  virtual Result<std::optional<SessionRecord>> GetSession(const std::string& token_hash) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
};

// Opens (creating when asked) a SQLite database and migrates it to the
// current schema. WAL journal, foreign keys on. Errors name the file.
Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& path, bool create);

// The schema version this build writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 2;

}  // namespace jianfu::store
