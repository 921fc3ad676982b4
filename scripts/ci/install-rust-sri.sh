#!/usr/bin/env bash
# Builds testsuite-sri's Rust peers (sri-client, sri-server) from the reference implementation's
# crates pinned in testsuite-sri/rust/Cargo.lock, so Maven's testsuite-sri tests find them ready.
# Idempotent: a second run finds everything compiled and returns in about a second.
#
# Needs cargo (the machines install Rust through rustup). Without it this fails in CI, where the
# interop suite must run; elsewhere it only warns, and the Java tests skip with a message.
set -euo pipefail
cd "$(dirname "$0")/../../testsuite-sri/rust"

if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
  PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  if [ "${CI:-}" = "true" ]; then
    echo "install-rust-sri: cargo not found; the SRI interop suite cannot be built" >&2
    exit 1
  fi
  echo "install-rust-sri: cargo not found; skipping (testsuite-sri's tests will be skipped)" >&2
  exit 0
fi

started=$(date +%s)
cargo --version
# --locked: the crate versions in Cargo.lock are what the suite tests against; never re-resolve.
cargo build --release --locked
# The peers' own tests (parsers, keys, and client against server in one process) run on the
# compiled dependencies, so they add only seconds.
cargo test --release --locked --quiet
echo "install-rust-sri: built $(pwd)/target/release/{sri-client,sri-server} in $(($(date +%s) - started)) s"
