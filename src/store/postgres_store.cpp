// The PostgreSQL Store: the same tables and semantics as the SQLite one
// (sqlite_store.cpp), for a deployment whose several `jianfu serve`
// processes share one database (docs/registry.md, "PostgreSQL").
//
// Demand ids come from a one-row counter table, taken with a row lock in the
// filing's own transaction, not from a sequence: ids stay dense (a failed
// filing leaves no gap, as with SQLite) and become visible in id order, so
// "the demands with id > N" is always a complete answer for another process
// catching up. Filings from several processes are serialised on that lock
// for the few round trips of their transaction.
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common.h"
#include "jianfu/store/store.h"
#include "pg.h"
#include "postgres_accounts.h"
#include "postgres_query.h"
#include "postgres_records.h"
#include "postgres_sql.h"

namespace jianfu::store {
namespace {

using nlohmann::json;
using pg::Params;
using pg::Rows;
using pgsql::kInsertFiling;
using pgsql::kMigrationLock;
using pgsql::kMigrations;
using pgsql::kQueryIndexes;

using pgquery::ReadFinding;
using pgquery::Where;

class PostgresStore final : public Store {
 public:
  Status Open(const std::string& conninfo, bool create) {
    if (auto s = conn_.Connect(conninfo); !s.ok()) return s;
    auto exists = conn_.Query("SELECT to_regclass('schema_version') IS NOT NULL");
    if (!exists) return exists.error();
    if (!create && exists->Int(0, 0) == 0)
      return MakeError(ErrorCode::kNotFound, "数据库中还没有 jianfu 的数据表（先运行 jianfu init）", conn_.where());
    if (auto s = Migrate(); !s.ok()) return s;
    if (auto s = CreateQueryIndexes(); !s.ok()) return s;
    auto schema = conn_.Query("SELECT coalesce(current_schema(), '')");  // the payload of our notifications
    if (!schema) return schema.error();
    schema_ = schema->Text(0, 0);
    return Ok{};
  }

  ~PostgresStore() override = default;  // closing the connection rolls back an open batch

  // In chunks of rows sent as one JSON array per statement: the national
  // tree is 620,000 units, and a round trip per row would take a minute.
  Status UpsertUnits(const std::vector<units::UnitRecord>& list) override {
    if (auto s = Ready(); !s.ok()) return s;

    return UpsertChunked(
        list, [](const units::UnitRecord& u) { return u.id; },
        [](const units::UnitRecord& u) {
          json row = {{"id", u.id}, {"name", u.name}, {"level", static_cast<int>(u.level)},
                      {"organ_type", nullptr}, {"parent", u.parent}, {"region", u.region}};
          if (u.organ_type) row["organ_type"] = static_cast<int>(*u.organ_type);
          return row;
        },
        "INSERT INTO units (id, name, level, organ_type, parent, region) "
        "SELECT x.id, x.name, x.level, x.organ_type, x.parent, x.region FROM jsonb_to_recordset($1::jsonb) "
        "AS x(id text, name text, level integer, organ_type integer, parent text, region text) "
        "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, "
        "organ_type = EXCLUDED.organ_type, parent = EXCLUDED.parent, region = EXCLUDED.region");
  }

  Result<std::vector<units::UnitRecord>> LoadUnits() override {
    if (auto s = Ready(); !s.ok()) return s.error();

    auto r = conn_.Query("SELECT id, name, level, organ_type, parent, region FROM units");
    if (!r) return r.error();
    std::vector<units::UnitRecord> out;
    out.reserve(static_cast<size_t>(r->size()));
    for (int i = 0; i < r->size(); ++i) {
      units::UnitRecord u;
      u.id = r->Text(i, 0);
      u.name = r->Text(i, 1);
      u.level = static_cast<units::Level>(r->Int(i, 2));
      if (!r->IsNull(i, 3)) u.organ_type = static_cast<units::OrganType>(r->Int(i, 3));
      u.parent = r->Text(i, 4);
      u.region = r->Text(i, 5);
      out.push_back(std::move(u));
    }
    return out;
  }

  Status UpsertListItems(const std::vector<ListItem>& items) override {
    if (auto s = Ready(); !s.ok()) return s;

    return UpsertChunked(
        items, [](const ListItem& it) { return std::string(ListName(it.list)) + "\n" + it.id; },
        [](const ListItem& it) {
          return json{{"list", ListName(it.list)}, {"id", it.id},           {"unit", it.unit},
                      {"name", it.name},           {"category", it.category}, {"year", it.year}};
        },
        "INSERT INTO list_items (list, id, unit, name, category, year) "
        "SELECT x.list, x.id, x.unit, x.name, x.category, x.year FROM jsonb_to_recordset($1::jsonb) "
        "AS x(list text, id text, unit text, name text, category text, year integer) "
        "ON CONFLICT (list, id) DO UPDATE SET unit = EXCLUDED.unit, name = EXCLUDED.name, "
        "category = EXCLUDED.category, year = EXCLUDED.year");
  }

  Result<std::vector<ListItem>> LoadListItems() override {
    if (auto s = Ready(); !s.ok()) return s.error();

    auto r = conn_.Query("SELECT list, id, unit, name, category, year FROM list_items");
    if (!r) return r.error();
    std::vector<ListItem> out;
    for (int i = 0; i < r->size(); ++i) {
      ListItem it;
      it.list = ParseListName(r->View(i, 0)).value_or(ListItem::List::kPlan);
      it.id = r->Text(i, 1);
      it.unit = r->Text(i, 2);
      it.name = r->Text(i, 3);
      it.category = r->Text(i, 4);
      it.year = static_cast<int>(r->Int(i, 5));
      out.push_back(std::move(it));
    }
    return out;
  }

  // Two round trips (libpq pipelines): BEGIN and the counter, then the
  // filing and COMMIT; in a batch one: SAVEPOINT, the filing, RELEASE (the
  // counter was taken once for the batch). make_code runs in between and
  // may throw: the guard rolls back whatever is open.
  Result<int64_t> AddFiling(Filing& f, const std::function<std::string(int64_t)>& make_code) override {
    if (auto s = Ready(); !s.ok()) return s.error();

    if (auto s = PrepareFiling(); !s.ok()) return s.error();
    auto& d = f.demand;
    if (!f.filed_at) f.filed_at = static_cast<int64_t>(std::time(nullptr));
    struct Rollback {
      pg::Conn& conn;
      const char* sql;
      ~Rollback() {
        if (sql) (void)conn.Exec(sql);
      }
    } rollback{conn_, nullptr};
    // The counter row stays locked until this transaction (or the batch)
    // ends: nobody else can take this id, and ids commit in order.
    if (!batch_) {
      rollback.sql = "ROLLBACK";
      auto r = conn_.Pipeline({{"BEGIN", {}, false}, {"next_demand_id", {}, true}});
      if (!r) return r.error();
      d.id = (*r)[1].Int(0, 0);
    } else {
      if (!batch_last_) {
        auto r = conn_.Query("SELECT last FROM demand_ids FOR UPDATE");
        if (!r) return r.error();
        batch_last_ = r->Int(0, 0);
      }
      d.id = *batch_last_ + 1;
    }
    if (f.expect_id && d.id != f.expect_id) {  // the guard rolls back
      d.id = 0;
      return MakeError(ErrorCode::kInvalidArgument, "事项编号已被其他进程占用，请重新读取后再登记", conn_.where(),
                       kIdTaken);
    }
    f.code = make_code(d.id);

    json targets = json::array(), findings = json::array();
    for (const auto& t : d.targets)
      targets.push_back({{"unit", t.unit},
                         {"levels", static_cast<int64_t>(t.levels)},
                         {"organ_types", internal::OrganTypesJson(t).dump()}});
    for (const auto& x : f.findings)
      findings.push_back({{"rule", x.rule},
                          {"severity", rules::SeverityName(x.severity)},
                          {"justified", x.justified},
                          {"title", x.title},
                          {"message", x.message},
                          {"citation", x.citation},
                          {"excerpt", x.excerpt},
                          {"related", json(x.related).dump()}});
    Params p;
    p.Add(d.id).Add(demand::KindName(d.kind)).Add(d.issuer).Add(d.title).Add(d.date.ToString());
    p.Add(static_cast<int64_t>(d.date.year())).Add(demand::ToJson(d).dump()).Add(f.code).Add(f.filed_at);
    p.Add(targets.dump()).Add(findings.dump());
    if (!batch_) {
      auto r = conn_.Pipeline(
          {{"insert_filing", std::move(p), true}, {pgsql::kNotify, {}, false}, {"COMMIT", {}, false}});
      if (!r) return r.error();
      rollback.sql = nullptr;
      return d.id;
    }
    if (!conn_.InTransaction()) return MakeError(ErrorCode::kIo, "批量写入的事务已不存在", conn_.where());
    rollback.sql = "ROLLBACK TO SAVEPOINT filing; RELEASE SAVEPOINT filing";
    auto r = conn_.Pipeline(
        {{"SAVEPOINT filing", {}, false}, {"insert_filing", std::move(p), true}, {"RELEASE SAVEPOINT filing", {}, false}});
    if (!r) return r.error();
    rollback.sql = nullptr;
    batch_last_ = d.id;
    batch_filed_ = true;
    return d.id;
  }

  Status BeginBatch() override {
    if (auto s = Ready(); !s.ok()) return s;

    if (batch_) return MakeError(ErrorCode::kInvalidArgument, "批量写入已经开始", conn_.where());
    if (auto s = conn_.Exec("BEGIN"); !s.ok()) return s;
    batch_ = true;
    batch_filed_ = false;
    // The counter now, as SQLite's BEGIN IMMEDIATE takes its write lock:
    // from here nobody else files until CommitBatch.
    auto r = conn_.Query("SELECT last FROM demand_ids FOR UPDATE");
    if (!r) {
      batch_ = false;
      (void)conn_.Exec("ROLLBACK");
      return r.error();
    }
    batch_last_ = r->Int(0, 0);
    return Ok{};
  }

  Status AbortBatch() override {
    if (!batch_) return Ok{};
    batch_ = false;
    batch_last_.reset();
    return conn_.Exec("ROLLBACK");
  }

  Status CommitBatch() override {
    if (!batch_) return Ok{};
    batch_ = false;
    Status s = Ok{};
    if (batch_last_ && batch_filed_) {
      auto r = conn_.Query("UPDATE demand_ids SET last = $1", Params().Add(*batch_last_));
      if (!r) s = r.error();
      if (s.ok()) s = conn_.Exec(pgsql::kNotify);
    }
    batch_last_.reset();
    if (s.ok()) s = conn_.Commit();
    if (!s.ok()) (void)conn_.Exec("ROLLBACK");
    return s;
  }

  Status BeginBulkLoad() override {
    if (auto s = Ready(); !s.ok()) return s;

    for (const auto& index : kQueryIndexes)
      if (auto s = conn_.Exec(std::string("DROP INDEX IF EXISTS ") + index[0]); !s.ok()) return s;
    return Ok{};
  }

  Status EndBulkLoad() override {
    if (auto s = Ready(); !s.ok()) return s;

    for (const auto& index : kQueryIndexes)
      if (auto s = conn_.Exec(index[1]); !s.ok()) return s;
    return conn_.Exec("ANALYZE demands; ANALYZE targets; ANALYZE findings");
  }

  Result<std::optional<std::string>> GetCode(int64_t id) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    auto r = conn_.Query("SELECT code FROM demands WHERE id = $1", Params().Add(id));
    if (!r) return r.error();
    if (r->size() == 0) return std::optional<std::string>();
    return std::optional<std::string>(r->Text(0, 0));
  }

  Result<std::optional<Filing>> GetFiling(int64_t id) override {
    if (auto s = Ready(); !s.ok()) return s.error();

    Where w("id = $1");
    w.params().Add(id);
    auto list = Filings(w, 1);
    if (!list) return list.error();
    if (list->empty()) return std::optional<Filing>{};
    return std::optional<Filing>{std::move(list->front())};
  }

  Result<std::vector<Filing>> ListFilings(const DemandFilter& f, const Page& page) override {
    if (auto s = Ready(); !s.ok()) return s.error();

    Where w("id > $1");
    w.params().Add(page.after);
    if (f.year) w.And("year", int64_t{*f.year});
    if (f.issuer) w.And("issuer", *f.issuer);
    if (f.kind) w.And("kind", std::string(demand::KindName(*f.kind)));
    if (f.visible_to) w.AndReaches(*f.visible_to, true);
    if (f.reaching) w.AndReaches(*f.reaching, false);
    return Filings(w, page.limit);
  }

  Result<std::vector<FindingRow>> ListFindings(const FindingFilter& f, const Page& page) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgrecords::ListFindings(conn_, f, page);
  }

  Status AddAccount(const Account& a) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgaccounts::AddAccount(conn_, a);
  }
  Result<std::optional<Account>> GetAccount(const std::string& name) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgaccounts::GetAccount(conn_, name);
  }
  Result<std::vector<Account>> ListAccounts() override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgaccounts::ListAccounts(conn_);
  }
  Status AddSession(const SessionRecord& session, int64_t now) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgaccounts::AddSession(conn_, session, now);
  }
  Result<std::optional<SessionRecord>> GetSession(const std::string& token_hash) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgaccounts::GetSession(conn_, token_hash);
  }
  Status DeleteSession(const std::string& token_hash) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgaccounts::DeleteSession(conn_, token_hash);
  }
  Status SetPassword(const std::string& name, const std::string& hash, const std::string& keep) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgaccounts::SetPassword(conn_, name, hash, keep);
  }
  Status RemoveAccount(const std::string& name) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgaccounts::RemoveAccount(conn_, name);
  }
  Result<std::vector<SessionRecord>> ListSessions(const std::string& account) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgaccounts::ListSessions(conn_, account);
  }

  Status AppendAudit(AuditEntry& entry) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgrecords::AppendAudit(conn_, entry);
  }
  Status ForEachAudit(int64_t after, const std::function<bool(const AuditEntry&)>& visit) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgrecords::ForEachAudit(conn_, after, visit);
  }
  Result<std::pair<int64_t, int64_t>> CountDemands() override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgrecords::CountDemands(conn_);
  }
  Status AddApproval(Approval& approval) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgrecords::AddApproval(conn_, approval);
  }
  Result<std::optional<Approval>> GetApproval(int64_t id) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgrecords::GetApproval(conn_, id);
  }
  Result<std::vector<Approval>> ListApprovals(const ApprovalFilter& filter, const Page& page) override {
    if (auto s = Ready(); !s.ok()) return s.error();
    return pgrecords::ListApprovals(conn_, filter, page);
  }
  Status DecideApproval(const Approval& decision) override {
    if (auto s = Ready(); !s.ok()) return s;
    return pgrecords::DecideApproval(conn_, decision);
  }

  // Keyset batches rather than one result: 7 million demands never sit in
  // memory at once, and no transaction stays open while the caller works.
  Status ForEachDemand(const std::function<void(demand::Demand&&)>& visit) override {
    return ForEachDemandAfter(0, visit);
  }

  // Every commit of filings notifies. The store LISTENs from its first
  // check on, not from its opening: a connection that never asks (the
  // server's pool of readers) must not collect a notification per filing of
  // every process, which libpq would keep until asked. Without LISTEN (a
  // transaction-pooling proxy refuses it) every check says yes.
  bool MayHaveNewDemands() override {
    if (!conn_.ok()) return true;
    if (!listen_tried_) {
      // Inside a transaction LISTEN would wait for its commit, and a batch
      // rolled back would drop it: try again outside.
      if (conn_.InTransaction()) return true;
      listen_tried_ = true;
      listening_ = conn_.Exec("LISTEN jianfu_demands").ok();
      return true;  // what was committed before LISTEN is not announced
    }
    return !listening_ || conn_.TakeNotifications(schema_);
  }

  Status ForEachDemandAfter(int64_t after, const std::function<void(demand::Demand&&)>& visit) override {
    if (auto s = Ready(); !s.ok()) return s;

    constexpr int64_t kBatch = 16384;
    std::vector<std::pair<int64_t, std::string>> rows;
    for (;;) {
      auto r = conn_.Query("SELECT id, body FROM demands WHERE id > $1 ORDER BY id LIMIT $2",
                           Params().Add(after).Add(kBatch));
      if (!r) return r.error();
      rows.clear();
      for (int i = 0; i < r->size(); ++i) rows.emplace_back(r->Int(i, 0), r->Text(i, 1));
      r = Rows();  // free the result before decoding
      if (rows.empty()) return Ok{};
      after = rows.back().first;
      if (auto s = internal::DecodeAndVisit(rows, conn_.where(), visit); !s.ok()) return s;
      if (static_cast<int64_t>(rows.size()) < kBatch) return Ok{};
    }
  }

 private:
  // A connection the server closed (a restart, a failover, an idle timeout)
  // is opened again before the next call; the call that met the closed
  // connection has failed, and so has an open batch. Prepared statements
  // and LISTEN belong to the old session: made again (LISTEN at the next
  // check, which says yes).
  Status Ready() {
    if (conn_.ok()) return Ok{};
    if (batch_) {
      batch_ = false;
      batch_last_.reset();
      return MakeError(ErrorCode::kIo, "与 PostgreSQL 的连接中断，本批写入已丢失", conn_.where());
    }
    if (auto s = conn_.Reset(); !s.ok()) return s;
    prepared_.clear();
    listen_tried_ = listening_ = false;
    return Ok{};
  }

  Status Migrate() {
    pg::Transaction tx(conn_);
    if (!tx.status().ok()) return tx.status();
    if (auto s = conn_.Exec(kMigrationLock); !s.ok()) return s;
    if (auto s = conn_.Exec("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)"); !s.ok())
      return s;
    auto v = conn_.Query("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!v) return v.error();
    const int version = static_cast<int>(v->Int(0, 0));
    if (version > kSchemaVersion)
      return MakeError(ErrorCode::kCorrupt,
                       "数据库结构版本 " + std::to_string(version) + " 比本程序支持的 " +
                           std::to_string(kSchemaVersion) + " 新，请升级 jianfu",
                       conn_.where());
    if (version == kSchemaVersion) return tx.Commit();
    for (int n = version; n < kSchemaVersion; ++n) {
      if (auto s = conn_.Exec(kMigrations[n]); !s.ok()) return s;
      if (n == 2)  // the audit log starts by accounting for the filings before it
        if (auto s = pgrecords::AuditEarlierFilings(conn_); !s.ok()) return s;
    }
    if (auto s = conn_.Exec("DELETE FROM schema_version"); !s.ok()) return s;
    if (auto r = conn_.Query("INSERT INTO schema_version (version) VALUES ($1)",
                             Params().Add(int64_t{kSchemaVersion}));
        !r)
      return r.error();
    return tx.Commit();
  }

  // Only the missing ones: CREATE INDEX IF NOT EXISTS would wait for the
  // table lock of another process's open batch even when nothing is to do.
  Status CreateQueryIndexes() {
    for (const auto& index : kQueryIndexes) {
      auto r = conn_.Query("SELECT to_regclass($1) IS NULL", Params().Add(std::string(index[0])));
      if (!r) return r.error();
      if (r->Int(0, 0) == 0) continue;
      if (auto s = conn_.Exec(index[1]); !s.ok()) return s;
    }
    return Ok{};
  }

  // Insert-or-replace of `rows` in one transaction, 5,000 to a statement.
  // The last of several rows with one key wins (as SQLite's INSERT OR
  // REPLACE), and one statement may not touch a row twice: duplicates go.
  template <typename Row, typename KeyFn, typename JsonFn>
  Status UpsertChunked(const std::vector<Row>& rows, KeyFn key, JsonFn to_json, const std::string& sql) {
    std::unordered_map<std::string, size_t> last;
    for (size_t i = 0; i < rows.size(); ++i) last[key(rows[i])] = i;
    pg::Transaction tx(conn_);
    if (!tx.status().ok()) return tx.status();
    json chunk = json::array();
    auto flush = [&]() -> Status {
      if (chunk.empty()) return Ok{};
      auto r = conn_.Query(sql, Params().Add(chunk.dump()));
      chunk = json::array();
      if (!r) return r.error();
      return Ok{};
    };
    for (size_t i = 0; i < rows.size(); ++i) {
      if (last[key(rows[i])] != i) continue;
      chunk.push_back(to_json(rows[i]));
      if (chunk.size() == 5000)
        if (auto s = flush(); !s.ok()) return s;
    }
    if (auto s = flush(); !s.ok()) return s;
    return tx.Commit();
  }

  Status PrepareOnce(const std::string& name, const std::string& sql) {
    for (const auto& p : prepared_)
      if (p == name) return Ok{};
    if (auto s = conn_.Prepare(name, sql); !s.ok()) return s;
    prepared_.push_back(name);
    return Ok{};
  }

  Status PrepareFiling() {
    if (auto s = PrepareOnce("next_demand_id", "UPDATE demand_ids SET last = last + 1 RETURNING last"); !s.ok())
      return s;
    return PrepareOnce("insert_filing", kInsertFiling);
  }

  Result<std::vector<Filing>> Filings(Where& w, size_t limit) {
    const std::string n = "$" + std::to_string(w.next());
    w.params().Add(static_cast<int64_t>(limit));
    auto r = conn_.Query(
        "SELECT id, body, code, filed_at FROM demands d" + w.sql() + " ORDER BY id LIMIT " + n, w.params());
    if (!r) return r.error();
    std::vector<Filing> out;
    std::string ids = "{";
    for (int i = 0; i < r->size(); ++i) {
      auto d = internal::DecodeDemand(r->Int(i, 0), r->Text(i, 1), conn_.where());
      if (!d) return d.error();
      Filing f;
      f.demand = std::move(*d);
      f.code = r->Text(i, 2);
      f.filed_at = r->Int(i, 3);
      ids += (i ? "," : "") + std::to_string(f.demand.id);
      out.push_back(std::move(f));
    }
    if (out.empty()) return out;
    // The findings of the whole page in one query (an array of ids).
    auto fs = conn_.Query(std::string("SELECT f.demand, ") + pgquery::kFindingColumns +
                              " FROM findings f WHERE f.demand = ANY($1::bigint[]) ORDER BY f.id",
                          Params().Add(ids + "}"));
    if (!fs) return fs.error();
    std::unordered_map<int64_t, size_t> at;
    for (size_t i = 0; i < out.size(); ++i) at[out[i].demand.id] = i;
    for (int i = 0; i < fs->size(); ++i)
      if (auto it = at.find(fs->Int(i, 0)); it != at.end())
        out[it->second].findings.push_back(ReadFinding(*fs, i, 1));
    return out;
  }

  pg::Conn conn_;
  std::vector<std::string> prepared_;
  bool batch_ = false, batch_filed_ = false;
  bool listen_tried_ = false, listening_ = false;
  std::string schema_;  // where the tables are: the payload of the notifications that concern us
  std::optional<int64_t> batch_last_;  // in a batch: the last id given (the counter is written at commit)
};

}  // namespace

Result<std::unique_ptr<Store>> OpenPostgres(const std::string& conninfo, bool create) {
  auto store = std::make_unique<PostgresStore>();
  if (auto s = store->Open(conninfo, create); !s.ok()) return s.error();
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace jianfu::store
