#!/usr/bin/env bash
# Installs Debian's docker-compose (1.29), which testsuite-deploy's compose tests run as `docker-compose config`
# to validate docker-compose.yml, its profiles and the deploy/compose overrides. No Docker engine is needed for that
# (and none runs on the CI machines): `config` only parses, interpolates and validates against the compose schema.
# Idempotent: when docker-compose is on the PATH this only prints its version.
# Needs root or password-less sudo and apt-get. Without them this fails in CI, where the compose tests must run;
# elsewhere it only warns, and those tests skip with a message.
set -euo pipefail

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "install-docker-compose: $1; the compose tests cannot run" >&2
    exit 1
  fi
  echo "install-docker-compose: $1; skipping (the compose tests will be skipped)" >&2
  exit 0
}

if ! command -v docker-compose >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || cannot_install "no docker-compose and no apt-get"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    cannot_install "installing docker-compose needs root or password-less sudo"
  fi
  # Another install script (or a second CI job) may hold the dpkg lock: wait for it rather than fail.
  install_package() {
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends docker-compose
  }
  echo "install-docker-compose: installing Debian's docker-compose package"
  if apt-cache show docker-compose >/dev/null 2>&1 && install_package; then
    :
  else
    "${as_root[@]}" apt-get update -q -o DPkg::Lock::Timeout=600
    install_package
  fi
fi

echo "install-docker-compose: $(docker-compose version --short 2>/dev/null || echo '(version unknown)') at $(command -v docker-compose)"
