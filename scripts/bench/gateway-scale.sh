#!/bin/sh
# Stratum V2 gateway scale runs (docs/benchmarks.md, "Stratum V2 gateway scale"), reproducible from a clean checkout.
#
# Starts the observe-mode stack on the demo feed with the gateway's per-IP limits raised for one loopback client
# and a new block every BLOCK_SECS (fixed), then runs rg-load-test sv2:
#   1. channels: CONNECTIONS miners (after WARMUP_CONNECTIONS warm-up ones), SHARE_RATE random shares/s for
#      DURATION s; reports the ramp's handshakes/s, gateway RSS and the new-prevhash fan-out of the tips that
#      arrive meanwhile;
#   2. each rate in RATES: 1,000 miners, random shares at that rate for 20 s (share-to-answer latency).
# The JSON line of every run goes to OUT (default .rg/bench); the stack is stopped at the end.
#
# usage: scripts/bench/gateway-scale.sh   (environment: CONNECTIONS, WARMUP_CONNECTIONS, SHARE_RATE, DURATION,
#        RATES, BLOCK_SECS, OUT)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"

CONNECTIONS=${CONNECTIONS:-5000}
WARMUP_CONNECTIONS=${WARMUP_CONNECTIONS:-1000}
SHARE_RATE=${SHARE_RATE:-2000}
DURATION=${DURATION:-45}
RATES=${RATES:-"10000 20000"}
BLOCK_SECS=${BLOCK_SECS:-15}
OUT=${OUT:-$ROOT/.rg/bench}
mkdir -p "$OUT"

# One descriptor per connection on each side, plus the warm-up ones while they close.
ulimit -n "$(ulimit -H -n)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((CONNECTIONS + WARMUP_CONNECTIONS + 1000)) ]; then
  echo "gateway-scale: ulimit -n is $(ulimit -n); $CONNECTIONS connections need more (raise the hard limit)" >&2
  exit 2
fi

[ -f rg-load-test/target/rg-load-test.jar ] || ./mvnw -B -q -pl rg-load-test -am package -DskipTests

if scripts/rg status >/dev/null 2>&1; then
  echo "gateway-scale: a stack is already running; stop it with scripts/rg down (this script starts its own)" >&2
  exit 2
fi
export VELDRA_MODE=observe
export VELDRA_DEMO_FEED_SCENARIO=${VELDRA_DEMO_FEED_SCENARIO:-normal}
export VELDRA_DEMO_FEED_BLOCK_INTERVAL_SECS=$BLOCK_SECS
export VELDRA_DEMO_FEED_BLOCK_TIMING=fixed
export VELDRA_GATEWAY_MAX_CONNECTIONS_PER_IP=100000
export VELDRA_GATEWAY_CONNECTIONS_PER_IP_PER_SEC=100000
export VELDRA_GATEWAY_HANDSHAKE_TIMEOUT_SECS=60
export VELDRA_GATEWAY_SETUP_TIMEOUT_SECS=60
scripts/rg up
trap 'scripts/rg down >/dev/null 2>&1 || true' EXIT INT TERM

GATEWAY_PID=$(cat .rg/run/sv2-gateway.pid)
KEY=$(curl -fsS http://127.0.0.1:8080/api/noise | sed -n 's/.*"authority_public_key":"\([^"]*\)".*/\1/p')
LOAD="$JAVA_HOME/bin/java -jar rg-load-test/target/rg-load-test.jar sv2 --authority-pubkey $KEY --gateway-pid $GATEWAY_PID"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

echo "== $CONNECTIONS channels, $SHARE_RATE shares/s, ${DURATION} s, a block every ${BLOCK_SECS} s ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
$LOAD --connections "$CONNECTIONS" --warmup-connections "$WARMUP_CONNECTIONS" --rate "$SHARE_RATE" \
  --duration "$DURATION" --warmup 2 --ramp-timeout 600 --drain-timeout 10 --json | tee "$OUT/channels-$STAMP.txt" \
  | grep -v '^{' || true

for rate in $RATES; do
  echo "== 1000 channels, $rate shares/s, 20 s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  $LOAD --connections 1000 --warmup-connections 200 --rate "$rate" --duration 20 --warmup 2 --drain-timeout 10 \
    --json | tee "$OUT/shares-$rate-$STAMP.txt" | grep -v '^{' || true
done
echo "JSON results: $OUT/*-$STAMP.txt"
