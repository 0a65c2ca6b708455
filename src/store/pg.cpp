#include "pg.h"

#include <charconv>
#include <memory>

namespace jianfu::store::pg {
namespace {

// The first line of a libpq message (connection errors add hints on more).
std::string FirstLine(const char* msg) {
  std::string s = msg ? msg : "";
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s.empty() ? "未知错误" : s;
}

}  // namespace

std::string Redact(const std::string& conninfo) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  PQfreemem(err);  // its text may quote the string, password and all: dropped
  if (!opts) return "PostgreSQL";
  std::string user, host, hostaddr, port, dbname;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view k = o->keyword;
    if (k == "user") user = o->val;
    if (k == "host") host = o->val;
    if (k == "hostaddr") hostaddr = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") dbname = o->val;
  }
  PQconninfoFree(opts);
  if (host.empty()) host = hostaddr;
  std::string out = "postgresql://";
  if (!user.empty()) out += user + "@";
  out += host;
  if (!port.empty()) out += ":" + port;
  if (!dbname.empty()) out += "/" + dbname;
  return out;
}

Params& Params::Add(int64_t v) {
  values_.emplace_back(std::to_string(v));
  return *this;
}

Params& Params::Add(std::string_view v) {
  values_.emplace_back(std::string(v));
  return *this;
}

Params& Params::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}

std::vector<const char*> Params::Pointers() const {
  std::vector<const char*> p;
  p.reserve(values_.size());
  for (const auto& v : values_) p.push_back(v ? v->c_str() : nullptr);
  return p;
}

Rows& Rows::operator=(Rows&& o) noexcept {
  if (this != &o) {
    PQclear(r_);
    r_ = o.r_;
    o.r_ = nullptr;
  }
  return *this;
}

int64_t Rows::Int(int row, int col) const {
  const std::string_view v = View(row, col);
  if (v == "t") return 1;
  if (v == "f") return 0;
  int64_t n = 0;
  std::from_chars(v.data(), v.data() + v.size(), n);
  return n;
}

Conn::~Conn() {
  if (conn_) PQfinish(conn_);
}

Error Conn::Fail(std::string_view what, const PGresult* r) const {
  std::string why;
  if (r) {
    const char* primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    why = primary ? primary : FirstLine(PQresultErrorMessage(r));
  } else {
    why = FirstLine(conn_ ? PQerrorMessage(conn_) : nullptr);
  }
  return MakeError(ErrorCode::kIo, std::string(what) + "：" + why, where_);
}

Status Conn::Connect(const std::string& conninfo) {
  where_ = Redact(conninfo);
  conn_ = PQconnectdb(conninfo.c_str());
  if (!conn_) return MakeError(ErrorCode::kIo, "无法连接 PostgreSQL：内存不足", where_);
  if (PQstatus(conn_) != CONNECTION_OK) return Fail("无法连接 PostgreSQL");
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return Fail("无法设置客户端编码 UTF8");
  const char* server = PQparameterStatus(conn_, "server_encoding");
  if (!server || std::string_view(server) != "UTF8")
    return MakeError(ErrorCode::kUnsupportedFormat,
                     std::string("数据库编码是 ") + (server ? server : "未知") +
                         "，须为 UTF8（CREATE DATABASE … ENCODING 'UTF8'）",
                     where_);
  // Notices (e.g. "relation already exists, skipping") are not for users.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  return Ok{};
}

Status Conn::Reset() {
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) return Fail("无法重新连接 PostgreSQL");
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return Fail("无法设置客户端编码 UTF8");
  return Ok{};
}

Result<Rows> Conn::Check(PGresult* r, std::string_view what) {
  Rows rows(r);
  if (!r) return Fail(what);
  const auto st = PQresultStatus(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Fail(what, r);
  return rows;
}

Status Conn::Exec(std::string_view sql) {
  auto r = Check(PQexec(conn_, std::string(sql).c_str()), "数据库操作失败");
  if (!r) return r.error();
  return Ok{};
}

Result<Rows> Conn::Query(const std::string& sql, const Params& params) {
  const auto p = params.Pointers();
  return Check(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, p.data(), nullptr, nullptr, 0),
               "数据库操作失败");
}

Status Conn::Prepare(const std::string& name, const std::string& sql) {
  auto r = Check(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr), "准备语句失败");
  if (!r) return r.error();
  return Ok{};
}

Result<Rows> Conn::Run(const std::string& name, const Params& params) {
  const auto p = params.Pointers();
  return Check(PQexecPrepared(conn_, name.c_str(), params.size(), p.data(), nullptr, nullptr, 0),
               "数据库操作失败");
}

Result<std::vector<Rows>> Conn::Pipeline(const std::vector<Step>& steps) {
  if (PQenterPipelineMode(conn_) != 1) return Fail("数据库操作失败");
  bool sent = true;
  for (const auto& st : steps) {
    const auto p = st.params.Pointers();
    const int ok = st.prepared
                       ? PQsendQueryPrepared(conn_, st.sql.c_str(), st.params.size(), p.data(), nullptr, nullptr, 0)
                       : PQsendQueryParams(conn_, st.sql.c_str(), st.params.size(), nullptr, p.data(), nullptr,
                                           nullptr, 0);
    if (!ok) {
      sent = false;
      break;
    }
  }
  if (!PQpipelineSync(conn_)) {
    PQexitPipelineMode(conn_);
    return Fail("数据库操作失败");
  }
  // Every result up to the sync point is read, whatever failed.
  std::vector<Rows> out;
  std::optional<Error> error;
  if (!sent) error = Fail("数据库操作失败");
  for (int nulls = 0;;) {
    PGresult* r = PQgetResult(conn_);
    if (!r) {
      // The end of one statement's results; twice running, nothing is left.
      if (PQstatus(conn_) != CONNECTION_OK || ++nulls > 1) {
        if (!error) error = Fail("数据库连接中断");
        break;
      }
      continue;
    }
    nulls = 0;
    const auto st = PQresultStatus(r);
    if (st == PGRES_PIPELINE_SYNC) {
      PQclear(r);
      break;
    }
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      out.emplace_back(r);
      continue;
    }
    if (!error && st != PGRES_PIPELINE_ABORTED) error = Fail("数据库操作失败", r);
    PQclear(r);
  }
  PQexitPipelineMode(conn_);
  if (error) return *error;
  if (out.size() != steps.size()) return Fail("数据库操作失败");
  return out;
}

bool Conn::TakeNotifications(std::string_view payload) {
  if (!PQconsumeInput(conn_)) return true;
  bool any = false;
  while (PGnotify* n = PQnotifies(conn_)) {
    if (n->be_pid != PQbackendPID(conn_) && payload == (n->extra ? n->extra : "")) any = true;
    PQfreemem(n);
  }
  return any;
}

bool Conn::InTransaction() const {
  const auto s = PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

Status Conn::Commit() {
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    (void)Exec("ROLLBACK");
    return MakeError(ErrorCode::kIo, "数据库事务中有语句失败，已回滚", where_);
  }
  return Exec("COMMIT");
}

Transaction::Transaction(Conn& conn) : conn_(conn) {
  nested_ = conn_.InTransaction();
  status_ = conn_.Exec(nested_ ? "SAVEPOINT tx" : "BEGIN");
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)conn_.Exec(nested_ ? "ROLLBACK TO SAVEPOINT tx; RELEASE SAVEPOINT tx" : "ROLLBACK");
}

Status Transaction::Commit() {
  if (!open_) return status_;
  open_ = false;
  if (!nested_) return conn_.Commit();
  if (auto s = conn_.Exec("RELEASE SAVEPOINT tx"); !s.ok()) {
    (void)conn_.Exec("ROLLBACK TO SAVEPOINT tx; RELEASE SAVEPOINT tx");
    return s;
  }
  return Ok{};
}

}  // namespace jianfu::store::pg
