#!/bin/sh
# rg-dashboard's Miners page with CHANNELS channels (docs/benchmarks.md, "rg-dashboard: Miners page with 5,000
# channels"). Target: it renders and scrolls without long tasks over 100 ms, measured in the browser with the
# Performance API.
#
# Starts the observe-mode stack with scripts/rg up, its state in a temporary directory (RG_STATE_DIR) and every port
# moved to a free one (a stack on the default ports keeps running beside it), the gateway's per-IP limits raised for
# one loopback load client; makes the bootstrap admin through the API; opens CHANNELS channels with
# rg-load-test sv2 (SHARE_RATE random shares/s across them, so the rows change while the page is open); once the
# gateway reports them all, runs rg-dashboard/e2e/bench/miners.bench.mjs (chromium on a fresh profile: log in, open
# /miners, scroll the table top to bottom, stay DWELL_SECS, sort, filter; a 'longtask' PerformanceObserver).
# Everything it started is stopped on exit.
#
# usage: scripts/bench/dashboard-miners.sh   (environment: CHANNELS, SHARE_RATE, STEP_PX, DWELL_SECS, OUT,
#        STACK_KEEP=1 keeps the state directory with the services' logs)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"
. "$ROOT/scripts/lib/stack-bench.sh"

CHANNELS=${CHANNELS:-5000}
SHARE_RATE=${SHARE_RATE:-500}
STEP_PX=${STEP_PX:-400}
DWELL_SECS=${DWELL_SECS:-12}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

# One descriptor per connection on each side.
ulimit -n "$(ulimit -H -n)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CHANNELS + 1000)) ]; then
  echo "dashboard-miners: ulimit -n is $(ulimit -n); $CHANNELS connections need more (raise the hard limit)" >&2
  exit 2
fi

stack_build rg-auth rg-dashboard rg-demo-feed rg-feed-adapter pool-verifier template-manager sv2-gateway test-miner rg-load-test
[ -d rg-dashboard/e2e/node_modules/playwright-core ] || (cd rg-dashboard/e2e && npm ci --no-audit --no-fund)

LOAD_PID=
cleanup() {
  if [ -n "$LOAD_PID" ]; then
    kill "$LOAD_PID" 2>/dev/null || true
    wait "$LOAD_PID" 2>/dev/null || true
  fi
  stack_stop
}
stack_init
trap cleanup EXIT
trap 'exit 130' INT TERM
echo "== stack in $STACK_STATE (load $(cut -d' ' -f1-3 /proc/loadavg))"
stack_full
stack_admin "$AUTH_URL" "$STACK_AUTH_LOG"

KEY=$(curl -fsS "$GATEWAY_URL/api/noise" | stack_json_field authority_public_key)
echo "== $CHANNELS channels, $SHARE_RATE shares/s (load $(cut -d' ' -f1-3 /proc/loadavg))"
# A share phase far longer than the browser needs; the load test is stopped once the browser is done.
"$JAVA_HOME/bin/java" -jar rg-load-test/target/rg-load-test.jar sv2 --port "$GATEWAY_SV2_PORT" \
  --authority-pubkey "$KEY" --connections "$CHANNELS" --rate "$SHARE_RATE" --duration 3600 --warmup 0 \
  --ramp-timeout 900 --identity-prefix load- >"$STACK_STATE/logs/rg-load-test.log" 2>&1 &
LOAD_PID=$!
ramp_started=$(date +%s)
while :; do
  open=$(curl -fsS --max-time 5 "$GATEWAY_URL/api/stats" 2>/dev/null | stack_json_field channels 2>/dev/null || echo 0)
  [ "$open" -ge "$CHANNELS" ] && break
  if ! kill -0 "$LOAD_PID" 2>/dev/null; then
    echo "dashboard-miners: rg-load-test ended with $open channels open; its output:" >&2
    tail -20 "$STACK_STATE/logs/rg-load-test.log" >&2
    exit 1
  fi
  if [ $(($(date +%s) - ramp_started)) -gt 900 ]; then
    echo "dashboard-miners: only $open of $CHANNELS channels after 900 s" >&2
    exit 1
  fi
  sleep 2
done
echo "   $open channels open after $(($(date +%s) - ramp_started)) s; letting shares flow for 10 s"
sleep 10

echo "== $(date -u '+%Y-%m-%d %H:%M') UTC, $(stack_machine): /miners in chromium, $DASHBOARD_URL"
rc=0
DASHBOARD_URL=$DASHBOARD_URL ADMIN_EMAIL=$STACK_ADMIN_EMAIL ADMIN_PASSWORD=$STACK_ADMIN_PASSWORD \
  EXPECTED_CHANNELS=$CHANNELS STEP_PX=$STEP_PX DWELL_SECS=$DWELL_SECS OUT="$OUT/dashboard-miners-$STAMP.json" \
  node rg-dashboard/e2e/bench/miners.bench.mjs || rc=$?
bytes=$(curl -fsS "$GATEWAY_URL/api/channels" | wc -c)
echo "after the run: load $(cut -d' ' -f1-3 /proc/loadavg); GET /api/channels is $bytes bytes;" \
  "JSON: $OUT/dashboard-miners-$STAMP.json"
exit $rc
