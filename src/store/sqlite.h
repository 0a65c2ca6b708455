// Thin RAII wrappers over the SQLite C API, private to the store module.
// Every statement is prepared with placeholders; values are bound, never
// spliced into SQL text.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "jianfu/core/result.h"

namespace jianfu::store::sqlite {

class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  Status Open(const std::string& path, bool create);
  Status Exec(std::string_view sql);  // statements without parameters (schema, BEGIN)
  sqlite3* get() const { return db_; }
  Error Fail(std::string_view what) const;  // an Error carrying sqlite's reason
  const std::string& path() const { return path_; }

  // Prepared statements are kept for reuse, keyed by their SQL: preparing
  // costs more than running most of ours (a filing's session, account and
  // audit lookups). Take hands out a cached statement (nullptr: prepare it)
  // and removes it, so two live statements never share one; Give puts a
  // reset statement back, or finalizes it once kMaxCached are kept.
  sqlite3_stmt* Take(std::string_view sql) const;
  void Give(sqlite3_stmt* stmt) const;

 private:
  static constexpr size_t kMaxCached = 64;
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  sqlite3* db_ = nullptr;
  std::string path_;
  mutable std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cached_;
};

class Stmt {
 public:
  Stmt(const Db& db, std::string_view sql);
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt();

  bool ok() const { return stmt_ != nullptr; }
  // 1-based parameter index.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& BindNull(int i);
  // SQLITE_ROW: true; SQLITE_DONE: false; an error: false and error() set.
  bool Step();
  Status Run();  // steps to completion
  bool failed() const { return failed_; }
  // Ready to bind and step again: bindings cleared, a failure forgotten.
  void Reset();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;

 private:
  const Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool failed_ = false;
};

// BEGIN IMMEDIATE … COMMIT, rolled back unless Commit() was called. Inside
// an open transaction (a batch) it is a savepoint instead: Commit() releases
// it into the outer transaction and a rollback undoes only its own writes.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Status status() const { return status_; }
  Status Commit();

 private:
  Db& db_;
  Status status_ = Ok{};
  bool open_ = false;
  bool nested_ = false;
};

}  // namespace jianfu::store::sqlite
