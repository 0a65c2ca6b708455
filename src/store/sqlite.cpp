#include "sqlite.h"

namespace jianfu::store::sqlite {

Db::~Db() {
  for (auto& [sql, stmt] : cached_) sqlite3_finalize(stmt);
  if (db_) sqlite3_close_v2(db_);
}

sqlite3_stmt* Db::Take(std::string_view sql) const {
  auto it = cached_.find(sql);
  if (it == cached_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  cached_.erase(it);
  return stmt;
}

void Db::Give(sqlite3_stmt* stmt) const {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (cached_.size() >= kMaxCached || !cached_.emplace(sqlite3_sql(stmt), stmt).second)
    sqlite3_finalize(stmt);
}

Error Db::Fail(std::string_view what) const {
  return MakeError(ErrorCode::kIo, std::string(what) + "：" + (db_ ? sqlite3_errmsg(db_) : "无法打开"),
                   path_);
}

Status Db::Open(const std::string& path, bool create) {
  path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    if (!create && db_ && sqlite3_errcode(db_) == SQLITE_CANTOPEN)
      return MakeError(ErrorCode::kNotFound, "数据库不存在（先运行 jianfu init）", path);
    return Fail("无法打开数据库");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  return Ok{};
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  const std::string s(sql);
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "未知错误";
    sqlite3_free(err);
    return MakeError(ErrorCode::kIo, "数据库操作失败：" + why, path_);
  }
  return Ok{};
}

Stmt::Stmt(const Db& db, std::string_view sql) : db_(db), stmt_(db.Take(sql)) {
  if (stmt_) return;
  if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
    failed_ = true;
  }
}

Stmt::~Stmt() {
  if (stmt_) db_.Give(stmt_);
}

Stmt& Stmt::Bind(int i, int64_t v) {
  if (stmt_ && sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) failed_ = true;
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view v) {
  if (stmt_ &&
      sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    failed_ = true;
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  if (stmt_ && sqlite3_bind_null(stmt_, i) != SQLITE_OK) failed_ = true;
  return *this;
}

bool Stmt::Step() {
  if (!stmt_ || failed_) return false;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) failed_ = true;
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  if (failed_) return db_.Fail("数据库操作失败");
  return Ok{};
}

void Stmt::Reset() {
  if (!stmt_) return;
  failed_ = false;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

Transaction::Transaction(Db& db) : db_(db) {
  nested_ = sqlite3_get_autocommit(db_.get()) == 0;
  status_ = db_.Exec(nested_ ? "SAVEPOINT tx" : "BEGIN IMMEDIATE");
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)db_.Exec(nested_ ? "ROLLBACK TO tx; RELEASE tx" : "ROLLBACK");
}

Status Transaction::Commit() {
  if (!open_) return status_;
  open_ = false;
  return db_.Exec(nested_ ? "RELEASE tx" : "COMMIT");
}

}  // namespace jianfu::store::sqlite
