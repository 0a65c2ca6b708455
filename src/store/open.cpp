// OpenStore: one place that turns --db into a store.
#include <libpq-fe.h>

#include <cctype>
#include <string>

#include "jianfu/store/store.h"
#include "pg.h"

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

}  // namespace jianfu::store
