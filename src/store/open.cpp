// OpenStore: one place that turns --db into a store (and RemoveStore, what
// undoes OpenStore(…, create)).
#include <libpq-fe.h>

#include <cctype>
#include <string>
#include <system_error>

#include "jianfu/store/store.h"
#include "pg.h"
#include "postgres_sql.h"

namespace jianfu::store {

bool IsPostgres(std::string_view where) {
  if (where.starts_with("postgresql://") || where.starts_with("postgres://")) return true;
  size_t i = 0;
  while (i < where.size() && std::isspace(static_cast<unsigned char>(where[i]))) ++i;
  size_t j = i;
  while (j < where.size() && (std::isalnum(static_cast<unsigned char>(where[j])) || where[j] == '_')) ++j;
  size_t k = j;
  while (k < where.size() && std::isspace(static_cast<unsigned char>(where[k]))) ++k;
  if (j == i || k == where.size() || where[k] != '=') return false;
  // "a=b.db" is a file: only libpq's own keywords make a connection string.
  const std::string keyword(where.substr(i, j - i));
  bool known = false;
  if (PQconninfoOption* defaults = PQconndefaults()) {
    for (PQconninfoOption* o = defaults; o->keyword; ++o)
      if (keyword == o->keyword) known = true;
    PQconninfoFree(defaults);
  }
  return known;
}

std::string DisplayName(const std::string& where) { return IsPostgres(where) ? pg::Redact(where) : where; }

Result<std::unique_ptr<Store>> OpenStore(const std::string& where, bool create) {
  if (IsPostgres(where)) return OpenPostgres(where, create);
  return OpenSqlite(where, create);
}

Status RemoveStore(const std::string& where) {
  if (!IsPostgres(where)) {
    for (const std::string suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      std::filesystem::remove(where + suffix, ec);
      if (ec) return MakeError(ErrorCode::kIo, "无法删除数据库文件（" + ec.message() + "）", where + suffix);
    }
    return Ok{};
  }
  pg::Conn conn;
  if (auto s = conn.Connect(where); !s.ok()) return s;
  pg::Transaction tx(conn);
  if (!tx.status().ok()) return tx.status();
  // Under the migration lock, so that no process is creating them meanwhile.
  if (auto s = conn.Exec(pgsql::kMigrationLock); !s.ok()) return s;
  if (auto s = conn.Exec(pgsql::kDropTables); !s.ok()) return s;
  return tx.Commit();
}

}  // namespace jianfu::store
