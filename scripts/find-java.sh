# Sourced by ./ferry and ./test.sh: sets JAVA_HOME to a JDK 21 or newer, or explains why it cannot.
# Looks at JAVA_HOME, then java on PATH, then /usr/lib/jvm/*.

ferry_java_version() { # prints the major version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

ferry_find_jdk() {
  local candidates=() c home v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v=$(ferry_java_version "$home/bin/java")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      return 0
    fi
  done
  echo "ferry: no JDK 21 or newer found (looked at JAVA_HOME, javac on PATH, /usr/lib/jvm)." >&2
  echo "ferry: install one, for example: apt-get install openjdk-21-jdk-headless, or set JAVA_HOME." >&2
  return 1
}
