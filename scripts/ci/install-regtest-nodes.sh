#!/usr/bin/env bash
# Installs the two regtest node implementations the testsuite-regtest module runs against:
#   - bcoin 1.0.2 from npm (leveldown overridden to 6.1.1, which ships a prebuilt binary; run with its JS backend)
#   - btcd 0.26.0 and btcctl from the Go module proxy (`go install`)
# into RG_REGTEST_NODES (default: $HOME/.cache/reservegrid/nodes):
#   $RG_REGTEST_NODES/node_modules/bcoin   bcoin and its dependencies, pinned by scripts/regtest/bcoin/package-lock.json
#   $RG_REGTEST_NODES/bin/btcd, bin/btcctl  built with GOBIN pointing there
# Idempotent: what is already installed at the pinned version is left alone, so a warm run takes well under a second.
# Prints the installed versions. Fails loudly when npm or go is missing: CI must really run the suite.
set -euo pipefail

BCOIN_VERSION=1.0.2
LEVELDOWN_VERSION=6.1.1
BTCD_VERSION=v0.26.0

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
nodes_dir="${RG_REGTEST_NODES:-$HOME/.cache/reservegrid/nodes}"
mkdir -p "$nodes_dir/bin"

package_version() { # prints the version of an installed npm package, or nothing
  local manifest="$nodes_dir/node_modules/$1/package.json"
  [ -f "$manifest" ] && node -p "require(process.argv[1]).version" "$manifest" 2>/dev/null || true
}

install_bcoin() {
  if [ "$(package_version bcoin)" = "$BCOIN_VERSION" ] && [ "$(package_version leveldown)" = "$LEVELDOWN_VERSION" ] \
    && cmp -s "$repo_root/scripts/regtest/bcoin/package-lock.json" "$nodes_dir/package-lock.json"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "install-regtest-nodes: npm is required to install bcoin" >&2; exit 1; }
  echo "install-regtest-nodes: installing bcoin $BCOIN_VERSION into $nodes_dir"
  cp "$repo_root/scripts/regtest/bcoin/package.json" "$repo_root/scripts/regtest/bcoin/package-lock.json" "$nodes_dir/"
  # No install scripts: bcoin runs on its pure JS backend (NODE_BACKEND=js), so its optional native add-ons are not
  # built, and leveldown loads its prebuilt binary at run time.
  (cd "$nodes_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

install_btcd() {
  if [ -x "$nodes_dir/bin/btcd" ] && [ -x "$nodes_dir/bin/btcctl" ] \
    && "$nodes_dir/bin/btcd" --version 2>/dev/null | grep -q "version ${BTCD_VERSION#v}"; then
    return 0
  fi
  command -v go >/dev/null || { echo "install-regtest-nodes: go is required to install btcd" >&2; exit 1; }
  echo "install-regtest-nodes: installing btcd $BTCD_VERSION into $nodes_dir/bin"
  GOBIN="$nodes_dir/bin" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go install "github.com/btcsuite/btcd@$BTCD_VERSION" "github.com/btcsuite/btcd/cmd/btcctl@$BTCD_VERSION"
}

install_bcoin
install_btcd

echo "install-regtest-nodes: nodes in $nodes_dir"
echo "  bcoin $(package_version bcoin) (leveldown $(package_version leveldown)), node $(node --version)"
echo "  $("$nodes_dir/bin/btcd" --version)"
