#!/bin/sh
# dudect-style timing test of the secret-key operations (docs/benchmarks.md, "Constant-time secret-key operations"):
# the constant-time sv2-protocol code (ct) and the Bouncy Castle / BigInteger code it replaced (bc), fixed vs random
# secrets, Welch's t per operation. |t| > 4.5: the time depends on the secret.
#
# usage: scripts/bench/constant-time.sh [MEASUREMENTS [OPERATIONS [IMPLEMENTATIONS]]]
#   e.g. scripts/bench/constant-time.sh 200000 pubkey,ecdh,sign bc,ct
# environment: MVN_ARGS (extra Maven arguments, e.g. -o -Dmaven.repo.local=...)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
# shellcheck disable=SC2086
exec ./mvnw -B -q ${MVN_ARGS:-} -pl sv2-protocol -am -Pct-leakage -DskipTests verify -Dct.args="$*"
