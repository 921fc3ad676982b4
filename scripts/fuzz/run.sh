#!/usr/bin/env bash
# Fuzzes one target coverage-guided for a while, or lists the targets (docs/fuzzing.md).
#
#   scripts/fuzz/run.sh --list
#   scripts/fuzz/run.sh MODULE TARGET DURATION     e.g.  scripts/fuzz/run.sh sv2-protocol sv2-frame 30m
#
# TARGET is the id of a fuzz-<TARGET> execution in MODULE's "fuzz" profile; DURATION is Jazzer's (10s, 30m, 2h).
# The module and what it depends on must be built and installed first (./mvnw -B install -DskipTests -pl MODULE
# -am). Extra Maven arguments go in MVN_ARGS (e.g. MVN_ARGS="-o -Dmaven.repo.local=/tmp/m2"). It prints
# libFuzzer's closing line ("Done N runs in S second(s)") and the executions per second; a finding fails the run
# and leaves the crashing input in the target's src/test/resources/.../<Class>Inputs/<method>/ directory.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1:-}" = "--list" ]; then
  for pom in */pom.xml; do
    { grep -o '<id>fuzz-[a-z0-9-]*</id>' "$pom" || true; } | sed "s|<id>fuzz-\(.*\)</id>|${pom%/pom.xml} \1|"
  done
  exit 0
fi
if [ $# -ne 3 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
module=$1 target=$2 duration=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The whole Maven output stays in the log (FUZZ_LOG, default a temporary file); the lines that matter are shown.
log=${FUZZ_LOG:-$log}
# shellcheck disable=SC2086
if ./mvnw -B ${MVN_ARGS:-} -Pfuzz -pl "$module" "surefire:test@fuzz-$target" -Dfuzz.duration="$duration" >"$log" 2>&1; then
  status=0
else
  status=$?
fi
grep -E '^(Done [0-9]+ runs|==[0-9]+== ERROR|== Java Exception|\[(ERROR|INFO)\] (Tests run|BUILD))' "$log" || true
done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
if [ -n "$done_line" ]; then
  read -r _ runs _ _ seconds _ <<<"$done_line"
  echo "fuzz $module $target: $runs executions in $seconds s ($(( runs / (seconds > 0 ? seconds : 1) )) exec/s)"
fi
exit "$status"
