// include/jianfu/store/store.h
//
// Store: where the registry keeps everything — the organisation tree, the
// plan and list items (annual inspection plan, township duty lists, approved
// 创建示范 items), and every accepted filing with its findings and code.
//
// The interface is what the registry needs and no more; SQLite (OpenSqlite)
// and PostgreSQL (OpenPostgres) implement it, and OpenStore picks one by the
// form of its argument. Every write is one
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
#include <string_view>
#include <utility>
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
  std::string excerpt;           // for text findings: the sentence; else ""
  std::vector<int64_t> related;  // earlier demands this finding counts against
};

struct Filing {
  demand::Demand demand;  // demand.id is set by AddFiling
  std::vector<StoredFinding> findings;
  std::string code;      // verification code (一事一码)
  int64_t filed_at = 0;  // Unix seconds
  // When not 0: AddFiling stores nothing and fails (Error::field ==
  // kIdTaken) unless the id it assigns is this one, i.e. unless nobody else
  // (another process on the same database) filed since the caller last read
  // the demands (ForEachDemandAfter). How the registry keeps its history
  // current across processes.
  int64_t expect_id = 0;
};
inline constexpr const char* kIdTaken = "expect_id";

// Items of the lists that rules consult, imported from CSV.
struct ListItem {
  enum class List : uint8_t { kPlan, kDuty, kActivity };
  List list = List::kPlan;
  std::string id;
  std::string unit;  // plan: the organ that runs it; duty: the township; activity: the organiser
  std::string name;
  std::string category;  // duty: basic | cooperative | taken_back; else ""
  int year = 0;          // plan and activity: the year approved; duty: 0
};
const char* ListName(ListItem::List list);                           // "plan", "duty", "activity"
std::optional<ListItem::List> ParseListName(std::string_view name);  // nullopt for any other name

// Keyset pagination: rows with id > after, ascending, at most limit.
struct Page {
  int64_t after = 0;
  size_t limit = 100;
};

// Which filings a unit sees and which reach it, by the tree in the units
// table (docs/server.md, "Accounts and authorisation"). A demand reaches
// unit U when one of its targets is rooted in U's subtree, or is rooted
// above U and covers U (levels, organ types) or, for a region U, covers a
// level below U's. A caller bounded to U's subtree sees a demand issued in
// that subtree or reaching U: server::Api::CanSee, evaluated in SQL so that
// a page of a list holds only visible rows.
struct DemandFilter {
  std::optional<int> year;
  std::optional<std::string> issuer;
  std::optional<demand::Kind> kind;
  std::optional<std::string> visible_to;  // a unit: what a caller bounded to its subtree may see
  std::optional<std::string> reaching;    // a unit: the demands that reach it
};

struct FindingFilter {
  std::optional<int> year;
  std::optional<std::string> issuer;
  std::optional<std::string> rule;
  std::optional<demand::Kind> kind;       // of the demand the finding is on
  std::optional<std::string> visible_to;  // of the demand, as in DemandFilter
  std::optional<std::string> reaching;
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

// One entry of the audit log (docs/audit.md): every write — a filing, an
// approval, an import, a login, a change of accounts — appends one. Each
// entry carries the hash of the one before, so an edited, deleted or
// reordered entry breaks the chain (jianfu::audit::Verify).
struct AuditEntry {
  int64_t seq = 0;     // 1, 2, 3, … assigned by AppendAudit
  int64_t at = 0;      // Unix seconds
  std::string actor;   // account name, "cli:<OS user>", or "" (anonymous)
  std::string action;  // "demand.file", "login", "approval.decide", …
  std::string object;  // "demand/17", "account/li", "approval/3", …
  std::string detail;  // a JSON object, compact
  std::string prev;    // the previous entry's hash; 64 zeros for the first
  std::string hash;    // AuditHash(*this)
};
// Hex SHA-256 of the UTF-8 JSON array [seq, at, actor, action, object,
// detail, prev] as nlohmann::json dumps it compactly (docs/audit.md), so
// anyone can recompute it without jianfu.
std::string AuditHash(const AuditEntry& e);
inline constexpr std::string_view kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

// A request for the burden-reduction office's approval, and its decision:
// a list item proposed by a filing unit (an inspection for the annual plan,
// a 创建示范 activity, a township duty), or the exception a filing claims
// with its justification (a qualified rule it breaks, 一般/原则上).
struct Approval {
  enum class Status : uint8_t { kPending, kApproved, kRejected };
  int64_t id = 0;
  std::string kind;     // plan | duty | activity | exception
  std::string subject;  // the list item's id; for an exception, the demand's id
  std::string unit;     // the unit concerned: the item's unit, the demand's issuer
  std::string payload;  // a list item: its JSON (registry/json.h); an exception: ""
  std::string requested_by;
  int64_t requested_at = 0;
  Status status = Status::kPending;
  std::string decided_by;  // "" while pending
  int64_t decided_at = 0;
  std::string note;  // the decision's reason, Chinese
};
const char* ApprovalStatusName(Approval::Status s);  // pending | approved | rejected
std::optional<Approval::Status> ParseApprovalStatus(std::string_view name);

struct ApprovalFilter {
  std::optional<Approval::Status> status;
  std::optional<std::string> kind;
  std::optional<std::string> subject;
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
  virtual Result<int64_t> AddFiling(Filing& filing,
                                    const std::function<std::string(int64_t id)>& make_code) = 0;
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
  // The stored demands with id > after, in id order: what other processes
  // filed since. Ids become visible in id order on both backends, so this is
  // complete. Default: ForEachDemand, filtered.
  virtual Status ForEachDemandAfter(int64_t after, const std::function<void(demand::Demand&&)>& visit) {
    return ForEachDemand([&](demand::Demand&& d) {
      if (d.id > after) visit(std::move(d));
    });
  }
  // Whether another connection may have stored something since the last
  // call: false only when certainly not, by a local check (SQLite: PRAGMA
  // data_version; PostgreSQL: LISTEN/NOTIFY, no round trip). The first call
  // says true. Lets the registry skip ForEachDemandAfter on most filings; a
  // commit whose news is still on its way is caught by Filing::expect_id.
  // Default: always true.
  virtual bool MayHaveNewDemands() { return true; }

  // Copies what the write-ahead log holds into the database file without
  // waiting for or blocking writers (SQLite: a passive checkpoint), so the
  // commit that crosses the automatic checkpoint's size need not do it —
  // with its disk syncs — while holding the write lock. The server calls
  // it every second from a thread of its own. True when it checkpointed;
  // false when this backend has nothing to do (PostgreSQL, whose server
  // checkpoints by itself: the default), so the caller can stop asking.
  virtual Result<bool> Checkpoint() { return false; }

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
  // Rolls the open batch back: nothing written since BeginBatch() stays.
  // Without an open batch: nothing.
  virtual Status AbortBatch() { return Ok{}; }

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
  // An account's lifecycle (docs/server.md). SetPassword replaces the
  // password hash and ends the account's login sessions but `keep` (a token
  // hash, "" for none); its API tokens stay. RemoveAccount deletes the
  // account with all its sessions and API tokens. Both: kNotFound (field
  // "name") when there is no such account.
  virtual Status SetPassword(const std::string& name, const std::string& password_hash,
                             const std::string& keep) = 0;
  virtual Status RemoveAccount(const std::string& name) = 0;
  // The account's sessions and API tokens, expired ones included, oldest first.
  virtual Result<std::vector<SessionRecord>> ListSessions(const std::string& account) = 0;

  // The audit log. AppendAudit sets entry.seq, .prev and .hash from the last
  // entry and stores it, in its own transaction or in the open batch (so a
  // write and its entry commit together: audit::Recorded). Concurrent
  // appends from several connections or processes are serialised.
  virtual Status AppendAudit(AuditEntry& entry) = 0;
  // Entries with seq > after, in seq order, until visit returns false.
  virtual Status ForEachAudit(int64_t after, const std::function<bool(const AuditEntry&)>& visit) = 0;
  // How many demands are stored and the highest id (0, 0 when none): what
  // the audit log's filing entries must account for.
  virtual Result<std::pair<int64_t, int64_t>> CountDemands() = 0;

  // Approvals. AddApproval sets approval.id. DecideApproval records the
  // decision on a pending request; kConflict when it is no longer pending,
  // kNotFound when there is none.
  virtual Status AddApproval(Approval& approval) = 0;
  virtual Result<std::optional<Approval>> GetApproval(int64_t id) = 0;
  virtual Result<std::vector<Approval>> ListApprovals(const ApprovalFilter& filter, const Page& page) = 0;
  virtual Status DecideApproval(const Approval& decision) = 0;
};

// Opens (creating when asked) a SQLite database and migrates it to the
// current schema. WAL journal, foreign keys on. Errors name the file.
Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& path, bool create);

// Opens (creating the tables when asked) a PostgreSQL database given by a
// libpq connection string ("postgresql://user@host:5432/jianfu" or
// "host=… dbname=…"), and migrates it to the current schema. The database
// itself must exist, in UTF8; the tables go into the first schema of the
// search_path. Several processes may share it (docs/registry.md,
// "PostgreSQL"). Errors name the database as user@host:port/dbname, never
// with its password. Without create, a database without jianfu's tables is
// kNotFound.
Result<std::unique_ptr<Store>> OpenPostgres(const std::string& conninfo, bool create);

// Whether `where` names a PostgreSQL database: a postgresql:// or
// postgres:// URI, or a keyword string whose first word is a libpq
// connection keyword (host=…, dbname=…, service=…). Anything else is a path.
bool IsPostgres(std::string_view where);

// `where` for messages: a path as it is, a connection string without its
// password (postgresql://user@host:port/dbname).
std::string DisplayName(const std::string& where);

// OpenPostgres or OpenSqlite, by IsPostgres(where).
Result<std::unique_ptr<Store>> OpenStore(const std::string& where, bool create);

// Undoes OpenStore(where, /*create=*/true) with everything stored since: a
// SQLite file with its -wal and -shm, or jianfu's tables in a PostgreSQL
// database (the database and its schema stay). For a command that created
// a database and failed half-way (jianfu demo generate); its stores should
// be closed first. No store there is not an error.
Status RemoveStore(const std::string& where);

// The schema version this build writes (SQLite: PRAGMA user_version;
// PostgreSQL: the schema_version table). Version N is the same logical
// schema on both.
inline constexpr int kSchemaVersion = 4;

}  // namespace jianfu::store
