// The PostgreSQL store's SQL: its schema migrations and the statements
// whose shape matters (postgres_store.cpp). Private to the store module.
#pragma once

#include <iterator>

#include "jianfu/store/store.h"

namespace jianfu::store::pgsql {

// Migration N takes the schema from version N to N+1. Append only; version
// N here is the same logical schema as version N of the SQLite store.
inline constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE units (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  level      integer NOT NULL,
  organ_type integer,            -- NULL for a region
  parent     text NOT NULL,      -- '' for a root
  region     text NOT NULL
);
CREATE TABLE list_items (
  list     text NOT NULL,
  id       text NOT NULL,
  unit     text NOT NULL,
  name     text NOT NULL,
  category text NOT NULL,
  year     integer NOT NULL,
  PRIMARY KEY (list, id)
);
CREATE TABLE demand_ids (last bigint NOT NULL);  -- one row: the last id given
INSERT INTO demand_ids VALUES (0);
CREATE TABLE demands (
  id       bigint PRIMARY KEY,
  kind     text NOT NULL,
  issuer   text NOT NULL,
  title    text NOT NULL,
  date     date NOT NULL,
  year     integer NOT NULL,
  body     text NOT NULL,       -- the demand's JSON, as the API reads it
  code     text NOT NULL,
  filed_at bigint NOT NULL      -- Unix seconds
);
CREATE INDEX demands_issuer ON demands (issuer, kind, date);
CREATE INDEX demands_year ON demands (year, kind);
CREATE TABLE targets (
  demand      bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
  unit        text NOT NULL,
  levels      bigint NOT NULL,
  organ_types text NOT NULL     -- JSON array, '[]' for all
);
CREATE INDEX targets_demand ON targets (demand);
CREATE INDEX targets_unit ON targets (unit);
CREATE TABLE findings (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  demand    bigint NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
  rule      text NOT NULL,
  severity  text NOT NULL,
  justified boolean NOT NULL,
  title     text NOT NULL,
  message   text NOT NULL,
  citation  text NOT NULL,
  excerpt   text NOT NULL,
  related   text NOT NULL       -- JSON array of demand ids
);
CREATE INDEX findings_demand ON findings (demand);
CREATE INDEX findings_rule ON findings (rule);
)sql",
    // 2: local accounts and their login sessions (the server, docs/server.md).
    R"sql(
CREATE TABLE accounts (
  name          text PRIMARY KEY,
  password_hash text NOT NULL,
  role          text NOT NULL,
  unit          text NOT NULL,
  created_at    bigint NOT NULL   -- Unix seconds
);
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account    text NOT NULL REFERENCES accounts (name) ON DELETE CASCADE,
  csrf       text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  kind       text NOT NULL      -- 'session' (cookie) or 'api' (bearer token)
);
CREATE INDEX sessions_expires ON sessions (expires_at);
)sql",
    // 3: the hash-chained audit log and the office's approvals (docs/audit.md).
    R"sql(
CREATE TABLE audit (
  seq    bigint PRIMARY KEY,
  at     bigint NOT NULL,
  actor  text NOT NULL,
  action text NOT NULL,
  object text NOT NULL,
  detail text NOT NULL,
  prev   text NOT NULL,
  hash   text NOT NULL
);
CREATE TABLE approvals (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  subject      text NOT NULL,
  unit         text NOT NULL,
  payload      text NOT NULL,
  requested_by text NOT NULL,
  requested_at bigint NOT NULL,
  status       text NOT NULL,
  decided_by   text NOT NULL,
  decided_at   bigint NOT NULL,
  note         text NOT NULL
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

// Every table the migrations create, and schema_version (RemoveStore).
// store_test checks that nothing is left behind.
inline constexpr const char* kDropTables =
    "DROP TABLE IF EXISTS approvals, audit, sessions, accounts, findings, targets, demands, demand_ids, "
    "list_items, units, schema_version";

// Sent inside every transaction that stores filings, delivered at its
// commit (MayHaveNewDemands). The payload is the schema the tables are in,
// so that jianfu instances in several schemas of one database (and tests
// running in parallel, a schema each) do not wake each other.
inline constexpr const char* kNotify = "SELECT pg_notify('jianfu_demands', coalesce(current_schema(), ''))";

// Taken (per database) while migrating, so that processes opening a new
// database at once do not both create the tables. ("jianfu" in ASCII.)
inline constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(106105097110102117)";

// Indexes only queries use (as in the SQLite store): dropped by
// BeginBulkLoad, built by EndBulkLoad or by the next open.
inline constexpr const char* kQueryIndexes[][2] = {
    {"demands_issuer", "CREATE INDEX IF NOT EXISTS demands_issuer ON demands (issuer, kind, date)"},
    {"targets_unit", "CREATE INDEX IF NOT EXISTS targets_unit ON targets (unit)"},
};

// A filing in one statement (one round trip): the demand, then its targets
// and findings from JSON arrays, findings in order (their ids follow it).
inline constexpr const char* kInsertFiling = R"sql(
WITH d AS (
  INSERT INTO demands (id, kind, issuer, title, date, year, body, code, filed_at)
  VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9)),
t AS (
  INSERT INTO targets (demand, unit, levels, organ_types)
  SELECT $1, x.unit, x.levels, x.organ_types
  FROM jsonb_to_recordset($10::jsonb) AS x(unit text, levels bigint, organ_types text)),
f AS (
  INSERT INTO findings (demand, rule, severity, justified, title, message, citation, excerpt, related)
  SELECT $1, x.rule, x.severity, x.justified, x.title, x.message, x.citation, x.excerpt, x.related
  FROM jsonb_array_elements($11::jsonb) WITH ORDINALITY AS e(v, n),
       jsonb_to_record(e.v) AS x(rule text, severity text, justified boolean, title text, message text,
                                 citation text, excerpt text, related text)
  ORDER BY e.n)
SELECT 1)sql";

}  // namespace jianfu::store::pgsql
