// Thin RAII wrappers over libpq, private to the store module (what sqlite.h
// is for SQLite). Every value travels as a parameter of PQexecParams or of a
// prepared statement, never spliced into SQL text. Errors name the database
// by its redacted location (user@host:port/dbname), never the password.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::store::pg {

// "postgresql://user@host:port/dbname" from a connection string, without the
// password or any other option; "PostgreSQL" when it cannot be parsed.
std::string Redact(const std::string& conninfo);

// Parameter values, sent in text form; a std::nullopt is SQL NULL.
class Params {
 public:
  Params& Add(int64_t v);
  Params& Add(std::string_view v);
  Params& AddNull();
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// A query's result rows (text format). Owns the PGresult.
class Rows {
 public:
  explicit Rows(PGresult* r = nullptr) : r_(r) {}
  Rows(Rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Rows& operator=(Rows&& o) noexcept;
  Rows(const Rows&) = delete;
  Rows& operator=(const Rows&) = delete;
  ~Rows() { PQclear(r_); }

  int size() const { return r_ ? PQntuples(r_) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string_view View(int row, int col) const {
    return {PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col))};
  }
  std::string Text(int row, int col) const { return std::string(View(row, col)); }
  int64_t Int(int row, int col) const;  // 0 for NULL; "t"/"f" read as 1/0

 private:
  PGresult* r_ = nullptr;
};

class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();

  // Connects and insists on a UTF8 database; the client encoding is UTF8.
  Status Connect(const std::string& conninfo);
  bool ok() const { return conn_ && PQstatus(conn_) == CONNECTION_OK; }
  // Connects again with the same parameters (after the server closed it).
  Status Reset();
  // Statements without parameters (schema, BEGIN); may hold several.
  Status Exec(std::string_view sql);
  // One statement with parameters.
  Result<Rows> Query(const std::string& sql, const Params& params = {});
  // Prepared statements, for the paths taken millions of times.
  Status Prepare(const std::string& name, const std::string& sql);
  Result<Rows> Run(const std::string& name, const Params& params);

  // Several statements in one round trip (libpq's pipeline mode): `sql` is
  // SQL text, or the name of a prepared statement when `prepared`. Returns
  // the rows of each, or the first error (the statements after a failed
  // one are skipped; an open transaction is left failed, for the caller to
  // roll back).
  struct Step {
    std::string sql;
    Params params;
    bool prepared = false;
  };
  Result<std::vector<Rows>> Pipeline(const std::vector<Step>& steps);

  // Whether a notification with this payload from another session arrived
  // (LISTEN), reading what the socket holds without waiting; true when the
  // connection fails. Every notification is taken, whatever its payload.
  bool TakeNotifications(std::string_view payload);

  bool InTransaction() const;  // a transaction block is open (or failed)
  // COMMIT, or an error (and ROLLBACK) when a statement of the transaction
  // failed: PostgreSQL answers COMMIT of a failed transaction with success.
  Status Commit();
  const std::string& where() const { return where_; }  // redacted, for messages
  Error Fail(std::string_view what, const PGresult* r = nullptr) const;

 private:
  Result<Rows> Check(PGresult* r, std::string_view what);

  PGconn* conn_ = nullptr;
  std::string where_;
};

// BEGIN … COMMIT, rolled back unless Commit() was called. Inside an open
// transaction (a batch) it is a savepoint instead: Commit() releases it into
// the outer transaction and a rollback undoes only its own writes.
class Transaction {
 public:
  explicit Transaction(Conn& conn);
  ~Transaction();
  Status status() const { return status_; }
  Status Commit();

 private:
  Conn& conn_;
  Status status_ = Ok{};
  bool open_ = false;
  bool nested_ = false;
};

}  // namespace jianfu::store::pg
