#!/usr/bin/env bash
# The server benchmarks (docs/PERFORMANCE.md, "Server"): wrk on loopback
# against `jianfu serve` on a province-scale demo year, and against nginx
# serving a static file of the size of a verify response, as the ceiling,
# in the same run.
#
#   bench/server/run.sh [--db DB] [--duration S] [--runs N] [--connections "64 256"]
#                       [--rss-seconds S] [--threads N] [--targets "healthz verify static demands"]
#                       [--access-log FILE] [--out DIR] [--year Y] [--rate R]
#                       [--set 'KEY = VALUE']…
#
# --db        a SQLite file (default: $TMPDIR/jianfu-bench/province-YEAR.db,
#             generated once with `jianfu demo generate --scale province`,
#             1–2 minutes) or a PostgreSQL URL (postgresql://… or
#             postgres://…), passed to jianfu as it is. A SQLite file is
#             copied into a scratch folder first, so every invocation starts
#             from the same year; on PostgreSQL the filings stay (an empty
#             database is filled with the demo year first; the signing keys
#             are in $JIANFU_KEYS, default $TMPDIR/jianfu-bench/pg-keys).
# --duration  seconds of each wrk run (default 10)
# --runs      runs of every (target, connections) pair (default 3); the
#             table gives medians, and each run measures verify and nginx
#             one after the other, so their ratio is taken within a run
# --connections  wrk connections (default "64 256"), wrk -t2 (-t1 for one)
# --rss-seconds  length of the two memory runs (verify at the largest
#             connection count, then filings at the smallest) with the
#             server's VmRSS sampled every second (default 60; 0 skips them)
# --threads   the server's worker threads and nginx's worker processes
#             (default: nproc, which is what `threads = 0` means)
# --access-log  the server's access log (default off, like nginx's here)
# --out       where the raw wrk outputs, results.tsv, rss-*.tsv and
#             summary.md go (default build/bench-server/DATE-TIME)
#
# --rate      filings a second offered by the demands-paced target (default
#             500): each connection pauses a random 0–2 × connections / rate
#             seconds before each filing, so the load is R a second however
#             fast the server answers, and latency is the server's own, not
#             a queue of wrk's making (the demands target sends as fast as
#             answers come: its latency is connections / throughput)
# --set       a line added to the server's [server] config (docs/server.md),
#             e.g. --set 'verify_cache = 0' (every verify checks its
#             signature: the cold case) or --set 'checkpoint_ms = 0'
#             (SQLite checkpoints inside the commits); repeatable
#
# Targets: healthz (GET /healthz), verify (GET /api/v1/verify/{code}, cycling
# through real codes of the database), static (nginx, same body size),
# demands (POST /api/v1/demands with an API token of a filer of
# 433127-agri: varied demands, most accepted, about one in ten refused),
# demands-paced (the same filings at --rate a second).
# Needs wrk, nginx and node (JIANFU_SETUP_BENCH=1 scripts/setup).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LUA_DIR="$ROOT/bench/server"
JIANFU=${JIANFU:-$ROOT/build/release/apps/jianfu/jianfu}
YEAR=$(date +%Y)
DB=""
DURATION=10
RUNS=3
CONNECTIONS="64 256"
RSS_SECONDS=60
THREADS=$(nproc)
TARGETS="healthz verify static demands"
RATE=500
SETTINGS=""
ACCESS_LOG=off
OUT=""
ISSUER=433127-agri  # a county department (永顺县农业农村局) …
COUNTY=433127       # … filing for its county's townships
CACHE="${TMPDIR:-/tmp}/jianfu-bench"

die() { echo "bench/server: $*" >&2; exit 2; }
while (($#)); do
  case $1 in
    --db) DB=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --rss-seconds) RSS_SECONDS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --access-log) ACCESS_LOG=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --year) YEAR=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --set) SETTINGS+="$2"$'\n'; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "未知参数 $1（见 --help）" ;;
  esac
done
for tool in wrk nginx node curl; do
  command -v "$tool" >/dev/null || die "缺少 $tool（运行 JIANFU_SETUP_BENCH=1 scripts/setup）"
done
[[ -x $JIANFU ]] || die "缺少 $JIANFU（先构建：cmake --build --preset release）"
OUT=${OUT:-$ROOT/build/bench-server/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/raw" "$CACHE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jianfu-bench-server.XXXXXX")
chmod 755 "$WORK"  # nginx's workers (nobody when started as root) read the static file

SERVER_PID="" NGINX_PID="" SAMPLER_PID=""
cleanup() {
  for pid in $SAMPLER_PID $NGINX_PID $SERVER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $SAMPLER_PID $NGINX_PID $SERVER_PID; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
load() { cut -d' ' -f1 /proc/loadavg; }
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
jf() { "$JIANFU" "$@"; }

# ---- the database ----------------------------------------------------------
# ensure_accounts DB: a filer of the county department, and an
# administrator to list codes and townships.
ensure_accounts() {
  local list name role unit
  list=$(jf users list --db "$1")
  for account in "bench-filer filer $ISSUER" "bench-admin admin 43"; do
    read -r name role unit <<<"$account"
    if ! grep -q "\"$name\"" <<<"$list"; then
      head -c 18 /dev/urandom | base64 | jf users add "$name" --role "$role" --unit "$unit" --db "$1" >/dev/null
    fi
  done
}
if [[ $DB == postgresql://* || $DB == postgres://* ]]; then
  export JIANFU_KEYS=${JIANFU_KEYS:-$CACHE/pg-keys}
  mkdir -p "$JIANFU_KEYS"
  # An empty database (no accounts table yet, or no bench account) is filled first.
  if ! jf users list --db "$DB" 2>/dev/null | grep -q '"bench-filer"'; then
    log "在 PostgreSQL 中生成省级演示数据（$YEAR 年）……"
    jf demo generate --year "$YEAR" --scale province --db "$DB" >"$OUT/demo-generate.txt"
  fi
  BENCH_DB=$DB
else
  PRISTINE=${DB:-$CACHE/province-$YEAR.db}
  if [[ ! -f $PRISTINE ]]; then
    log "生成省级演示数据 $PRISTINE（$YEAR 年，约 1–2 分钟，只生成一次）……"
    jf demo generate --year "$YEAR" --scale province --db "$PRISTINE" >"$OUT/demo-generate.txt"
    ensure_accounts "$PRISTINE"  # so that copies have them
  fi
  BENCH_DB=$WORK/bench.db
  log "复制 $PRISTINE 到临时目录（每次从同一份数据开始）"
  cp "$PRISTINE" "$BENCH_DB"
  for ext in key pub; do cp "${PRISTINE%.*}.$ext" "$WORK/bench.$ext"; done
  for ext in -wal -shm; do
    if [[ -f $PRISTINE$ext ]]; then cp "$PRISTINE$ext" "$BENCH_DB$ext"; fi
  done
fi

# Fresh API tokens every invocation.
ensure_accounts "$BENCH_DB"
FILER_TOKEN=$(jf users token bench-filer --days 2 --db "$BENCH_DB" 2>/dev/null)
ADMIN_TOKEN=$(jf users token bench-admin --days 2 --db "$BENCH_DB" 2>/dev/null)

# ---- the server ------------------------------------------------------------
cat >"$WORK/jianfu.toml" <<EOF
[server]
threads = $THREADS
access_log = "$ACCESS_LOG"
$SETTINGS
EOF
log "启动 jianfu serve（$THREADS 个工作线程；打开登记库要重建历史，需要几秒）"
"$JIANFU" serve --listen 127.0.0.1:0 --config "$WORK/jianfu.toml" --db "$BENCH_DB" 2>"$WORK/serve.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 600); do
  PORT=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f3 || true)
  [[ -n $PORT ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; die "jianfu serve 启动失败"; }
  sleep 0.5
done
[[ -n $PORT ]] || die "jianfu serve 五分钟内没有开始监听"
BASE=http://127.0.0.1:$PORT
log "jianfu serve 在 $BASE（pid $SERVER_PID）"

api() { curl -sS --fail-with-body -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE$1"; }
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j=JSON.parse(s);$1})"; }

# Real verification codes, spread over the year: 200 from each page of the
# filings at ids 0, 20,000, 40,000, … until a page is empty.
: >"$WORK/codes.txt"
after=0
while :; do
  page=$(api "/api/v1/demands?limit=200&after=$after" | json 'for (const d of j.demands) console.log(d.code)')
  [[ -z $page ]] && break
  printf '%s\n' "$page" >>"$WORK/codes.txt"
  after=$((after + 20000))
done
CODES=$(wc -l <"$WORK/codes.txt")
((CODES > 0)) || die "数据库里没有验证码"
api "/api/v1/units?q=$COUNTY&limit=200" |
  json 'for (const u of j.units) if (u.level==="township" && u.id.startsWith("'$COUNTY'")) console.log(u.id)' \
    >"$WORK/townships.txt"
[[ -s $WORK/townships.txt ]] || die "找不到 $COUNTY 的乡镇"

# nginx's static file: one verify response body, byte for byte.
curl -sS "$BASE/api/v1/verify/$(head -1 "$WORK/codes.txt")" -o "$WORK/verify.json"
BODY_BYTES=$(wc -c <"$WORK/verify.json")
grep -q '"genuine":true' "$WORK/verify.json" || die "验证码验证失败：$(cat "$WORK/verify.json")"
chmod 644 "$WORK/verify.json"
log "$CODES 个验证码，$(wc -l <"$WORK/townships.txt") 个乡镇；验证响应 $BODY_BYTES 字节"

# ---- nginx, the ceiling ----------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes $THREADS;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_timeout 65;
  keepalive_requests 100000000;  # as jianfu: no limit on requests per connection
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /verify.json {
      root $WORK;
      default_type application/json;
    }
  }
}
EOF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$NGINX_PORT/verify.json" -o /dev/null && break
  sleep 0.2
done
cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/verify.json") "$WORK/verify.json" ||
  die "nginx 没有返回静态文件（$WORK/nginx/error.log）"
log "nginx 在 127.0.0.1:$NGINX_PORT（$THREADS 个 worker，pid $NGINX_PID）"

# ---- wrk ---------------------------------------------------------------------
export JIANFU_BENCH_LUA=$LUA_DIR JIANFU_BENCH_CODES=$WORK/codes.txt JIANFU_BENCH_TOKEN=$FILER_TOKEN
export JIANFU_BENCH_YEAR=$YEAR JIANFU_BENCH_ISSUER=$ISSUER JIANFU_BENCH_COUNTY=$COUNTY
export JIANFU_BENCH_TOWNSHIPS=$WORK/townships.txt

# run_wrk TARGET CONNECTIONS SECONDS TAG: one wrk run, a row of results.tsv
# (cpu_us: CPU time of the server, or of nginx's master and workers, per
# request).
printf 'run\ttarget\tconnections\tload\trps\tp50_ms\tp99_ms\trequests\tnon2xx\tsocket_errors\ts201\ts422\tsother\tcpu_us\n' \
  >"$OUT/results.tsv"
# cpu_ticks PID…: user + system CPU of these processes so far, in clock ticks.
# Per request (cpu_us), it is what a shared, noisy machine distorts least.
TICKS=$(getconf CLK_TCK)
cpu_ticks() {
  local pid n=0
  for pid in "$@"; do
    n=$((n + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$n"
}
run_wrk() {
  local target=$1 c=$2 seconds=$3 tag=$4 url script
  case $target in
    healthz) url=$BASE/healthz script=plain.lua ;;
    verify) url=$BASE/ script=verify.lua ;;
    static) url=http://127.0.0.1:$NGINX_PORT/verify.json script=plain.lua ;;
    demands) url=$BASE/ script=demands.lua ;;
    demands-paced) url=$BASE/ script=demands.lua ;;
    *) die "未知目标 $target" ;;
  esac
  if [[ $target == demands-paced ]]; then
    export JIANFU_BENCH_PAUSE_MS
    JIANFU_BENCH_PAUSE_MS=$(awk "BEGIN {printf \"%.3f\", 1000 * $c / $RATE}")
  else
    unset JIANFU_BENCH_PAUSE_MS
  fi
  local l raw=$OUT/raw/$target-c$c-$tag.txt cpu0 cpu1 pids=$SERVER_PID
  [[ $target == static ]] && pids="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
  l=$(load)
  cpu0=$(cpu_ticks $pids)
  wrk -t$((c < 2 ? c : 2)) -c"$c" -d"${seconds}s" --timeout 10s --latency -s "$LUA_DIR/$script" "$url" >"$raw" 2>&1 ||
    { cat "$raw" >&2; die "wrk 失败"; }
  cpu1=$(cpu_ticks $pids)
  local line
  line=$(grep '^JIANFU_RESULT' "$raw") || { cat "$raw" >&2; die "wrk 没有输出结果"; }
  # shellcheck disable=SC2086
  local $(echo "${line#JIANFU_RESULT }")
  local p50 p99 cpu
  p50=$(awk "BEGIN {printf \"%.2f\", $p50_us / 1000}") p99=$(awk "BEGIN {printf \"%.2f\", $p99_us / 1000}")
  cpu=$(awk "BEGIN {printf \"%.0f\", ($cpu1 - $cpu0) * 1e6 / $TICKS / ($requests > 0 ? $requests : 1)}")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tag" "$target" "$c" "$l" "$rps" \
    "$p50" "$p99" "$requests" "$non2xx" \
    $((connect + read + write + timeout)) "${s201:--}" "${s422:--}" "${sother:--}" "$cpu" >>"$OUT/results.tsv"
  log "$(printf '%-8s c=%-4s %-6s %8.0f req/s  p50 %7s ms  p99 %7s ms  %5s µs CPU/req  non-2xx %s  socket errors %s  (load %s)' \
    "$target" "$c" "$tag" "$rps" "$p50" "$p99" "$cpu" "$non2xx" $((connect + read + write + timeout)) "$l")"
}

log "机器：$(nproc) 核，$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')；负载 $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$RUNS"); do
  for c in $CONNECTIONS; do
    for t in $TARGETS; do
      run_wrk "$t" "$c" "$DURATION" "run$r"
      sleep 1
    done
  done
done

# ---- memory over a long run ------------------------------------------------
# sample FILE: the server's VmRSS (KiB) every second, "seconds<TAB>KiB".
sample() {
  local t=0
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    printf '%s\t%s\n' "$t" "$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER_PID/status")" >>"$1"
    sleep 1
    t=$((t + 1))
  done
}
rss_run() {
  local target=$1 c=$2 trace=$OUT/rss-$1.tsv
  : >"$trace"
  sample "$trace" &
  SAMPLER_PID=$!
  run_wrk "$target" "$c" "$RSS_SECONDS" rss
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
}
if ((RSS_SECONDS > 0)); then
  set -- $CONNECTIONS
  largest=$(printf '%s\n' "$@" | sort -n | tail -1) smallest=$(printf '%s\n' "$@" | sort -n | head -1)
  if [[ " $TARGETS " == *" verify "* ]]; then rss_run verify "$largest"; fi
  if [[ " $TARGETS " == *" demands "* ]]; then rss_run demands "$smallest"; fi
  if [[ " $TARGETS " == *" demands-paced "* ]]; then rss_run demands-paced "$largest"; fi
fi

# The server's own counters: its latency histogram per route (time from a
# request's last byte to its response) and the filing groups.
api /metrics >"$OUT/metrics.txt" || true

# ---- summary ---------------------------------------------------------------
"$LUA_DIR/summarize.sh" "$OUT" "$BODY_BYTES" | tee "$OUT/summary.md"
log "原始输出：$OUT"
