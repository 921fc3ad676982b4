#!/bin/sh
# rg-dashboard's proxy overhead (docs/benchmarks.md, "rg-dashboard: proxy overhead"): p99 of a GET through the
# dashboard minus the same GET straight to the backend, both at RATE requests/s open loop. Target: <= 5 ms at 500/s.
#
# Starts its own rg-auth (embedded database, dev-mode email), pool-verifier (no template-manager: its /api/stats
# answers all the same) and rg-dashboard on free loopback ports in a temporary directory, registers, verifies and
# logs in the bootstrap admin, then runs rg-load-test http ROUNDS times in turn on
#   direct:  GET pool-verifier /api/stats
#   proxied: GET rg-dashboard /api/verifier/stats with the admin's bearer token (the dashboard asks rg-auth /me,
#            then forwards to the verifier: the overhead includes that session check)
# each for SECS s after WARMUP s of uncounted requests at the same rate, after one uncounted proxied run of PRIME_SECS
# (the JIT of all three services is still compiling the proxy path well into the first minute on a busy machine).
# Everything is stopped on exit.
#
# usage: scripts/bench/dashboard-proxy.sh   (environment: RATE, SECS, WARMUP, ROUNDS, PRIME_SECS, CONNECTIONS, OUT,
#        STACK_JAVA_OPTS)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"
. "$ROOT/scripts/lib/stack-bench.sh"

RATE=${RATE:-500}
SECS=${SECS:-60}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-3}
PRIME_SECS=${PRIME_SECS:-60}
CONNECTIONS=${CONNECTIONS:-64}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"
LOAD="$JAVA_HOME/bin/java -jar rg-load-test/target/rg-load-test.jar"

stack_build rg-auth rg-dashboard pool-verifier rg-load-test
stack_init
trap stack_stop EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2046
set -- $(stack_port 5)
AUTH_PORT=$1 VERIFIER_PORT=$2 VERIFIER_TCP_PORT=$3 DASHBOARD_PORT=$4
# Nothing listens here: the verifier's mempool poll and the dashboard's other backends must not reach a stack
# on the default ports.
NOWHERE="http://127.0.0.1:$5"
AUTH_URL="http://127.0.0.1:$AUTH_PORT"
VERIFIER_URL="http://127.0.0.1:$VERIFIER_PORT"
DASHBOARD_URL="http://127.0.0.1:$DASHBOARD_PORT"

stack_start rg-auth VELDRA_AUTH_BIND=127.0.0.1 VELDRA_AUTH_PORT="$AUTH_PORT" \
  VELDRA_AUTH_ADMIN_EMAIL="$STACK_ADMIN_EMAIL"
# The verifier writes an applied policy back to its file: it gets a copy, as under scripts/rg.
mkdir -p "$STACK_STATE/data/pool-verifier"
cp config/policy.toml "$STACK_STATE/data/pool-verifier/policy.toml"
stack_start pool-verifier VELDRA_VERIFIER_HTTP_PORT="$VERIFIER_PORT" VELDRA_VERIFIER_TCP_PORT="$VERIFIER_TCP_PORT" \
  VELDRA_POLICY_FILE="$STACK_STATE/data/pool-verifier/policy.toml" VELDRA_TEMPLATE_MANAGER_URL="$NOWHERE"
stack_start rg-dashboard VELDRA_DASHBOARD_PORT="$DASHBOARD_PORT" VELDRA_AUTH_URL="$AUTH_URL" \
  VELDRA_VERIFIER_URL="$VERIFIER_URL" VELDRA_TEMPLATE_MANAGER_URL="$NOWHERE" VELDRA_GATEWAY_URL="$NOWHERE"
stack_ready rg-auth "$AUTH_URL/ready"
# Not /ready: that waits for template-manager's mempool, which this run leaves out on purpose.
stack_ready pool-verifier "$VERIFIER_URL/health"
stack_ready rg-dashboard "$DASHBOARD_URL/ready"
stack_admin "$AUTH_URL" "$STACK_AUTH_LOG"

status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $STACK_TOKEN" \
  "$DASHBOARD_URL/api/verifier/stats")
if [ "$status" != 200 ]; then
  echo "dashboard-proxy: GET /api/verifier/stats through the dashboard answered $status, not 200" >&2
  exit 1
fi
body_bytes=$(curl -fsS "$VERIFIER_URL/api/stats" | wc -c)

AUTH_PID=$(stack_pid rg-auth)
VERIFIER_PID=$(stack_pid pool-verifier)
DASHBOARD_PID=$(stack_pid rg-dashboard)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$OUT/dashboard-proxy-$STAMP.jsonl"
echo "$(date -u '+%Y-%m-%d %H:%M') UTC: $(stack_machine); GET /api/stats ($body_bytes bytes) at $RATE/s," \
  "$SECS s after $WARMUP s warm-up, $CONNECTIONS connections, $ROUNDS rounds after $PRIME_SECS s priming"

# run KIND URL SERVER_PID [--header ...]: one measured run; its JSON line, tagged with the kind, the load average
# before and after and each service's CPU seconds over the run, is appended to RESULTS.
run() {
  kind=$1 url=$2 server=$3
  shift 3
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  cpu_auth=$(stack_cpu "$AUTH_PID")
  cpu_verifier=$(stack_cpu "$VERIFIER_PID")
  cpu_dashboard=$(stack_cpu "$DASHBOARD_PID")
  echo "== $kind: $url (load $load_before)"
  # The token is on the command line of a local process for the run's length; the instance is thrown away after.
  $LOAD http --url "$url" "$@" --rate "$RATE" --duration "$SECS" --warmup "$WARMUP" \
    --connections "$CONNECTIONS" --server-pid "$server" --json >"$STACK_STATE/run.txt" || true
  grep -v '^{' "$STACK_STATE/run.txt" || true
  line=$(grep '^{' "$STACK_STATE/run.txt" || true)
  [ -n "$line" ] || { echo "dashboard-proxy: rg-load-test printed no JSON" >&2; exit 1; }
  python3 - "$kind" "$load_before" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$cpu_auth" "$(stack_cpu "$AUTH_PID")" "$cpu_verifier" "$(stack_cpu "$VERIFIER_PID")" \
    "$cpu_dashboard" "$(stack_cpu "$DASHBOARD_PID")" "$line" >>"$RESULTS" <<'EOF'
import json, sys
a = sys.argv
report = json.loads(a[10])
report.update(kind=a[1], load_before=float(a[2]), load_after=float(a[3]),
              cpu_seconds={"rg-auth": float(a[5]) - float(a[4]), "pool-verifier": float(a[7]) - float(a[6]),
                           "rg-dashboard": float(a[9]) - float(a[8])})
print(json.dumps(report))
EOF
}

if [ "$PRIME_SECS" != 0 ]; then
  echo "== priming: $PRIME_SECS s of proxied requests at $RATE/s, not counted"
  $LOAD http --url "$DASHBOARD_URL/api/verifier/stats" --header "Authorization: Bearer $STACK_TOKEN" --rate "$RATE" \
    --duration "$PRIME_SECS" --warmup 0 --connections "$CONNECTIONS" | sed -n '2,3p' || true
fi
round=1
while [ "$round" -le "$ROUNDS" ]; do
  run direct "$VERIFIER_URL/api/stats" "$VERIFIER_PID"
  run proxied "$DASHBOARD_URL/api/verifier/stats" "$DASHBOARD_PID" --header "Authorization: Bearer $STACK_TOKEN"
  round=$((round + 1))
done

echo
python3 - "$RESULTS" <<'EOF'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
print("kind     load        sent/completed  not sent  errors  non-200  p50     p90     p99     p99.9   max      "
      "CPU ms/request: auth verifier dashboard")
for r in runs:
    lat, n = r["latency_ms"], (r["completed"] + r["warmup_sent"]) or 1
    non200 = sum(c for s, c in r["status_counts"].items() if s != "200")
    cpu = r["cpu_seconds"]
    print(f'{r["kind"]:8} {r["load_before"]:4.1f}->{r["load_after"]:4.1f}  {r["sent"]:>7}/{r["completed"]:<7} '
          f'{r["not_sent_busy"]:>8}  {r["errors"]:>6}  {non200:>7}  {lat["p50"]:6.3f}  {lat["p90"]:6.3f}  '
          f'{lat["p99"]:6.3f}  {lat["p99_9"]:6.3f}  {lat["max"]:7.2f}  '
          f'{cpu["rg-auth"] * 1000 / n:.3f} {cpu["pool-verifier"] * 1000 / n:.3f} {cpu["rg-dashboard"] * 1000 / n:.3f}')
direct = [r for r in runs if r["kind"] == "direct"]
proxied = [r for r in runs if r["kind"] == "proxied"]
for i, (d, p) in enumerate(zip(direct, proxied), 1):
    print(f'round {i}: proxy overhead p50 {p["latency_ms"]["p50"] - d["latency_ms"]["p50"]:+.3f} ms, '
          f'p99 {p["latency_ms"]["p99"] - d["latency_ms"]["p99"]:+.3f} ms (target <= 5 ms at p99)')
EOF
echo "after the runs: load $(cut -d' ' -f1-3 /proc/loadavg); JSON lines: $RESULTS"
