# Sourced (POSIX sh) by scripts/bench/dashboard-*.sh, after scripts/lib/jdk.sh and with the repository root as the
# working directory: runs service jars from the build (one by one, or the whole stack through scripts/rg) as the
# benchmark's own processes, on free loopback ports and with a state directory of their own, so a stack started by
# scripts/rg on the default ports with .rg/ keeps running untouched beside them.
#
#   stack_init                    makes STACK_STATE (a temporary directory unless set) with logs/ and data/
#   stack_port [N]                prints N (1) distinct free loopback ports
#   stack_start NAME [VAR=v ...]  starts NAME/target/NAME.jar with those settings (VELDRA_DATA_DIR defaults to
#                                 STACK_STATE/data/NAME), output in STACK_STATE/logs/NAME.log (rg-auth's is then
#                                 STACK_AUTH_LOG); NAME's pid in STACK_STATE/NAME.pid
#   stack_ready NAME URL          waits until URL answers 200 (fails with the log's tail if NAME exits first or
#                                 after STACK_READY_SECS, 600: a JVM starts slowly on a busy two-core machine)
#   stack_full                    the observe-mode stack, started by scripts/rg up with RG_STATE_DIR=STACK_STATE/rg
#                                 and every port moved to a free one, the gateway's per-IP limits raised for one
#                                 loopback load client; sets AUTH_URL, VERIFIER_URL, TEMPLATES_URL, GATEWAY_URL,
#                                 GATEWAY_SV2_PORT, DASHBOARD_URL, STACK_AUTH_LOG
#   stack_pid NAME                the pid of a service started by either
#   stack_stop                    stops every service started here (scripts/rg down for stack_full's), and removes
#                                 STACK_STATE unless STACK_KEEP=1
#   stack_admin AUTH_URL LOG      registers, verifies (the [email-stub] link in rg-auth's output LOG) and logs in the
#                                 bootstrap admin STACK_ADMIN_EMAIL; sets STACK_TOKEN (a bearer session token)
#   stack_machine                 one line: cores, processor, load average
# STACK_JAVA_OPTS adds JVM options to every service; DASHBOARD_JAR runs another build of rg-dashboard (a before/after
# comparison; stack_start only).

STACK_ADMIN_EMAIL=${STACK_ADMIN_EMAIL:-admin@bench.invalid}
# Not on the common-password list; only ever used against these throw-away instances.
STACK_ADMIN_PASSWORD=${STACK_ADMIN_PASSWORD:-bench-Lantern-Quarry-4711}
STACK_SERVICES=

stack_init() {
  STACK_STATE=${STACK_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/rg-bench.XXXXXX")}
  mkdir -p "$STACK_STATE/logs" "$STACK_STATE/data"
}

# stack_port [N]: N (1) distinct free loopback ports, one a line (all bound at once, so none repeats).
stack_port() {
  python3 -c '
import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets:
    s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))' "${1:-1}"
}

stack_jar() {
  if [ "$1" = rg-dashboard ] && [ -n "${DASHBOARD_JAR:-}" ]; then
    echo "$DASHBOARD_JAR"
  else
    echo "$1/target/$1.jar"
  fi
}

# Builds the named modules when one of their jars is missing (one reactor run for all of them).
stack_build() {
  missing=
  for module in "$@"; do
    [ -f "$(stack_jar "$module")" ] || missing="$missing,$module"
  done
  if [ -n "$missing" ]; then
    ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -pl "${missing#,}" -am package
  fi
}

stack_start() {
  name=$1
  shift
  mkdir -p "$STACK_STATE/data/$name"
  env VELDRA_DATA_DIR="$STACK_STATE/data/$name" "$@" \
    "$JAVA_HOME/bin/java" ${STACK_JAVA_OPTS:-} -jar "$(stack_jar "$name")" \
    >"$STACK_STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STACK_STATE/$name.pid"
  STACK_SERVICES="$name $STACK_SERVICES"
  if [ "$name" = rg-auth ]; then
    STACK_AUTH_LOG="$STACK_STATE/logs/rg-auth.log"
  fi
}

stack_pid() {
  if [ -f "$STACK_STATE/$1.pid" ]; then
    cat "$STACK_STATE/$1.pid"
  else
    cat "$STACK_RG_STATE/run/$1.pid"
  fi
}

stack_ready() {
  deadline=$(($(date +%s) + ${STACK_READY_SECS:-600}))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -fsS -o /dev/null --max-time 2 "$2" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$(stack_pid "$1")" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  echo "$1 did not become ready on $2; its log ($STACK_STATE/logs/$1.log):" >&2
  tail -40 "$STACK_STATE/logs/$1.log" >&2
  return 1
}

stack_stop() {
  if [ -n "${STACK_RG_STATE:-}" ]; then
    RG_STATE_DIR="$STACK_RG_STATE" scripts/rg down >/dev/null 2>&1 || true
    STACK_RG_STATE=
  fi
  for name in $STACK_SERVICES; do
    pid=$(stack_pid "$name")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  done
  STACK_SERVICES=
  if [ -n "${STACK_STATE:-}" ] && [ "${STACK_KEEP:-0}" != 1 ]; then
    rm -rf "$STACK_STATE"
  fi
}

stack_post() {
  curl -fsS -H 'Content-Type: application/json' -d "$2" "$1"
}

stack_json_field() {
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

stack_admin() {
  stack_post "$1/api/auth/register" \
    "{\"email\":\"$STACK_ADMIN_EMAIL\",\"password\":\"$STACK_ADMIN_PASSWORD\"}" >/dev/null
  token=
  for _ in $(seq 1 100); do
    token=$(sed -n 's/^\[email-stub\] .*[?&]token=\([A-Za-z0-9_-]*\).*/\1/p' "$2" | head -n 1)
    [ -n "$token" ] && break
    sleep 0.1
  done
  if [ -z "$token" ]; then
    echo "rg-auth printed no verification email in $2" >&2
    return 1
  fi
  state=$(stack_post "$1/api/auth/verify" "{\"token\":\"$token\"}" | stack_json_field state)
  if [ "$state" != active ]; then
    echo "the bootstrap admin is '$state' after verification, not active" >&2
    return 1
  fi
  STACK_TOKEN=$(stack_post "$1/api/auth/login" \
    "{\"email\":\"$STACK_ADMIN_EMAIL\",\"password\":\"$STACK_ADMIN_PASSWORD\"}" | stack_json_field token)
}

stack_full() {
  # shellcheck disable=SC2046
  set -- $(stack_port 9)
  AUTH_URL="http://127.0.0.1:$1"
  TEMPLATES_URL="http://127.0.0.1:$4"
  VERIFIER_URL="http://127.0.0.1:$5"
  GATEWAY_URL="http://127.0.0.1:$7"
  GATEWAY_SV2_PORT=$8
  DASHBOARD_URL="http://127.0.0.1:$9"
  STACK_RG_STATE="$STACK_STATE/rg"
  STACK_AUTH_LOG="$STACK_RG_STATE/logs/rg-auth.log"
  # The settings are given to scripts/rg only (not exported), so nothing else this script runs sees them.
  if ! env RG_STATE_DIR="$STACK_RG_STATE" RG_READY_TIMEOUT_SECS="${STACK_READY_SECS:-600}" \
    RG_JAVA_OPTS="${STACK_JAVA_OPTS:-}" VELDRA_MODE=observe VELDRA_AUTH_ADMIN_EMAIL="$STACK_ADMIN_EMAIL" \
    VELDRA_AUTH_PORT="$1" VELDRA_DEMO_FEED_PORT="$2" VELDRA_FEED_ADAPTER_PORT="$3" \
    VELDRA_TEMPLATE_MANAGER_HTTP_PORT="$4" VELDRA_VERIFIER_HTTP_PORT="$5" VELDRA_VERIFIER_TCP_PORT="$6" \
    VELDRA_GATEWAY_HTTP_PORT="$7" VELDRA_GATEWAY_SV2_PORT="$8" VELDRA_DASHBOARD_PORT="$9" \
    VELDRA_GATEWAY_MAX_CONNECTIONS_PER_IP=100000 VELDRA_GATEWAY_CONNECTIONS_PER_IP_PER_SEC=100000 \
    VELDRA_GATEWAY_HANDSHAKE_TIMEOUT_SECS=60 VELDRA_GATEWAY_SETUP_TIMEOUT_SECS=60 \
    scripts/rg up >"$STACK_STATE/logs/rg-up.log" 2>&1; then
    echo "scripts/rg up failed; its output ($STACK_STATE/logs/rg-up.log):" >&2
    tail -30 "$STACK_STATE/logs/rg-up.log" >&2
    return 1
  fi
}

# User + system CPU seconds of a process so far.
stack_cpu() {
  python3 -c '
import os, sys
fields = open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split()
print((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))' "$1"
}

stack_machine() {
  echo "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
