// The aggregate rules DOC-01, INS-04 and INS-20 written as plain SQL over
// the store's tables (SQLite's dialect; PostgreSQL's below): the correctness oracle of Registry::Evaluate
// (evaluate_test.cpp) and its speed baseline (bench/registry_bench.cpp).
// Each query takes the year as ?1 and returns the ids of the units it
// finds, one row each. The thresholds are the built-in defaults of
// rules/*.toml. Private to the registry module's tests and benchmarks.
#pragma once

namespace jianfu::registry::reference {

// DOC-01: an issuer with more documents in the year than in the one before
// (which has some).
inline constexpr const char* kDoc01 = R"sql(
  SELECT issuer FROM demands WHERE kind = 'document' AND year IN (?1, ?1 - 1)
  GROUP BY issuer HAVING SUM(year = ?1) > SUM(year = ?1 - 1) AND SUM(year = ?1 - 1) > 0)sql";

// INS-04: on-site, non-exempt inspections of the year reaching a province
// from an issuer outside it, more than 2 a month on average (24 a year).
inline constexpr const char* kIns04 = R"sql(
  SELECT substr(tu.region, 1, 2) FROM demands d
  JOIN targets t ON t.demand = d.id JOIN units tu ON tu.id = t.unit JOIN units iu ON iu.id = d.issuer
  WHERE d.kind = 'inspection' AND d.year = ?1 AND json_extract(d.body, '$.onsite') = 1
    AND json_extract(d.body, '$.category') = 'none' AND substr(iu.region, 1, 2) <> substr(tu.region, 1, 2)
  GROUP BY substr(tu.region, 1, 2) HAVING COUNT(DISTINCT d.id) > 24)sql";

// INS-20: a township or village (a region, level 3 or 4) visited on site by
// more than 1 inspection of any type in a day, 2 in a week (Monday to
// Sunday) or 3 in a month of the year, counting every inspection whose
// date..end_date overlaps the window and the year. A target covers the
// regions whose code starts with its unit's (the code's prefix is its
// subtree; region codes sort so that the subtree is the key range
// [unit, unit || ':')) at one of its levels (bit 1 << level), or its unit
// alone when it has no levels; a target limited to organ types covers no
// region. (CROSS JOIN keeps SQLite's join order: inspections, their
// targets, then the units in each target's key range.)
inline constexpr const char* kIns20 = R"sql(
  WITH RECURSIVE
    days(d) AS (
      SELECT printf('%04d-01-01', ?1)
      UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < printf('%04d-12-31', ?1)),
    windows(a, b, max_visits) AS (
      SELECT d, d, 1 FROM days
      UNION
      SELECT date(d, printf('-%d days', (CAST(strftime('%w', d) AS INTEGER) + 6) % 7)),
             date(d, printf('+%d days', 6 - (CAST(strftime('%w', d) AS INTEGER) + 6) % 7)), 2 FROM days
      UNION
      SELECT date(d, 'start of month'), date(d, 'start of month', '+1 month', '-1 day'), 3 FROM days),
    visits(id, unit, f, t) AS (
      SELECT DISTINCT d.id, u.id, d.date, COALESCE(json_extract(d.body, '$.end_date'), d.date)
      FROM demands d
      CROSS JOIN targets tg ON tg.demand = d.id
      CROSS JOIN units u ON u.id >= tg.unit AND u.id < tg.unit || ':'
      WHERE d.year BETWEEN ?1 - 1 AND ?1 AND d.kind = 'inspection' AND json_extract(d.body, '$.onsite') = 1
        AND d.date <= printf('%04d-12-31', ?1)
        AND COALESCE(json_extract(d.body, '$.end_date'), d.date) >= printf('%04d-01-01', ?1)
        AND tg.organ_types = '[]' AND u.organ_type IS NULL AND u.level >= 3
        AND substr(u.id, 1, length(tg.unit)) = tg.unit
        AND ((tg.levels = 0 AND u.id = tg.unit) OR ((tg.levels >> u.level) & 1) = 1))
  SELECT DISTINCT v.unit FROM visits v JOIN windows w ON v.f <= w.b AND v.t >= w.a
  GROUP BY v.unit, w.a, w.b, w.max_visits HAVING COUNT(DISTINCT v.id) > w.max_visits)sql";

// The same three in PostgreSQL's dialect (the PostgreSQL store's tables:
// `date` is a date, the body text is cast to jsonb), year as $1; the unit
// key ranges compare bytewise (COLLATE "C"), as SQLite does.
namespace postgres {

inline constexpr const char* kDoc01 = R"sql(
  SELECT issuer FROM demands WHERE kind = 'document' AND year IN ($1, $1 - 1)
  GROUP BY issuer HAVING COUNT(*) FILTER (WHERE year = $1) > COUNT(*) FILTER (WHERE year = $1 - 1)
     AND COUNT(*) FILTER (WHERE year = $1 - 1) > 0)sql";

inline constexpr const char* kIns04 = R"sql(
  SELECT substr(tu.region, 1, 2) FROM demands d
  JOIN targets t ON t.demand = d.id JOIN units tu ON tu.id = t.unit JOIN units iu ON iu.id = d.issuer
  WHERE d.kind = 'inspection' AND d.year = $1 AND d.body::jsonb ->> 'onsite' = 'true'
    AND d.body::jsonb ->> 'category' = 'none' AND substr(iu.region, 1, 2) <> substr(tu.region, 1, 2)
  GROUP BY substr(tu.region, 1, 2) HAVING COUNT(DISTINCT d.id) > 24)sql";

inline constexpr const char* kIns20 = R"sql(
  WITH
    days(d) AS (
      SELECT g::date FROM generate_series(make_date($1, 1, 1), make_date($1, 12, 31), interval '1 day') AS g),
    windows(a, b, max_visits) AS (
      SELECT d, d, 1 FROM days
      UNION
      SELECT d - (extract(isodow FROM d)::int - 1), d + (7 - extract(isodow FROM d)::int), 2 FROM days
      UNION
      SELECT date_trunc('month', d)::date, (date_trunc('month', d) + interval '1 month - 1 day')::date, 3
      FROM days),
    visits(id, unit, f, t) AS (
      SELECT DISTINCT d.id, u.id, d.date, COALESCE((d.body::jsonb ->> 'end_date')::date, d.date)
      FROM demands d
      JOIN targets tg ON tg.demand = d.id
      JOIN units u ON u.id COLLATE "C" >= tg.unit AND u.id COLLATE "C" < tg.unit || ':'
      WHERE d.year BETWEEN $1 - 1 AND $1 AND d.kind = 'inspection' AND d.body::jsonb ->> 'onsite' = 'true'
        AND d.date <= make_date($1, 12, 31)
        AND COALESCE((d.body::jsonb ->> 'end_date')::date, d.date) >= make_date($1, 1, 1)
        AND tg.organ_types = '[]' AND u.organ_type IS NULL AND u.level >= 3
        AND substr(u.id, 1, length(tg.unit)) = tg.unit
        AND ((tg.levels = 0 AND u.id = tg.unit) OR ((tg.levels >> u.level) & 1) = 1))
  SELECT DISTINCT v.unit FROM visits v JOIN windows w ON v.f <= w.b AND v.t >= w.a
  GROUP BY v.unit, w.a, w.b, w.max_visits HAVING COUNT(DISTINCT v.id) > w.max_visits)sql";

}  // namespace postgres

}  // namespace jianfu::registry::reference
