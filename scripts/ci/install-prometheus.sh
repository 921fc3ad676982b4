#!/usr/bin/env bash
# Installs Prometheus and promtool for the monitoring suite (testsuite-deploy, org.reservegrid.deploysuite.monitoring)
# and `scripts/rg up --monitoring`: Debian's `prometheus` package, which ships both in /usr/bin.
# The package's own service must not run: the tests start Prometheus themselves on a free port, and the service's
# default 9090 is pool-verifier's TCP port. So the install runs under a policy-rc.d that forbids starting services
# (unless one that does so is already in place), and afterwards the unit is stopped and disabled where systemd runs.
# Recommends (prometheus-node-exporter, another auto-started service) are not installed.
# Idempotent: when promtool and prometheus are on the PATH this only prints their versions (and makes sure the
# packaged service is not running).
# Needs root or password-less sudo and apt-get. Without them this fails in CI, where the monitoring suite must run;
# elsewhere it only warns, and those tests skip with a message.
set -euo pipefail

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "install-prometheus: $1; the monitoring suite cannot run" >&2
    exit 1
  fi
  echo "install-prometheus: $1; skipping (the monitoring tests will be skipped)" >&2
  exit 0
}

as_root=()
root_command() {
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    return 1
  fi
}

# The Debian unit: disabled (no start at the next boot either) and, where systemd runs, stopped, so nothing holds
# port 9090. `systemctl disable` only removes the unit's symlinks, so it works without a running systemd too.
stop_packaged_service() {
  [ ${#as_root[@]} -gt 0 ] && command -v systemctl >/dev/null 2>&1 || return 0
  "${as_root[@]}" systemctl disable prometheus.service >/dev/null 2>&1 || true
  if [ -d /run/systemd/system ]; then
    "${as_root[@]}" systemctl stop prometheus.service >/dev/null 2>&1 || true
  fi
}

if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || cannot_install "no prometheus/promtool on the PATH and no apt-get"
  root_command || cannot_install "installing prometheus needs root or password-less sudo"

  # invoke-rc.d asks /usr/sbin/policy-rc.d whether a maintainer script may start a service; 101 means no.
  # A policy already in place (a container's) is left as it is; ours is removed afterwards.
  policy=/usr/sbin/policy-rc.d
  added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# install-prometheus.sh: no service starts during this install\nexit 101\n' \
      | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    added_policy=1
  fi
  remove_policy() { [ "$added_policy" -eq 0 ] || "${as_root[@]}" rm -f "$policy"; }
  trap remove_policy EXIT

  install_package() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold prometheus
  }
  echo "install-prometheus: installing Debian's prometheus package (prometheus and promtool)"
  # apt-get update only when the package lists do not know the package yet, or when they are stale.
  if apt-cache show prometheus >/dev/null 2>&1 && install_package; then
    :
  else
    "${as_root[@]}" apt-get update -q
    install_package
  fi
  stop_packaged_service
  remove_policy
  trap - EXIT
  command -v promtool >/dev/null 2>&1 || { echo "install-prometheus: installed, but no promtool on the PATH" >&2; exit 1; }
else
  root_command || true
  stop_packaged_service
fi

echo "install-prometheus: $(prometheus --version 2>&1 | head -n 1); $(promtool --version 2>&1 | head -n 1)"
