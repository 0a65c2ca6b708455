#!/usr/bin/env bash
# The performance run behind docs/PERFORMANCE.md (`make bench` builds, then
# calls this). Usage: bench/run.sh [extra checker_bench flags...]
#
#   1. the machine (CPU model, cores, load);
#   2. checker_bench: 5 repetitions, median/mean/stddev of each benchmark;
#   3. whole-process runs over ../shared/corpus/laws with hyperfine, in one
#      invocation so the ratios come from the same run:
#        jianfu check, cold cache (JIANFU_CACHE_DIR emptied before each run)
#        jianfu check, warm cache (a primed JIANFU_CACHE_DIR)
#        rg -c -f PATTERNS        (PATTERNS = `jianfu rules export-patterns`)
#      then the peak resident memory of jianfu (/usr/bin/time -f %M).
# Part 3 is skipped, with a message, when the corpus is absent.
#
# Environment: JIANFU_SHARED_DIR (default ../shared next to the checkout),
# JIANFU_BENCH_OUT (a folder to keep hyperfine's JSON/CSV in; default a
# temporary folder, removed at the end), JIANFU_BENCH_RUNS (hyperfine runs,
# default 10), JIANFU_BENCH_THREADS (threads for jianfu and rg, default 2:
# the targets are stated for two cores).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${JIANFU_SHARED_DIR:-$ROOT/../shared}
LAWS=$SHARED/corpus/laws
JIANFU=$ROOT/build/release/apps/jianfu/jianfu
BENCH=$ROOT/build/release/bench/checker_bench
RUNS=${JIANFU_BENCH_RUNS:-10}
THREADS=${JIANFU_BENCH_THREADS:-2}

for exe in "$JIANFU" "$BENCH"; do
  if [[ ! -x $exe ]]; then
    echo "bench: 找不到 $exe，请先构建：cmake --preset release && cmake --build --preset release" >&2
    exit 2
  fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/jianfu-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT=${JIANFU_BENCH_OUT:-$TMP}
mkdir -p "$OUT"

echo "== 机器 (machine)"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:     $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "nproc:   $(nproc)"
echo "memory:  $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "kernel:  $(uname -r)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
echo "jianfu:  $("$JIANFU" --version) ($JIANFU)"
echo

echo "== checker_bench (5 repetitions; CPU time of the benchmark thread, MB/s of input)"
JIANFU_SHARED_DIR=$SHARED "$BENCH" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true "$@"
echo

if [[ ! -d $LAWS ]]; then
  echo "bench: $LAWS 不存在，跳过整个进程的语料测试（hyperfine、ripgrep、内存）"
  exit 0
fi
for tool in hyperfine rg /usr/bin/time; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench: 缺少 $tool，请运行 JIANFU_SETUP_BENCH=1 scripts/setup" >&2
    exit 2
  fi
done

# On a machine with more than two cores, keep every process on two of them.
PIN=()
if (($(nproc) > THREADS)) && command -v taskset >/dev/null; then
  PIN=(taskset -c "0-$((THREADS - 1))")
fi

files=$(find "$LAWS" -type f -name '*.md' | wc -l)
mib=$(du -sm --apparent-size "$LAWS" | cut -f1)
echo "== 整个进程 (whole process): $LAWS, $files .md files, $mib MiB, $THREADS threads"
echo "hyperfine: $(hyperfine --version)   ripgrep: $(rg --version | head -1)"

PATTERNS=$TMP/patterns.txt
"$JIANFU" rules export-patterns >"$PATTERNS"
echo "patterns:  $(wc -l <"$PATTERNS") (jianfu rules export-patterns)"

COLD=$TMP/cache-cold
WARM=$TMP/cache-warm
# Prime the warm cache, and make sure jianfu reads the corpus without errors
# (exit 0 clean, 1 findings, 2 an error).
status=0
JIANFU_CACHE_DIR=$WARM "$JIANFU" check --format json -j "$THREADS" "$LAWS" >"$TMP/report.json" || status=$?
if ((status > 1)); then
  echo "bench: jianfu check 失败（退出码 $status）" >&2
  exit 2
fi
echo "findings:  $(grep -c '"rule":' "$TMP/report.json") in one run"

q() { printf '%q' "$1"; }
cold_cmd="JIANFU_CACHE_DIR=$(q "$COLD") $(q "$JIANFU") check --format json -j $THREADS $(q "$LAWS")"
warm_cmd="JIANFU_CACHE_DIR=$(q "$WARM") $(q "$JIANFU") check --format json -j $THREADS $(q "$LAWS")"
rg_cmd="rg -j $THREADS -c -f $(q "$PATTERNS") $(q "$LAWS")"
echo
echo "cold: $cold_cmd"
echo "warm: $warm_cmd"
echo "rg:   $rg_cmd"
echo

# -i: jianfu exits 1 when it finds something, rg when it does not.
"${PIN[@]}" hyperfine -i --warmup 2 --runs "$RUNS" --style basic \
  --export-json "$OUT/hyperfine.json" --export-csv "$OUT/hyperfine.csv" \
  --command-name jianfu-cold --prepare "rm -rf $(q "$COLD") && mkdir -p $(q "$COLD")" "$cold_cmd" \
  --command-name jianfu-warm --prepare "true" "$warm_cmd" \
  --command-name rg --prepare "true" "$rg_cmd"

echo
echo "== 中位数 (medians of $RUNS runs, one hyperfine invocation)"
awk -F, 'NR > 1 { m[$1] = $4; u[$1] = $5; s[$1] = $6 }
  END {
    n = split("jianfu-cold jianfu-warm rg", names, " ")
    for (i = 1; i <= n; ++i)
      printf "%-12s median %.3f s   (mean user %.3f s, system %.3f s)\n", names[i], m[names[i]], u[names[i]], s[names[i]]
    printf "ratio jianfu-cold / rg = %.2f\n", m["jianfu-cold"] / m["rg"]
    printf "ratio jianfu-warm / rg = %.2f\n", m["jianfu-warm"] / m["rg"]
  }' "$OUT/hyperfine.csv"
echo

echo "== 峰值内存 (peak resident memory, /usr/bin/time -f %M, 5 runs each)"
peak() {  # peak <cache dir> <empty it first: 0|1>
  local kb=()
  for _ in 1 2 3 4 5; do
    if [[ $2 == 1 ]]; then rm -rf "$1" && mkdir -p "$1"; fi
    JIANFU_CACHE_DIR=$1 "${PIN[@]}" /usr/bin/time -f %M -o "$TMP/rss" \
      "$JIANFU" check --format json -j "$THREADS" "$LAWS" >/dev/null || true
    kb+=("$(tail -1 "$TMP/rss")")
  done
  printf '%s\n' "${kb[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "median %.1f MiB, max %.1f MiB (KiB: ", v[3] / 1024, v[NR] / 1024 }'
  echo "${kb[*]})"
}
echo "cold: $(peak "$COLD" 1)"
echo "warm: $(peak "$WARM" 0)"
if [[ -n ${JIANFU_BENCH_OUT:-} ]]; then echo; echo "hyperfine results kept in $OUT"; fi
