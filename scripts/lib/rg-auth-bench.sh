# Sourced (POSIX sh) by scripts/bench/auth-*.sh, after scripts/lib/jdk.sh and with the repository root as the
# working directory: builds what is missing, starts rg-auth on the embedded database in a temporary data directory,
# and signs in as its bootstrap admin. Sets AUTH_PORT, AUTH_PID, AUTH_DATA, AUTH_LOG, AUTH_URL; after
# auth_login, AUTH_TOKEN. auth_stop (also run on exit by the caller's trap) stops rg-auth and removes the data.
# AUTH_JAR runs another build of rg-auth (a before/after comparison); AUTH_JAVA_OPTS adds JVM options.

AUTH_ADMIN_EMAIL=${AUTH_ADMIN_EMAIL:-admin@bench.invalid}
# Not on the common-password list; only ever used against this throw-away instance.
AUTH_ADMIN_PASSWORD=${AUTH_ADMIN_PASSWORD:-bench-Lantern-Quarry-4711}
AUTH_JAR=${AUTH_JAR:-rg-auth/target/rg-auth.jar}
LOAD="$JAVA_HOME/bin/java -jar rg-load-test/target/rg-load-test.jar"

auth_build() {
  [ -f "$AUTH_JAR" ] || ./mvnw -B -q -pl rg-auth -am package -DskipTests
  # An older jar has no http mode: rebuild it rather than fail later.
  if ! $LOAD http --help >/dev/null 2>&1; then
    ./mvnw -B -q -pl rg-load-test -am package -DskipTests
  fi
}

auth_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# auth_start [VAR=value ...]: extra settings for rg-auth's environment.
auth_start() {
  AUTH_PORT=${PORT:-$(auth_free_port)}
  AUTH_URL="http://127.0.0.1:$AUTH_PORT"
  AUTH_DATA=$(mktemp -d)
  AUTH_LOG="$AUTH_DATA/rg-auth.log"
  env VELDRA_AUTH_BIND=127.0.0.1 VELDRA_AUTH_PORT="$AUTH_PORT" VELDRA_DATA_DIR="$AUTH_DATA" \
    VELDRA_AUTH_ADMIN_EMAIL="$AUTH_ADMIN_EMAIL" "$@" \
    "$JAVA_HOME/bin/java" ${AUTH_JAVA_OPTS:-} -jar "$AUTH_JAR" >"$AUTH_LOG" 2>&1 &
  AUTH_PID=$!
  for _ in $(seq 1 240); do
    if curl -fsS "$AUTH_URL/ready" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$AUTH_PID" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  echo "rg-auth did not become ready on $AUTH_URL; its log:" >&2
  tail -40 "$AUTH_LOG" >&2
  return 1
}

auth_stop() {
  if [ -n "${AUTH_PID:-}" ]; then
    kill "$AUTH_PID" 2>/dev/null || true
    wait "$AUTH_PID" 2>/dev/null || true
    AUTH_PID=
  fi
  if [ -n "${AUTH_DATA:-}" ]; then
    rm -rf "$AUTH_DATA"
    AUTH_DATA=
  fi
}

# auth_post PATH JSON: prints the response body; fails on a status other than 2xx.
auth_post() {
  curl -fsS -H 'Content-Type: application/json' -d "$2" "$AUTH_URL$1"
}

json_field() {
  python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}

# Registers the bootstrap admin, verifies it with the token from the [email-stub] lines in rg-auth's log.
auth_bootstrap_admin() {
  auth_post /api/auth/register \
    "{\"email\":\"$AUTH_ADMIN_EMAIL\",\"password\":\"$AUTH_ADMIN_PASSWORD\"}" >/dev/null
  token=
  for _ in $(seq 1 100); do
    token=$(sed -n 's/^\[email-stub\] .*[?&]token=\([A-Za-z0-9_-]*\).*/\1/p' "$AUTH_LOG" | head -n 1)
    [ -n "$token" ] && break
    sleep 0.1
  done
  if [ -z "$token" ]; then
    echo "rg-auth printed no verification email" >&2
    return 1
  fi
  state=$(auth_post /api/auth/verify "{\"token\":\"$token\"}" | json_field state)
  if [ "$state" != active ]; then
    echo "the bootstrap admin is '$state' after verification, not active" >&2
    return 1
  fi
}

auth_login() {
  AUTH_TOKEN=$(auth_post /api/auth/login \
    "{\"email\":\"$AUTH_ADMIN_EMAIL\",\"password\":\"$AUTH_ADMIN_PASSWORD\"}" | json_field token)
}

auth_machine() {
  echo "$(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p')), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
