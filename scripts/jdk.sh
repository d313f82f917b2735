# Sourced by Dante's scripts: sets JAVA_HOME to a JDK >= 25 or stops with one line.
# Order: $JAVA_HOME when it is >= 25, else the newest JDK >= 25 under /usr/lib/jvm (or $DANTE_JDK_SEARCH, for tests).

dante_jdk_major() {  # prints the feature version of the JDK at $1, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

dante_find_jdk() {
  local min=25 best="" best_v=0 d v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(dante_jdk_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then export JAVA_HOME; return 0; fi
  fi
  for d in "${DANTE_JDK_SEARCH:-/usr/lib/jvm}"/*; do
    [ -d "$d" ] || continue
    v=$(dante_jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then best=$d; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "dante: no JDK >= $min found (JAVA_HOME=${JAVA_HOME:-unset}, nothing under ${DANTE_JDK_SEARCH:-/usr/lib/jvm}); install one, e.g. Temurin 25 (apt-get install temurin-25-jdk), and set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME=$best
}
