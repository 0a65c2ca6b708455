// How the PostgreSQL store builds its list queries and reads findings back
// (postgres_store.cpp, postgres_records.cpp). Private to the store module.
#pragma once

#include <string>

#include "common.h"
#include "jianfu/store/store.h"
#include "pg.h"

namespace jianfu::store::pgquery {

inline constexpr const char* kFindingColumns =
    "f.rule, f.severity, f.justified, f.title, f.message, f.citation, f.excerpt, f.related";

// The kFindingColumns of row `row`, starting at column `c`.
inline StoredFinding ReadFinding(const pg::Rows& r, int row, int c) {
  StoredFinding x;
  x.rule = r.Text(row, c);
  rules::ParseSeverity(r.Text(row, c + 1), &x.severity);
  x.justified = r.Int(row, c + 2) != 0;
  x.title = r.Text(row, c + 3);
  x.message = r.Text(row, c + 4);
  x.citation = r.Text(row, c + 5);
  x.excerpt = r.Text(row, c + 6);
  x.related = internal::ParseRelated(r.View(row, c + 7));
  return x;
}

// Conditions with parameters numbered as they are added.
class Where {
 public:
  explicit Where(std::string first) { sql_ = " WHERE " + first; }
  void And(const std::string& column, int64_t v) { Add(column, std::to_string(v)); }
  void And(const std::string& column, const std::string& v) { Add(column, v); }
  // internal::ReachesSql for the demand row `d` and `unit`.
  void AndReaches(const std::string& unit, bool issued_within) {
    params_.Add(unit);
    sql_ += " AND " + internal::ReachesSql("$" + std::to_string(params_.size()), issued_within);
  }
  const std::string& sql() const { return sql_; }
  pg::Params& params() { return params_; }
  int next() const { return params_.size() + 1; }

 private:
  void Add(const std::string& column, const std::string& v) {
    params_.Add(v);
    sql_ += " AND " + column + " = $" + std::to_string(params_.size());
  }
  std::string sql_;
  pg::Params params_;
};

}  // namespace jianfu::store::pgquery
