// Accounts and sessions on PostgreSQL, with the SQLite store's semantics
// (sqlite_store.cpp): a name is added once, a session's kind is 'session'
// or 'api', and adding a session purges those expired.
#include "postgres_accounts.h"

#include <utility>

namespace jianfu::store::pgaccounts {
namespace {

using pg::Params;
using pg::Rows;

constexpr const char* kAccountColumns = "name, password_hash, role, unit, created_at";

Account ReadAccount(const Rows& r, int row) {
  Account a;
  a.name = r.Text(row, 0);
  a.password_hash = r.Text(row, 1);
  a.role = r.Text(row, 2);
  a.unit = r.Text(row, 3);
  a.created_at = r.Int(row, 4);
  return a;
}

constexpr const char* kSessionColumns = "token_hash, account, csrf, created_at, expires_at, kind";

SessionRecord ReadSession(const Rows& r, int row) {
  SessionRecord s;
  s.token_hash = r.Text(row, 0);
  s.account = r.Text(row, 1);
  s.csrf = r.Text(row, 2);
  s.created_at = r.Int(row, 3);
  s.expires_at = r.Int(row, 4);
  s.kind = r.View(row, 5) == "api" ? SessionRecord::Kind::kApiToken : SessionRecord::Kind::kSession;
  return s;
}

Error NoAccount(const std::string& name) {
  return MakeError(ErrorCode::kNotFound, "账号“" + name + "”不存在", {}, "name");
}

}  // namespace

// One statement, so two processes adding the same name at once cannot both
// pass a check made before the insert: the loser inserts nothing.
Status AddAccount(pg::Conn& conn, const Account& a) {
  pg::Transaction tx(conn);  // a savepoint inside a batch, which a failure must not end
  if (!tx.status().ok()) return tx.status();
  auto r = conn.Query(std::string("INSERT INTO accounts (") + kAccountColumns +
                          ") VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING RETURNING 1",
                      Params().Add(a.name).Add(a.password_hash).Add(a.role).Add(a.unit).Add(a.created_at));
  if (!r) return r.error();
  if (r->size() == 0) return MakeError(ErrorCode::kInvalidArgument, "账号“" + a.name + "”已存在", {}, "name");
  return tx.Commit();
}

Result<std::optional<Account>> GetAccount(pg::Conn& conn, const std::string& name) {
  auto r = conn.Query(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE name = $1",
                      Params().Add(name));
  if (!r) return r.error();
  if (r->size() == 0) return std::optional<Account>();
  return std::optional<Account>(ReadAccount(*r, 0));
}

Result<std::vector<Account>> ListAccounts(pg::Conn& conn) {
  // COLLATE "C": byte order, as SQLite sorts text, whatever the database's collation.
  auto r = conn.Query(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY name COLLATE \"C\"");
  if (!r) return r.error();
  std::vector<Account> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadAccount(*r, i));
  return out;
}

Status AddSession(pg::Conn& conn, const SessionRecord& s, int64_t now) {
  pg::Transaction tx(conn);
  if (!tx.status().ok()) return tx.status();
  auto purged = conn.Query("DELETE FROM sessions WHERE expires_at <= $1", Params().Add(now));
  if (!purged) return purged.error();
  auto r = conn.Query(
      "INSERT INTO sessions (token_hash, account, csrf, created_at, expires_at, kind) "
      "VALUES ($1, $2, $3, $4, $5, $6)",
      Params()
          .Add(s.token_hash)
          .Add(s.account)
          .Add(s.csrf)
          .Add(s.created_at)
          .Add(s.expires_at)
          .Add(s.kind == SessionRecord::Kind::kApiToken ? "api" : "session"));
  if (!r) return r.error();
  return tx.Commit();
}

Result<std::optional<SessionRecord>> GetSession(pg::Conn& conn, const std::string& token_hash) {
  auto r = conn.Query(std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_hash = $1",
                      Params().Add(token_hash));
  if (!r) return r.error();
  if (r->size() == 0) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(ReadSession(*r, 0));
}

Status DeleteSession(pg::Conn& conn, const std::string& token_hash) {
  auto r = conn.Query("DELETE FROM sessions WHERE token_hash = $1", Params().Add(token_hash));
  if (!r) return r.error();
  return Ok{};
}

Status SetPassword(pg::Conn& conn, const std::string& name, const std::string& hash,
                   const std::string& keep) {
  pg::Transaction tx(conn);
  if (!tx.status().ok()) return tx.status();
  auto r = conn.Query("UPDATE accounts SET password_hash = $1 WHERE name = $2 RETURNING 1",
                      Params().Add(hash).Add(name));
  if (!r) return r.error();
  if (r->size() == 0) return NoAccount(name);
  auto ended = conn.Query("DELETE FROM sessions WHERE account = $1 AND kind = 'session' AND token_hash <> $2",
                          Params().Add(name).Add(keep));
  if (!ended) return ended.error();
  return tx.Commit();
}

Status RemoveAccount(pg::Conn& conn, const std::string& name) {
  // Its sessions and API tokens go with it (ON DELETE CASCADE).
  auto r = conn.Query("DELETE FROM accounts WHERE name = $1 RETURNING 1", Params().Add(name));
  if (!r) return r.error();
  if (r->size() == 0) return NoAccount(name);
  return Ok{};
}

Result<std::vector<SessionRecord>> ListSessions(pg::Conn& conn, const std::string& account) {
  auto r = conn.Query(std::string("SELECT ") + kSessionColumns +
                          " FROM sessions WHERE account = $1 ORDER BY created_at, token_hash COLLATE \"C\"",
                      Params().Add(account));
  if (!r) return r.error();
  std::vector<SessionRecord> out;
  for (int i = 0; i < r->size(); ++i) out.push_back(ReadSession(*r, i));
  return out;
}

}  // namespace jianfu::store::pgaccounts
