# Sourced (POSIX sh) by mvnw, scripts/rg and .ci/run: points JAVA_HOME at the newest installed JDK >= 21.
# The machines' default `java` is 17, with a newer JDK beside it, so PATH alone is not enough.
rg_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

rg_find_jdk() {
  rg_best="" rg_best_major=0
  rg_restore_glob=$(case $- in *f*) echo "set -f" ;; esac)
  set +f
  for rg_candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -n "$rg_candidate" ] && [ -x "$rg_candidate/bin/javac" ] || continue
    rg_major=$(rg_java_major "$rg_candidate")
    case "$rg_major" in '' | *[!0-9]*) continue ;; esac
    if [ "$rg_major" -gt "$rg_best_major" ]; then rg_best="$rg_candidate" rg_best_major="$rg_major"; fi
  done
  $rg_restore_glob
  if [ "$rg_best_major" -lt 21 ]; then
    echo "ReserveGrid needs a JDK 21 or newer; none found under /usr/lib/jvm or in JAVA_HOME." >&2
    return 1
  fi
  JAVA_HOME="$rg_best"
  PATH="$JAVA_HOME/bin:$PATH"
  export JAVA_HOME PATH
}

rg_find_jdk
