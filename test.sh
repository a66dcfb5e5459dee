#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against real clients (Apache Commons Net, curl, lftp,
# Python ftplib). Installs what it needs: a JDK 21+ is found (not installed), Debian packages are installed
# when missing and this runs as root.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/scripts/find-java.sh"
ferry_find_jdk

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v lftp >/dev/null 2>&1 || need+=(lftp)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]} from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  else
    echo "test.sh: missing ${need[*]}; install them (as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# The third-party client tests fail, rather than skip, when a client is missing.
export FERRY_REQUIRE_PEERS=1
cd "$here"
exec mvn -B -ntp verify "$@"
