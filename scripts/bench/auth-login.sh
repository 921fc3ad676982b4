#!/bin/sh
# Login throughput (docs/benchmarks.md, "rg-auth: login"): starts rg-auth's jar on the embedded database in a
# temporary data directory with the rate limits taken out (VELDRA_AUTH_RATE_LIMIT_MULTIPLIER=1000000), registers
# and verifies the bootstrap admin, and drives POST /api/auth/login with its valid credentials open-loop at each
# rate in RATES for SECS s (after WARMUP s at the same rate, uncounted). Each login is one Argon2id verification;
# past what the cores can hash, the service must answer 503 busy rather than queue without bound. Prints per rate:
# successful logins/s, p50/p99 of the successes, 503s and their p99, other statuses, errors and unsent requests.
# rg-auth is stopped on exit.
#
# usage: scripts/bench/auth-login.sh   (environment: RATES, SECS, WARMUP, CONNECTIONS, PORT, AUTH_JAVA_OPTS, OUT)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"
. "$ROOT/scripts/lib/rg-auth-bench.sh"

RATES=${RATES:-"10 20 40 80 160"}
SECS=${SECS:-30}
WARMUP=${WARMUP:-5}
# Enough that admitted logins waiting for a core never leave the generator without a free connection.
CONNECTIONS=${CONNECTIONS:-256}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"

auth_build
trap auth_stop EXIT
trap 'exit 130' INT TERM
auth_start VELDRA_AUTH_RATE_LIMIT_MULTIPLIER=1000000
auth_bootstrap_admin

BODY="{\"email\":\"$AUTH_ADMIN_EMAIL\",\"password\":\"$AUTH_ADMIN_PASSWORD\"}"
login_run() {
  $LOAD http --url "$AUTH_URL/api/auth/login" --method POST --body "$BODY" --rate "$1" --duration "$2" \
    --warmup "$3" --connections "$CONNECTIONS" --timeout 15 --server-pid "$AUTH_PID" --json
}

echo "rg-auth pid $AUTH_PID on $AUTH_URL; $(auth_machine)"
# Uncounted: a fresh JVM's first logins run the request path in the interpreter.
login_run 10 10 0 >/dev/null 2>&1 || true
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
for rate in $RATES; do
  start="$(date -u '+%Y-%m-%d %H:%M') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  json=$(login_run "$rate" "$SECS" "$WARMUP" 2>/dev/null | tee "$OUT/auth-login-$rate-$STAMP.txt" | tail -1) || true
  printf '%s' "$json" | python3 -c '
import json, sys
rate, start = sys.argv[1], sys.argv[2]
try:
    d = json.load(sys.stdin)
except ValueError:
    print("%s/s: no report (%s)" % (rate, start)); sys.exit()
by = d["latency_ms_by_status"]
ok, busy = by.get("200", {}), by.get("503", {})
counts = d["status_counts"]
other = {k: v for k, v in counts.items() if k not in ("200", "503")}
server = d.get("server", {})
print("%s/s (%s): logins ok %.1f/s (%d), p50 %.1f p99 %.1f max %.1f ms; 503 busy %d (p99 %.1f ms); other %s;"
      " errors %d, not sent %d; all responses p99 %.1f max %.1f ms; server CPU %.1f s, RSS %.0f -> %.0f MiB (peak %.0f)" % (
    rate, start, d["success_rate"], counts.get("200", 0), ok.get("p50", 0), ok.get("p99", 0), ok.get("max", 0),
    counts.get("503", 0), busy.get("p99", 0), other or "none", d["errors"], d["not_sent_busy"],
    d["latency_ms"]["p99"], d["latency_ms"]["max"], server.get("cpu_seconds", 0), server.get("rss_mib_before", 0),
    server.get("rss_mib_after", 0), server.get("peak_rss_mib", 0)))
' "$rate" "$start"
done
echo "after the runs: load $(cut -d' ' -f1-3 /proc/loadavg); JSON: $OUT/auth-login-*-$STAMP.txt"
