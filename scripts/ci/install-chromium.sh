#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser suite (driven by playwright-core with
# executablePath /usr/bin/chromium; browser downloads by test tools fail on this network, so nothing else fetches one).
# Idempotent: when /usr/bin/chromium exists this only prints its version.
# Needs root or password-less sudo and apt-get. Without them this fails in CI, where the browser suite must run;
# elsewhere it only warns, and the browser tests skip with a message.
set -euo pipefail

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "install-chromium: $1; the browser suite cannot run" >&2
    exit 1
  fi
  echo "install-chromium: $1; skipping (the browser tests will be skipped)" >&2
  exit 0
}

if [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null 2>&1 || cannot_install "no /usr/bin/chromium and no apt-get"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    cannot_install "installing chromium needs root or password-less sudo"
  fi
  install_package() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
  }
  echo "install-chromium: installing Debian's chromium package"
  if apt-cache show chromium >/dev/null 2>&1 && install_package; then
    :
  else
    "${as_root[@]}" apt-get update -q
    install_package
  fi
fi

echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium (version unknown)') at /usr/bin/chromium"
