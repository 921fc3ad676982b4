#!/usr/bin/env bash
# Installs the PostgreSQL server binaries that reservegrid-testkit's PostgresServer runs: Debian's `postgresql`
# package, which puts them in /usr/lib/postgresql/<major>/bin. The tests initdb and start throwaway clusters of their
# own, so the package's default cluster is neither created nor started.
# Idempotent: when any /usr/lib/postgresql/*/bin/initdb exists this only prints its version (well under a second).
# Needs root or password-less sudo and apt-get. Without them this fails in CI, where the database suites must run;
# elsewhere it only warns, and those tests skip with a message.
set -euo pipefail

installed_initdb() { # prints the newest installed initdb, or nothing
  local candidates=(/usr/lib/postgresql/*/bin/initdb)
  [ -x "${candidates[0]}" ] || return 0
  printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1
}

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "install-postgres: $1; the PostgreSQL suites cannot run" >&2
    exit 1
  fi
  echo "install-postgres: $1; skipping (the PostgreSQL tests will be skipped)" >&2
  exit 0
}

initdb="$(installed_initdb)"
if [ -z "$initdb" ]; then
  command -v apt-get >/dev/null 2>&1 || cannot_install "no /usr/lib/postgresql/*/bin/initdb and no apt-get"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    cannot_install "installing postgresql needs root or password-less sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive

  # postgresql-common reads this before it would create and start the "main" cluster at install time.
  "${as_root[@]}" mkdir -p /etc/postgresql-common
  if ! grep -qs '^[[:space:]]*create_main_cluster' /etc/postgresql-common/createcluster.conf; then
    echo "create_main_cluster = false" | "${as_root[@]}" tee -a /etc/postgresql-common/createcluster.conf >/dev/null
  fi

  install_package() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold postgresql
  }
  echo "install-postgres: installing Debian's postgresql package"
  # apt-get update only when the package lists do not know the package yet, or when they are stale (an install
  # that fails on a vanished version).
  if apt-cache show postgresql >/dev/null 2>&1 && install_package; then
    :
  else
    "${as_root[@]}" apt-get update -q
    install_package
  fi
  initdb="$(installed_initdb)"
  [ -n "$initdb" ] || { echo "install-postgres: postgresql installed, but no /usr/lib/postgresql/*/bin/initdb" >&2; exit 1; }
fi

echo "install-postgres: $("$initdb" --version) at $(dirname "$initdb")"
