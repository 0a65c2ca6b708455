// The SQLite schema, as numbered migrations (SqliteStore::Migrate applies
// the ones a database lacks, each in its own transaction).
#include <iterator>

#include "sqlite_records.h"

namespace jianfu::store::sqlite {

// Append only: a released migration is never edited.
const char* const kMigrations[] = {
    R"sql(
CREATE TABLE units (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  level      INTEGER NOT NULL,
  organ_type INTEGER,            -- NULL for a region
  parent     TEXT NOT NULL,      -- '' for a root
  region     TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE list_items (
  list     TEXT NOT NULL,
  id       TEXT NOT NULL,
  unit     TEXT NOT NULL,
  name     TEXT NOT NULL,
  category TEXT NOT NULL,
  year     INTEGER NOT NULL,
  PRIMARY KEY (list, id)
) WITHOUT ROWID;
CREATE TABLE demands (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL,
  issuer   TEXT NOT NULL,
  title    TEXT NOT NULL,
  date     TEXT NOT NULL,       -- YYYY-MM-DD
  year     INTEGER NOT NULL,
  body     TEXT NOT NULL,       -- the demand's JSON
  code     TEXT NOT NULL,
  filed_at INTEGER NOT NULL
);
CREATE INDEX demands_issuer ON demands (issuer, kind, date);
CREATE INDEX demands_year ON demands (year, kind);
CREATE TABLE targets (
  demand      INTEGER NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
  unit        TEXT NOT NULL,
  levels      INTEGER NOT NULL,
  organ_types TEXT NOT NULL     -- JSON array, '[]' for all
);
CREATE INDEX targets_demand ON targets (demand);
CREATE INDEX targets_unit ON targets (unit);
CREATE TABLE findings (
  id        INTEGER PRIMARY KEY,
  demand    INTEGER NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
  rule      TEXT NOT NULL,
  severity  TEXT NOT NULL,
  justified INTEGER NOT NULL,
  title     TEXT NOT NULL,
  message   TEXT NOT NULL,
  citation  TEXT NOT NULL,
  excerpt   TEXT NOT NULL,
  related   TEXT NOT NULL       -- JSON array of demand ids
);
CREATE INDEX findings_demand ON findings (demand);
CREATE INDEX findings_rule ON findings (rule);
)sql",
    // 2: local accounts and their login sessions (the server, docs/server.md).
    R"sql(
CREATE TABLE accounts (
  name          TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  created_at    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account    TEXT NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  kind       TEXT NOT NULL      -- 'session' (cookie) or 'api' (bearer token)
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
)sql",
    // 3: the hash-chained audit log and the office's approvals (docs/audit.md).
    R"sql(
CREATE TABLE audit (
  seq    INTEGER PRIMARY KEY,
  at     INTEGER NOT NULL,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev   TEXT NOT NULL,
  hash   TEXT NOT NULL
);
CREATE TABLE approvals (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,   -- plan | duty | activity | exception
  subject      TEXT NOT NULL,
  unit         TEXT NOT NULL,
  payload      TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  status       TEXT NOT NULL,   -- pending | approved | rejected
  decided_by   TEXT NOT NULL,
  decided_at   INTEGER NOT NULL,
  note         TEXT NOT NULL
);
CREATE INDEX approvals_status ON approvals (status, kind);
CREATE INDEX approvals_subject ON approvals (subject);
)sql",
    // 4: lists filtered by the caller's subtree walk the tree down from a
    // unit (DemandFilter::visible_to, common.cpp ReachesSql).
    R"sql(
CREATE INDEX IF NOT EXISTS units_parent ON units (parent);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

}  // namespace jianfu::store::sqlite
