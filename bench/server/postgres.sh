#!/usr/bin/env bash
# bench/server/postgres.sh [run.sh options]: the server benchmarks on a
# throwaway PostgreSQL 15 cluster (scripts/with-postgres: a free local port,
# fsync and synchronous_commit off, removed afterwards). The demo year is
# generated into it first (a few minutes); the signing keys go to
# $TMPDIR/jianfu-bench/pg-keys-PORT.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [[ -z ${JIANFU_TEST_PG:-} ]]; then
  exec "$ROOT/scripts/with-postgres" "$0" "$@"
fi
port=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$JIANFU_TEST_PG")
[[ -n $port ]] || { echo "bench/server/postgres.sh: JIANFU_TEST_PG 中没有端口：$JIANFU_TEST_PG" >&2; exit 2; }
export JIANFU_KEYS=${TMPDIR:-/tmp}/jianfu-bench/pg-keys-$port
mkdir -p "$JIANFU_KEYS"
exec "$ROOT/bench/server/run.sh" --db "postgresql://postgres@127.0.0.1:$port/jianfu" "$@"
