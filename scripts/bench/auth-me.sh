#!/bin/sh
# GET /api/auth/me with a valid session (docs/benchmarks.md, "rg-auth: session lookup"): starts rg-auth's jar on the
# embedded database in a temporary data directory, registers and verifies the bootstrap admin, logs in, and runs
# rg-load-test http on /api/auth/me with the bearer token at RATE requests/s for SECS s after WARMUP s of
# uncounted requests at the same rate. Target: p99 <= 2 ms at 2,000/s on loopback. rg-auth is stopped on exit.
#
# usage: scripts/bench/auth-me.sh   (environment: RATE, SECS, WARMUP, CONNECTIONS, PORT, AUTH_JAVA_OPTS, OUT)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"
. "$ROOT/scripts/lib/rg-auth-bench.sh"

RATE=${RATE:-2000}
SECS=${SECS:-60}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-64}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"

auth_build
trap auth_stop EXIT
trap 'exit 130' INT TERM
auth_start
auth_bootstrap_admin
auth_login

echo "rg-auth pid $AUTH_PID on $AUTH_URL; $(auth_machine)"
echo "$(date -u '+%Y-%m-%d %H:%M') UTC: GET /api/auth/me at $RATE/s for $SECS s after $WARMUP s warm-up," \
  "$CONNECTIONS connections"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
# The token is on the command line of a local process for the run's length; the instance is thrown away after.
$LOAD http --url "$AUTH_URL/api/auth/me" --header "Authorization: Bearer $AUTH_TOKEN" --rate "$RATE" \
  --duration "$SECS" --warmup "$WARMUP" --connections "$CONNECTIONS" --server-pid "$AUTH_PID" --json \
  | tee "$OUT/auth-me-$STAMP.txt" | grep -v '^{' || true
echo "after the run: load $(cut -d' ' -f1-3 /proc/loadavg); JSON: $OUT/auth-me-$STAMP.txt"
