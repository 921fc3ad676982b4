#!/usr/bin/env bash
# Installs aiosmtpd, the real SMTP server (with STARTTLS and AUTH) that reservegrid-testkit's SmtpTestServer runs as a
# child process for the mail tests, into a Python virtual environment:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/reservegrid/smtp-venv   (SmtpTestServer looks there)
# Idempotent: a venv that already holds the pinned version is left alone, so a warm run takes well under a second.
# Fails loudly when python3 (with its venv module) is missing: CI must really run the mail tests.
set -euo pipefail

AIOSMTPD_VERSION=1.4.6

venv="${XDG_CACHE_HOME:-$HOME/.cache}/reservegrid/smtp-venv"

installed_version() { # prints the version of aiosmtpd in the venv, or nothing
  [ -x "$venv/bin/python" ] || return 0
  "$venv/bin/python" -c "import importlib.metadata as m; print(m.version('aiosmtpd'))" 2>/dev/null || true
}

if [ "$(installed_version)" != "$AIOSMTPD_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-smtp-test-server: python3 is required" >&2; exit 1; }
  echo "install-smtp-test-server: installing aiosmtpd $AIOSMTPD_VERSION into $venv"
  # A venv left half-made by an interrupted run is made again from scratch.
  [ -x "$venv/bin/python" ] || { rm -rf "$venv"; python3 -m venv "$venv"; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "aiosmtpd==$AIOSMTPD_VERSION"
fi

echo "install-smtp-test-server: aiosmtpd $(installed_version) in $venv ($("$venv/bin/python" --version))"
