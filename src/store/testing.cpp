#include "jianfu/store/testing.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>

#include "pg.h"

namespace jianfu::store::testing {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// A libpq keyword value in single quotes.
std::string Quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// `server` as a keyword string with search_path set to `schema`.
Result<std::string> WithSchema(const std::string& server, const std::string& schema) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(server.c_str(), &err);
  PQfreemem(err);
  if (!opts) return MakeError(ErrorCode::kInvalidArgument, "JIANFU_TEST_PG 不是有效的连接串");
  std::string out, options;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    if (std::string_view(o->keyword) == "options") {
      options = o->val;
      continue;
    }
    out += std::string(o->keyword) + "=" + Quote(o->val) + " ";
  }
  PQconninfoFree(opts);
  options += (options.empty() ? "" : " ") + std::string("-csearch_path=") + schema;
  return out + "options=" + Quote(options);
}

}  // namespace

const char* BackendName(Backend b) { return b == Backend::kPostgres ? "postgres" : "sqlite"; }

std::string PostgresServer() { return Env("JIANFU_TEST_PG"); }

bool PostgresRequired() { return Env("JIANFU_REQUIRE_PG") == "1"; }

Backend DefaultBackend() {
  return !PostgresServer().empty() || PostgresRequired() ? Backend::kPostgres : Backend::kSqlite;
}

Result<std::unique_ptr<TestDb>> TestDb::Make(Backend b, const std::filesystem::path& dir, const std::string& name) {
  std::unique_ptr<TestDb> db(new TestDb);
  db->backend_ = b;
  if (b == Backend::kSqlite) {
    db->where_ = (dir / name).string();
    return db;
  }
  const std::string server = PostgresServer();
  if (server.empty()) return MakeError(ErrorCode::kInvalidArgument, "没有设置 JIANFU_TEST_PG");
  static std::atomic<int> counter{0};
  std::random_device rd;
  db->schema_ = "jf_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                std::to_string(rd() % 100000);
  pg::Conn conn;
  if (auto s = conn.Connect(server); !s.ok()) return s.error();
  // The name is ours (digits and letters): an identifier, not a value.
  if (auto s = conn.Exec("DROP SCHEMA IF EXISTS " + db->schema_ + " CASCADE; CREATE SCHEMA " + db->schema_);
      !s.ok())
    return s.error();
  auto where = WithSchema(server, db->schema_);
  if (!where) return where.error();
  db->where_ = *where;
  return db;
}

TestDb::~TestDb() {
  if (schema_.empty()) return;
  pg::Conn conn;
  if (conn.Connect(PostgresServer()).ok()) (void)conn.Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
}

Result<std::string> TestDb::Sql(const std::string& sql) {
  if (backend_ != Backend::kPostgres) return MakeError(ErrorCode::kInvalidArgument, "TestDb::Sql 只用于 PostgreSQL");
  pg::Conn conn;
  if (auto s = conn.Connect(where_); !s.ok()) return s.error();
  auto r = conn.Query(sql);
  if (!r) return r.error();
  return r->size() > 0 ? r->Text(0, 0) : std::string();
}

}  // namespace jianfu::store::testing

namespace jianfu::store::testing {

Result<std::vector<std::string>> TestDb::Column(const std::string& sql, const std::vector<std::string>& params) {
  if (backend_ != Backend::kPostgres)
    return MakeError(ErrorCode::kInvalidArgument, "TestDb::Column 只用于 PostgreSQL");
  pg::Conn conn;
  if (auto s = conn.Connect(where_); !s.ok()) return s.error();
  pg::Params p;
  for (const auto& v : params) p.Add(v);
  auto r = conn.Query(sql, p);
  if (!r) return r.error();
  std::vector<std::string> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(r->Text(i, 0));
  return out;
}

}  // namespace jianfu::store::testing
