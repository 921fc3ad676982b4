#!/bin/sh
# rg-feed-server fan-out (docs/benchmarks.md, "rg-feed-server fan-out"): a real rg-feed-server process relays
# mainnet-like templates (rg-demo-feed's mainnet_like simulator, ~4.4 MB frames) from a loopback JSON-RPC node to
# SUBSCRIBERS WebSocket subscribers, FRAMES frames INTERVAL_MS apart, first without then with permessage-deflate.
# Prints the delivery time to the LAST subscriber (HdrHistogram p50/p99/max), the compression ratio, and the server's
# heap and direct memory with 0 and SUBSCRIBERS subscribers (after a full GC).
#
# usage: scripts/bench/feed-server-fanout.sh   (environment: SUBSCRIBERS=200, FRAMES=30, INTERVAL_MS=2000,
#        BUILD=1 to build rg-feed-server and its test classes first)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/jdk.sh"
cd "$ROOT"

SUBSCRIBERS=${SUBSCRIBERS:-200}
FRAMES=${FRAMES:-30}
INTERVAL_MS=${INTERVAL_MS:-2000}
if [ "${BUILD:-0}" = 1 ] || [ ! -f rg-feed-server/target/rg-feed-server.jar ] || [ ! -d rg-feed-server/target/test-classes ]; then
  ./mvnw -B -q -pl rg-feed-server -am install -DskipTests
fi
ulimit -n "$(ulimit -H -n)" 2>/dev/null || true
echo "feed-server-fanout: $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc $(nproc), $(free -m | awk '/^Mem:/ {print $2 " MiB RAM"}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
./mvnw -B -q -o -pl rg-feed-server exec:exec \
  -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.classpathScope=test \
  -Dexec.args="-Xmx2g -cp %classpath org.reservegrid.feedserver.bench.FanoutBenchmark $ROOT/rg-feed-server/target/rg-feed-server.jar $SUBSCRIBERS $FRAMES $INTERVAL_MS"
echo "feed-server-fanout: done, load $(cut -d' ' -f1-3 /proc/loadavg)"
