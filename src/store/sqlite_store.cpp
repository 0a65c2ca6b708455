// The SQLite Store. A demand is kept whole as its JSON (the form the API
// reads, so nothing is lost) beside the columns that queries filter on;
// targets and findings have their own tables.
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

#include "common.h"
#include "jianfu/store/store.h"
#include "sqlite.h"
#include "sqlite_records.h"

namespace jianfu::store {
namespace {

using internal::OrganTypesJson;
using nlohmann::json;
using sqlite::Stmt;

// Indexes that only queries use, never the registry's filing path: dropped
// by BeginBulkLoad, built by EndBulkLoad, and recreated on open when an
// interrupted bulk load left them out. (Their definitions match migration 0.)
constexpr const char* kQueryIndexes[][2] = {
    {"demands_issuer", "CREATE INDEX IF NOT EXISTS demands_issuer ON demands (issuer, kind, date)"},
    {"targets_unit", "CREATE INDEX IF NOT EXISTS targets_unit ON targets (unit)"},
};

class SqliteStore final : public Store {
 public:
  Status Open(const std::filesystem::path& path, bool create) {
    if (!create && !std::filesystem::exists(path))
      return MakeError(ErrorCode::kNotFound, "数据库不存在（先运行 jianfu init）", path.string());
    if (auto s = db_.Open(path.string(), create); !s.ok()) return s;
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-131072",
                               // A checkpoint runs inside the commit that crosses this many
                               // WAL pages (about 40 MB), and it is what sets a filing's p99:
                               // at SQLite's default of 1,000 one filing in a hundred paid it
                               // (national demo year, docs/PERFORMANCE.md "Registry").
                               "PRAGMA wal_autocheckpoint=10000"})
      if (auto s = db_.Exec(pragma); !s.ok()) return s;
    if (auto s = Migrate(); !s.ok()) return s;
    // Best effort: while another process bulk-loads, it holds the write lock
    // and will build them itself; queries are correct without them.
    (void)CreateQueryIndexes();
    return Ok{};
  }

  Status UpsertUnits(const std::vector<units::UnitRecord>& list) override {
    sqlite::Transaction tx(db_);
    if (!tx.status().ok()) return tx.status();
    Stmt st(
        db_,
        "INSERT OR REPLACE INTO units (id, name, level, organ_type, parent, region) VALUES (?,?,?,?,?,?)");
    for (const auto& u : list) {
      st.Reset();
      st.Bind(1, u.id).Bind(2, u.name).Bind(3, static_cast<int64_t>(u.level));
      if (u.organ_type)
        st.Bind(4, static_cast<int64_t>(*u.organ_type));
      else
        st.BindNull(4);
      st.Bind(5, u.parent).Bind(6, u.region);
      if (auto s = st.Run(); !s.ok()) return s;
    }
    return tx.Commit();
  }

  Result<std::vector<units::UnitRecord>> LoadUnits() override {
    std::vector<units::UnitRecord> out;
    Stmt st(db_, "SELECT id, name, level, organ_type, parent, region FROM units");
    while (st.Step()) {
      units::UnitRecord u;
      u.id = st.Text(0);
      u.name = st.Text(1);
      u.level = static_cast<units::Level>(st.Int(2));
      if (!st.IsNull(3)) u.organ_type = static_cast<units::OrganType>(st.Int(3));
      u.parent = st.Text(4);
      u.region = st.Text(5);
      out.push_back(std::move(u));
    }
    if (st.failed()) return db_.Fail("读取单位失败");
    return out;
  }

  Status UpsertListItems(const std::vector<ListItem>& items) override {
    sqlite::Transaction tx(db_);
    if (!tx.status().ok()) return tx.status();
    Stmt st(db_,
            "INSERT OR REPLACE INTO list_items (list, id, unit, name, category, year) VALUES (?,?,?,?,?,?)");
    for (const auto& it : items) {
      st.Reset();
      st.Bind(1, ListName(it.list)).Bind(2, it.id).Bind(3, it.unit).Bind(4, it.name).Bind(5, it.category);
      st.Bind(6, static_cast<int64_t>(it.year));
      if (auto s = st.Run(); !s.ok()) return s;
    }
    return tx.Commit();
  }

  Result<std::vector<ListItem>> LoadListItems() override {
    std::vector<ListItem> out;
    Stmt st(db_, "SELECT list, id, unit, name, category, year FROM list_items");
    while (st.Step()) {
      ListItem it;
      it.list = ParseListName(st.Text(0)).value_or(ListItem::List::kPlan);
      it.id = st.Text(1);
      it.unit = st.Text(2);
      it.name = st.Text(3);
      it.category = st.Text(4);
      it.year = static_cast<int>(st.Int(5));
      out.push_back(std::move(it));
    }
    if (st.failed()) return db_.Fail("读取清单失败");
    return out;
  }

  Result<int64_t> AddFiling(Filing& f, const std::function<std::string(int64_t)>& make_code) override {
    if (auto s = PrepareFiling(); !s.ok()) return s.error();
    sqlite::Transaction tx(db_);
    if (!tx.status().ok()) return tx.status().error();
    auto& d = f.demand;
    if (!f.filed_at) f.filed_at = static_cast<int64_t>(std::time(nullptr));
    // The transaction holds the write lock: nobody else can take this id.
    Stmt& next = filing_->next_id;
    next.Reset();
    if (!next.Step()) return db_.Fail("分配事项编号失败");
    d.id = next.Int(0);
    next.Reset();
    if (f.expect_id && d.id != f.expect_id) {
      d.id = 0;
      return MakeError(ErrorCode::kInvalidArgument, "事项编号已被其他进程占用，请重新读取后再登记",
                       db_.path(), kIdTaken);
    }
    f.code = make_code(d.id);

    Stmt& ins = filing_->demand;
    ins.Reset();
    ins.Bind(1, d.id)
        .Bind(2, demand::KindName(d.kind))
        .Bind(3, d.issuer)
        .Bind(4, d.title)
        .Bind(5, d.date.ToString());
    ins.Bind(6, static_cast<int64_t>(d.date.year())).Bind(7, demand::ToJson(d).dump()).Bind(8, f.code);
    ins.Bind(9, f.filed_at);
    if (auto s = ins.Run(); !s.ok()) return s.error();
    Stmt& tgt = filing_->target;
    for (const auto& t : d.targets) {
      tgt.Reset();
      tgt.Bind(1, d.id)
          .Bind(2, t.unit)
          .Bind(3, static_cast<int64_t>(t.levels))
          .Bind(4, OrganTypesJson(t).dump());
      if (auto s = tgt.Run(); !s.ok()) return s.error();
    }
    Stmt& fnd = filing_->finding;
    for (const auto& x : f.findings) {
      fnd.Reset();
      fnd.Bind(1, d.id)
          .Bind(2, x.rule)
          .Bind(3, rules::SeverityName(x.severity))
          .Bind(4, int64_t{x.justified});
      fnd.Bind(5, x.title).Bind(6, x.message).Bind(7, x.citation).Bind(8, x.excerpt);
      fnd.Bind(9, json(x.related).dump());
      if (auto s = fnd.Run(); !s.ok()) return s.error();
    }
    if (auto s = tx.Commit(); !s.ok()) return s.error();
    return d.id;
  }

  Status BeginBatch() override {
    if (batch_) return MakeError(ErrorCode::kInvalidArgument, "批量写入已经开始", db_.path());
    if (auto s = db_.Exec("BEGIN IMMEDIATE"); !s.ok()) return s;
    batch_ = true;
    return Ok{};
  }

  Status CommitBatch() override {
    if (!batch_) return Ok{};
    batch_ = false;
    if (auto s = db_.Exec("COMMIT"); !s.ok()) {
      (void)db_.Exec("ROLLBACK");
      return s;
    }
    return Ok{};
  }

  Status AbortBatch() override {
    if (!batch_) return Ok{};
    batch_ = false;
    return db_.Exec("ROLLBACK");
  }

  Status BeginBulkLoad() override {
    for (const auto& index : kQueryIndexes)
      if (auto s = db_.Exec(std::string("DROP INDEX IF EXISTS ") + index[0]); !s.ok()) return s;
    return Ok{};
  }

  Status EndBulkLoad() override { return CreateQueryIndexes(); }

  ~SqliteStore() override {
    filing_.reset();
    data_version_.reset();
    if (batch_) (void)db_.Exec("ROLLBACK");
  }

  Result<std::optional<Filing>> GetFiling(int64_t id) override {
    auto list = Filings(
        "WHERE id = ?", [&](Stmt& st) { st.Bind(1, id); }, 1);
    if (!list) return list.error();
    if (list->empty()) return std::optional<Filing>{};
    return std::optional<Filing>{std::move(list->front())};
  }

  // The code column alone: no demand JSON to decode, no findings to read
  // (verify asks this for every code it is shown).
  Result<std::optional<std::string>> GetCode(int64_t id) override {
    Stmt st(db_, "SELECT code FROM demands WHERE id = ?");
    st.Bind(1, id);
    if (st.Step()) return std::optional<std::string>{st.Text(0)};
    if (st.failed()) return db_.Fail("读取验证码失败");
    return std::optional<std::string>{};
  }

  Result<std::vector<Filing>> ListFilings(const DemandFilter& f, const Page& page) override {
    std::string where = "WHERE id > ?1";
    if (f.year) where += " AND year = ?2";
    if (f.issuer) where += " AND issuer = ?3";
    if (f.kind) where += " AND kind = ?4";
    if (f.visible_to) where += " AND " + internal::ReachesSql("?7", true);
    if (f.reaching) where += " AND " + internal::ReachesSql("?8", false);
    return Filings(
        where,
        [&](Stmt& st) {
          st.Bind(1, page.after);
          if (f.year) st.Bind(2, int64_t{*f.year});
          if (f.issuer) st.Bind(3, *f.issuer);
          if (f.kind) st.Bind(4, demand::KindName(*f.kind));
          if (f.visible_to) st.Bind(7, *f.visible_to);
          if (f.reaching) st.Bind(8, *f.reaching);
        },
        page.limit);
  }

  Result<std::vector<FindingRow>> ListFindings(const FindingFilter& f, const Page& page) override {
    std::string sql =
        "SELECT f.id, f.demand, d.issuer, d.date, d.kind, f.rule, f.severity, f.justified, f.title, "
        "f.message, "
        "f.citation, f.excerpt, f.related FROM findings f JOIN demands d ON d.id = f.demand WHERE f.id > ?1";
    if (f.year) sql += " AND d.year = ?2";
    if (f.issuer) sql += " AND d.issuer = ?3";
    if (f.rule) sql += " AND f.rule = ?4";
    if (f.kind) sql += " AND d.kind = ?6";
    if (f.visible_to) sql += " AND " + internal::ReachesSql("?7", true);
    if (f.reaching) sql += " AND " + internal::ReachesSql("?8", false);
    sql += " ORDER BY f.id LIMIT ?5";
    Stmt st(db_, sql);
    st.Bind(1, page.after).Bind(5, static_cast<int64_t>(page.limit));
    if (f.year) st.Bind(2, int64_t{*f.year});
    if (f.issuer) st.Bind(3, *f.issuer);
    if (f.rule) st.Bind(4, *f.rule);
    if (f.kind) st.Bind(6, demand::KindName(*f.kind));
    if (f.visible_to) st.Bind(7, *f.visible_to);
    if (f.reaching) st.Bind(8, *f.reaching);
    std::vector<FindingRow> out;
    while (st.Step()) {
      FindingRow r;
      r.id = st.Int(0);
      r.demand = st.Int(1);
      r.issuer = st.Text(2);
      r.date = *Date::Parse(st.Text(3), "date");
      r.kind = demand::ParseKind(st.Text(4)).value_or(demand::Kind::kDocument);
      r.finding = ReadFinding(st, 5);
      out.push_back(std::move(r));
    }
    if (st.failed()) return db_.Fail("读取问题失败");
    return out;
  }

  // Batches of rows are decoded on every core (internal::DecodeAndVisit).
  Status ForEachDemand(const std::function<void(demand::Demand&&)>& visit) override {
    return ForEachDemandAfter(0, visit);
  }

  // PRAGMA data_version changes when another connection commits.
  Result<bool> Checkpoint() override {
    if (auto s = db_.Exec("PRAGMA wal_checkpoint(PASSIVE)"); !s.ok()) return s.error();
    return true;
  }

  bool MayHaveNewDemands() override {
    if (!data_version_) data_version_ = std::make_unique<Stmt>(db_, "PRAGMA data_version");
    Stmt& st = *data_version_;
    st.Reset();
    if (!st.Step()) return true;
    const int64_t v = st.Int(0);
    st.Reset();
    const bool changed = v != seen_version_;
    seen_version_ = v;
    return changed;
  }

  Status ForEachDemandAfter(int64_t after, const std::function<void(demand::Demand&&)>& visit) override {
    constexpr size_t kBatch = 16384;
    Stmt st(db_, "SELECT id, body FROM demands WHERE id > ? ORDER BY id");
    st.Bind(1, after);
    std::vector<std::pair<int64_t, std::string>> rows;
    for (bool more = true; more;) {
      rows.clear();
      while (rows.size() < kBatch && (more = st.Step())) rows.emplace_back(st.Int(0), st.Text(1));
      if (auto s = internal::DecodeAndVisit(rows, db_.path(), visit); !s.ok()) return s;
    }
    if (st.failed()) return db_.Fail("读取事项失败");
    return Ok{};
  }

  Status AddAccount(const Account& a) override {
    Stmt exists(db_, "SELECT 1 FROM accounts WHERE name = ?");
    exists.Bind(1, a.name);
    if (exists.Step())
      return MakeError(ErrorCode::kInvalidArgument, "账号“" + a.name + "”已存在", {}, "name");
    Stmt st(db_, "INSERT INTO accounts (name, password_hash, role, unit, created_at) VALUES (?, ?, ?, ?, ?)");
    st.Bind(1, a.name).Bind(2, a.password_hash).Bind(3, a.role).Bind(4, a.unit).Bind(5, a.created_at);
    if (auto s = st.Run(); !s.ok()) return s;
    return Ok{};
  }

  Result<std::optional<Account>> GetAccount(const std::string& name) override {
    Stmt st(db_, "SELECT name, password_hash, role, unit, created_at FROM accounts WHERE name = ?");
    st.Bind(1, name);
    if (!st.Step()) {
      if (st.failed()) return db_.Fail("读取账号失败");
      return std::optional<Account>();
    }
    return std::optional<Account>(ReadAccount(st));
  }

  Result<std::vector<Account>> ListAccounts() override {
    Stmt st(db_, "SELECT name, password_hash, role, unit, created_at FROM accounts ORDER BY name");
    std::vector<Account> out;
    while (st.Step()) out.push_back(ReadAccount(st));
    if (st.failed()) return db_.Fail("读取账号失败");
    return out;
  }

  Status AddSession(const SessionRecord& s, int64_t now) override {
    sqlite::Transaction tx(db_);
    if (!tx.status().ok()) return tx.status();
    Stmt purge(db_, "DELETE FROM sessions WHERE expires_at <= ?");
    purge.Bind(1, now);
    if (auto r = purge.Run(); !r.ok()) return r;
    Stmt st(db_,
            "INSERT INTO sessions (token_hash, account, csrf, created_at, expires_at, kind) VALUES (?, ?, ?, "
            "?, ?, ?)");
    st.Bind(1, s.token_hash).Bind(2, s.account).Bind(3, s.csrf).Bind(4, s.created_at).Bind(5, s.expires_at);
    st.Bind(6, s.kind == SessionRecord::Kind::kApiToken ? "api" : "session");
    if (auto r = st.Run(); !r.ok()) return r;
    return tx.Commit();
  }

  Result<std::optional<SessionRecord>> GetSession(const std::string& token_hash) override {
    Stmt st(
        db_,
        "SELECT token_hash, account, csrf, created_at, expires_at, kind FROM sessions WHERE token_hash = ?");
    st.Bind(1, token_hash);
    if (!st.Step()) {
      if (st.failed()) return db_.Fail("读取会话失败");
      return std::optional<SessionRecord>();
    }
    return std::optional<SessionRecord>(ReadSession(st));
  }

  Status DeleteSession(const std::string& token_hash) override {
    Stmt st(db_, "DELETE FROM sessions WHERE token_hash = ?");
    st.Bind(1, token_hash);
    return st.Run();
  }

  Status SetPassword(const std::string& name, const std::string& hash, const std::string& keep) override {
    sqlite::Transaction tx(db_);
    if (!tx.status().ok()) return tx.status();
    Stmt st(db_, "UPDATE accounts SET password_hash = ? WHERE name = ?");
    st.Bind(1, hash).Bind(2, name);
    if (auto s = st.Run(); !s.ok()) return s;
    if (sqlite3_changes(db_.get()) == 0) return NoAccount(name);
    Stmt end(db_, "DELETE FROM sessions WHERE account = ? AND kind = 'session' AND token_hash <> ?");
    end.Bind(1, name).Bind(2, keep);
    if (auto s = end.Run(); !s.ok()) return s;
    return tx.Commit();
  }

  Status RemoveAccount(const std::string& name) override {
    Stmt st(db_, "DELETE FROM accounts WHERE name = ?");  // its sessions go with it (ON DELETE CASCADE)
    st.Bind(1, name);
    if (auto s = st.Run(); !s.ok()) return s;
    if (sqlite3_changes(db_.get()) == 0) return NoAccount(name);
    return Ok{};
  }

  Result<std::vector<SessionRecord>> ListSessions(const std::string& account) override {
    Stmt st(db_,
            "SELECT token_hash, account, csrf, created_at, expires_at, kind FROM sessions WHERE account = ? "
            "ORDER BY created_at, token_hash");
    st.Bind(1, account);
    std::vector<SessionRecord> out;
    while (st.Step()) out.push_back(ReadSession(st));
    if (st.failed()) return db_.Fail("读取会话失败");
    return out;
  }

  Status AppendAudit(AuditEntry& entry) override { return sqlite::AppendAudit(db_, entry); }
  Status ForEachAudit(int64_t after, const std::function<bool(const AuditEntry&)>& visit) override {
    return sqlite::ForEachAudit(db_, after, visit);
  }
  Result<std::pair<int64_t, int64_t>> CountDemands() override { return sqlite::CountDemands(db_); }
  Status AddApproval(Approval& approval) override { return sqlite::AddApproval(db_, approval); }
  Result<std::optional<Approval>> GetApproval(int64_t id) override { return sqlite::GetApproval(db_, id); }
  Result<std::vector<Approval>> ListApprovals(const ApprovalFilter& filter, const Page& page) override {
    return sqlite::ListApprovals(db_, filter, page);
  }
  Status DecideApproval(const Approval& decision) override { return sqlite::DecideApproval(db_, decision); }

 private:
  static Error NoAccount(const std::string& name) {
    return MakeError(ErrorCode::kNotFound, "账号“" + name + "”不存在", {}, "name");
  }

  static SessionRecord ReadSession(const Stmt& st) {
    SessionRecord r;
    r.token_hash = st.Text(0);
    r.account = st.Text(1);
    r.csrf = st.Text(2);
    r.created_at = st.Int(3);
    r.expires_at = st.Int(4);
    r.kind = st.Text(5) == "api" ? SessionRecord::Kind::kApiToken : SessionRecord::Kind::kSession;
    return r;
  }

  static Account ReadAccount(const Stmt& st) {
    Account a;
    a.name = st.Text(0);
    a.password_hash = st.Text(1);
    a.role = st.Text(2);
    a.unit = st.Text(3);
    a.created_at = st.Int(4);
    return a;
  }

  Status Migrate() {
    Stmt v(db_, "PRAGMA user_version");
    const int version = v.Step() ? static_cast<int>(v.Int(0)) : 0;
    if (version > kSchemaVersion)
      return MakeError(ErrorCode::kCorrupt,
                       "数据库结构版本 " + std::to_string(version) + " 比本程序支持的 " +
                           std::to_string(kSchemaVersion) + " 新，请升级 jianfu",
                       db_.path());
    for (int n = version; n < kSchemaVersion; ++n) {
      sqlite::Transaction tx(db_);
      if (!tx.status().ok()) return tx.status();
      if (auto s = db_.Exec(sqlite::kMigrations[n]); !s.ok()) return s;
      if (n == 2)  // the audit log starts by accounting for the filings before it
        if (auto s = sqlite::AuditEarlierFilings(db_); !s.ok()) return s;
      if (auto s = db_.Exec("PRAGMA user_version = " + std::to_string(n + 1)); !s.ok()) return s;
      if (auto s = tx.Commit(); !s.ok()) return s;
    }
    return Ok{};
  }

  Status CreateQueryIndexes() {
    for (const auto& index : kQueryIndexes)
      if (auto s = db_.Exec(index[1]); !s.ok()) return s;
    return Ok{};
  }

  Result<demand::Demand> Decode(int64_t id, const std::string& body) const {
    return internal::DecodeDemand(id, body, db_.path());
  }

  static StoredFinding ReadFinding(const Stmt& st, int c) {
    StoredFinding x;
    x.rule = st.Text(c);
    rules::ParseSeverity(st.Text(c + 1), &x.severity);
    x.justified = st.Int(c + 2) != 0;
    x.title = st.Text(c + 3);
    x.message = st.Text(c + 4);
    x.citation = st.Text(c + 5);
    x.excerpt = st.Text(c + 6);
    x.related = internal::ParseRelated(st.Text(c + 7));
    return x;
  }

  template <typename BindFn>
  Result<std::vector<Filing>> Filings(const std::string& where, BindFn bind, size_t limit) {
    Stmt st(db_, "SELECT id, body, code, filed_at FROM demands d " + where + " ORDER BY id LIMIT " +
                     std::to_string(limit));
    bind(st);
    std::vector<Filing> out;
    while (st.Step()) {
      auto d = Decode(st.Int(0), st.Text(1));
      if (!d) return d.error();
      Filing f;
      f.demand = std::move(*d);
      f.code = st.Text(2);
      f.filed_at = st.Int(3);
      out.push_back(std::move(f));
    }
    if (st.failed()) return db_.Fail("读取事项失败");
    Stmt fs(db_,
            "SELECT rule, severity, justified, title, message, citation, excerpt, related FROM findings "
            "WHERE demand = ? ORDER BY id");
    for (auto& f : out) {
      fs.Reset();
      fs.Bind(1, f.demand.id);
      while (fs.Step()) f.findings.push_back(ReadFinding(fs, 0));
      if (fs.failed()) return db_.Fail("读取问题失败");
    }
    return out;
  }

  // The statements of AddFiling, prepared once (a bulk load files millions).
  struct FilingStatements {
    explicit FilingStatements(const sqlite::Db& db)
        : next_id(db, "SELECT IFNULL(MAX(id), 0) + 1 FROM demands"),
          demand(db,
                 "INSERT INTO demands (id, kind, issuer, title, date, year, body, code, filed_at) "
                 "VALUES (?,?,?,?,?,?,?,?,?)"),
          target(db, "INSERT INTO targets (demand, unit, levels, organ_types) VALUES (?,?,?,?)"),
          finding(
              db,
              "INSERT INTO findings (demand, rule, severity, justified, title, message, citation, excerpt, "
              "related) VALUES (?,?,?,?,?,?,?,?,?)") {}
    Stmt next_id, demand, target, finding;
  };
  Status PrepareFiling() {
    if (!filing_) filing_ = std::make_unique<FilingStatements>(db_);
    for (const Stmt* st : {&filing_->next_id, &filing_->demand, &filing_->target, &filing_->finding})
      if (!st->ok()) {
        filing_.reset();
        return db_.Fail("准备语句失败");
      }
    return Ok{};
  }

  sqlite::Db db_;  // declared first: destroyed after the statements
  std::unique_ptr<FilingStatements> filing_;
  std::unique_ptr<Stmt> data_version_;
  int64_t seen_version_ = -1;
  bool batch_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& path, bool create) {
  auto store = std::make_unique<SqliteStore>();
  if (auto s = store->Open(path, create); !s.ok()) return s.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace jianfu::store
