#!/usr/bin/env bash
# Starts a regtest node by hand, the way testsuite-regtest starts it: loopback RPC, fresh state in a temporary
# directory, no P2P. For pointing template-manager (VELDRA_BITCOIND_RPC_*) at a real node during development.
#   scripts/regtest/node.sh bcoin [rpc-port]   (default port 48332)
#   scripts/regtest/node.sh btcd [rpc-port]    (default port 18334; coinbase to MINING_ADDR, a bcrt1... address)
# Prints the RPC URL and credentials, then runs in the foreground until Ctrl-C; the state is deleted on exit.
# Install the nodes first: scripts/ci/install-regtest-nodes.sh
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
nodes_dir="${RG_REGTEST_NODES:-$HOME/.cache/reservegrid/nodes}"
kind="${1:-}"
state="$(mktemp -d -t rg-regtest-node-XXXXXX)"
child=""
cleanup() {
  if [ -n "$child" ]; then kill "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; fi
  rm -rf "$state"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

case "$kind" in
  bcoin)
    port="${2:-48332}"
    echo "bcoin regtest: rpc http://127.0.0.1:$port/ user (any) password $password"
    echo "  mine: curl -s -H 'content-type: application/json' -u x:$password -d '{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"generatetoaddress\",\"params\":[101,\"<rb1... address>\"]}' http://127.0.0.1:$port/"
    NODE_PATH="$nodes_dir/node_modules" node "$repo_root/scripts/regtest/bcoin-regtest.js" \
      --prefix="$state/data" --http-port="$port" --api-key="$password" &
    ;;
  btcd)
    port="${2:-18334}"
    : "${MINING_ADDR:?set MINING_ADDR to a regtest address (bcrt1...) for the coinbase}"
    : >"$state/btcd.conf"
    echo "btcd regtest: rpc http://127.0.0.1:$port/ user reservegrid password $password"
    echo "  mine: curl -s -H 'content-type: application/json' -u reservegrid:$password -d '{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"generate\",\"params\":[101]}' http://127.0.0.1:$port/"
    "$nodes_dir/bin/btcd" --regtest --configfile="$state/btcd.conf" --datadir="$state/data" --logdir="$state/logs" \
      --nolisten --nodnsseed --notls --rpclisten="127.0.0.1:$port" --rpcuser=reservegrid --rpcpass="$password" \
      --miningaddr="$MINING_ADDR" &
    ;;
  *)
    echo "usage: $0 bcoin|btcd [rpc-port]" >&2
    exit 2
    ;;
esac
child=$!
wait "$child"
