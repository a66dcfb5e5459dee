#!/usr/bin/env bash
# The Ferry server for scenarios.sh (its default server), in the place of the shared lab's vsftpd example.
# Reads the scenario variables from the environment and execs `ferry serve` in the foreground, so the pid
# scenarios.sh recorded is the server itself.
#
#   FTP_PORT   control port (21)           FTP_ROOT  directory served to anonymous users
#   PASV_MIN / PASV_MAX  passive port range (both empty => Ferry's default range, 50000-50999)
#   EXT_ADDR   passive-address: announced in 227 to clients outside the server's local networks
#   FTP_STATE  scratch dir: tls-dir, where --tls auto keeps the self-signed certificate it makes (FTPS, C02)
#   FTP_LOG    unused: the log (debug: every command and reply) goes to stderr, which scenarios.sh keeps in
#              RESULTS/server-N.out
#   JAVA       java binary (default: $JAVA_HOME/bin/java, else java on PATH)
#   FERRY_JAR  the ferry jar (default: ferry-cli/target/ferry.jar of this checkout)
#   FERRY_SERVE_EXTRA  extra flags appended verbatim (e.g. "--active-allow-foreign")
# --data-timeout 4s matches the limits the lab gives vsftpd (connect_timeout=4): an active connect-back
# that a firewall drops is answered 425 well inside the clients' 8 s.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${FTP_PORT:=21}" "${FTP_ROOT:?FTP_ROOT required}" "${FTP_STATE:?FTP_STATE required}"
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}
jar=${FERRY_JAR:-$here/../../ferry-cli/target/ferry.jar}
[[ -f $jar ]] || { echo "ferry.sh: no jar at $jar (build it: mvn -DskipTests package)" >&2; exit 1; }
# FTPS as the server's default (tls: auto), with its certificate in the scratch dir, never the working directory
args=(serve --port "$FTP_PORT" --root "$FTP_ROOT" --anonymous --data-timeout 4s --log-level debug
      --tls auto --tls-dir "$FTP_STATE")
[[ -n ${PASV_MIN:-} && -n ${PASV_MAX:-} ]] && args+=(--passive-ports "$PASV_MIN-$PASV_MAX")
[[ -n ${EXT_ADDR:-} ]] && args+=(--passive-address "$EXT_ADDR")
# shellcheck disable=SC2206 # extra flags are words
[[ -n ${FERRY_SERVE_EXTRA:-} ]] && args+=($FERRY_SERVE_EXTRA)
exec "$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar" "${args[@]}"
