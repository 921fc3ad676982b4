#!/bin/sh
# The verifier's highest sustained rate (docs/benchmarks.md, "Verifier over loopback TCP"): starts pool-verifier's
# jar on its own ports and data directory, then runs rg-load-test verifier (16 connections, 4,000-transaction
# templates; after an uncounted 20 s warm-up at 500/s) for SECS seconds at each rate in RATES, stopping at the first rate that is not sustained: any drop or
# error, an achieved rate under 99% of the target, or a p99 above P99_LIMIT_MS (the product promise, 100 ms).
#
# usage: scripts/bench/verifier-ceiling.sh   (environment: RATES, SECS, P99_LIMIT_MS, PORT)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"

RATES=${RATES:-"1000 2000 3000 4000 5000 6000 8000"}
SECS=${SECS:-30}
P99_LIMIT_MS=${P99_LIMIT_MS:-100}
PORT=${PORT:-19090}
HTTP_PORT=$((PORT + 1))

[ -f pool-verifier/target/pool-verifier.jar ] || ./mvnw -B -q -pl pool-verifier -am package -DskipTests
[ -f rg-load-test/target/rg-load-test.jar ] || ./mvnw -B -q -pl rg-load-test -am package -DskipTests

DATA=$(mktemp -d)
LOG="$DATA/pool-verifier.log"
VELDRA_VERIFIER_TCP_PORT=$PORT VELDRA_VERIFIER_HTTP_PORT=$HTTP_PORT VELDRA_DATA_DIR="$DATA" \
  VELDRA_POLICY_FILE="$ROOT/config/policy.toml" "$JAVA_HOME/bin/java" -jar pool-verifier/target/pool-verifier.jar \
  >"$LOG" 2>&1 &
VERIFIER=$!
trap 'kill $VERIFIER 2>/dev/null; wait $VERIFIER 2>/dev/null; rm -rf "$DATA"' EXIT INT TERM
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done

# Warm-up, not counted: a fresh JVM judges its first thousands of 192 KB frames in the interpreter and C1.
"$JAVA_HOME/bin/java" -jar rg-load-test/target/rg-load-test.jar verifier --port "$PORT" --connections 16 \
  --rate 500 --duration 20 --tx-count 4000 >/dev/null 2>&1 || true
echo "verifier pid $VERIFIER on 127.0.0.1:$PORT; $(nproc) cores; $SECS s per rate; p99 limit $P99_LIMIT_MS ms"
ceiling=none
for rate in $RATES; do
  json=$("$JAVA_HOME/bin/java" -jar rg-load-test/target/rg-load-test.jar verifier --port "$PORT" --connections 16 \
    --rate "$rate" --duration "$SECS" --tx-count 4000 --json 2>/dev/null | tail -1) || true
  verdict=$(printf '%s' "$json" | python3 -c '
import json, sys
rate, limit = float(sys.argv[1]), float(sys.argv[2])
try:
    d = json.load(sys.stdin)
except ValueError:
    print("FAIL no report"); sys.exit()
l = d["latency_ms"]
ok = d["drops"] == 0 and d["errors"] == 0 and d["achieved_rate"] >= 0.99 * rate and l["p99"] <= limit
print("%s sent %d answered %d drops %d errors %d achieved %.0f/s p50 %.3f p99 %.3f p99.9 %.3f max %.1f ms" % (
    "PASS" if ok else "FAIL", d["sent"], d["answered"], d["drops"], d["errors"], d["achieved_rate"],
    l["p50"], l["p99"], l["p99_9"], l["max"]))
' "$rate" "$P99_LIMIT_MS")
  echo "$(date -u +%H:%M) rate $rate/s: $verdict (load $(cut -d' ' -f1-3 /proc/loadavg))"
  case $verdict in
    PASS*) ceiling=$rate ;;
    *) break ;;
  esac
done
echo "highest sustained rate: $ceiling templates/s"
