#!/usr/bin/env bash
# The issue's target for `jianfu posts analyze`: 10,000,000 generated posts
# in under two minutes on two cores (docs/PERFORMANCE.md, "Posts").
#
#   bench/posts/run_10m.sh [POSTS] [RUNS]
#
# Generates the corpus once into $JIANFU_BENCH_DIR (default /tmp), then
# times RUNS (default 3) analyses with two threads and prints wall, user and
# system time and peak memory of each (GNU time), and the median wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-10000000}
runs=${2:-3}
dir=${JIANFU_BENCH_DIR:-/tmp}
bin=build/release/apps/jianfu/jianfu
file="$dir/jianfu_posts_$posts.jsonl"
[[ -x $bin ]] || { echo "build the release preset first" >&2; exit 2; }
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ ! -s $file ]]; then
  /usr/bin/time -f "generate: %e s wall, %U s user, %M KB peak" "$bin" posts generate -n "$posts" > "$file"
fi
echo "corpus: $file, $(stat -c %s "$file") bytes"
cat "$file" > /dev/null  # warm the page cache
walls=()
for ((i = 1; i <= runs; ++i)); do
  /usr/bin/time -o /tmp/jianfu_posts_time -f "%e %U %S %M" "$bin" posts analyze -j 2 "$file" > /tmp/jianfu_posts_out.json
  read -r wall user sys peak < /tmp/jianfu_posts_time
  echo "run $i: ${wall} s wall, ${user} s user, ${sys} s system, $((peak / 1024)) MiB peak, load $(cut -d' ' -f1 /proc/loadavg)"
  walls+=("$wall")
done
printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print "median wall: " a[int((NR+1)/2)] " s"}'
python3 -c 'import json,sys; s=json.load(open("/tmp/jianfu_posts_out.json"))["summary"]; print("summary:", s)'
