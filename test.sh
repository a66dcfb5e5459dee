#!/usr/bin/env bash
# Runs every test: unit tests, then integration tests against real clients (Apache Commons Net, curl, lftp,
# Python ftplib) and, for the client library, real servers (vsftpd, Apache FtpServer); then, as root, the
# network lab (lab/run.sh: Ferry through firewalls and NAT in network namespaces). Installs what it
# needs: a JDK 21+ is found (not installed), Debian packages are installed when missing and this runs as root.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
. "$here/scripts/find-java.sh"
ferry_find_jdk

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v lftp >/dev/null 2>&1 || need+=(lftp)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v tmux >/dev/null 2>&1 || need+=(tmux) # ferry shell on a real pseudo-terminal
can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=
apt_update() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
}
if [ ${#need[@]} -gt 0 ]; then
  if can_apt; then
    echo "test.sh: installing ${need[*]} from Debian's packages" >&2
    apt_update
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  else
    echo "test.sh: missing ${need[*]}; install them (as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
fi

# vsftpd, a server the client library is tested against. When the package is not installed, its binary is
# unpacked from Debian's package into a cache, not installed: the package conflicts with every other FTP
# server package (installing it would remove, say, proftpd-core), and installing it may start a system
# daemon. The tests run the binary themselves, as root, with a config of their own (VsftpdServer); it needs
# only the libraries the package depends on.
if [ ! -x /usr/sbin/vsftpd ]; then
  vsftpd_cache=${XDG_CACHE_HOME:-$HOME/.cache}/ferry/vsftpd
  if [ ! -x "$vsftpd_cache/usr/sbin/vsftpd" ] && can_apt; then
    echo "test.sh: unpacking vsftpd from Debian's package into $vsftpd_cache" >&2
    apt_update
    libs=$(apt-cache depends vsftpd | awk '$1 ~ /Depends:/ && $2 ~ /^lib/ {print $2}' | sort -u)
    # shellcheck disable=SC2086 # one package name a word
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade $libs >&2
    download=$(mktemp -d)
    chown _apt "$download" 2>/dev/null || true # apt downloads as _apt where it may (else it warns)
    (cd "$download" && apt-get download -qq vsftpd >&2)
    rm -rf "$vsftpd_cache"
    mkdir -p "$vsftpd_cache"
    dpkg-deb -x "$download"/vsftpd_*.deb "$vsftpd_cache"
    rm -rf "$download"
  fi
  # When it could not be had, the vsftpd tests fail and say so (FERRY_REQUIRE_PEERS below).
  export FERRY_VSFTPD="$vsftpd_cache/usr/sbin/vsftpd"
fi

# The network lab's tools (nftables, conntrack, ...): installed now when missing, as root; when that fails,
# lab/run.sh says so after the Maven tests.
if can_apt && [ "${FERRY_LAB:-1}" != 0 ]; then
  "$here/lab/netlab.sh" deps || echo "test.sh: could not install the network lab's tools" >&2
fi

# The third-party client and server tests fail, rather than skip, when a peer is missing.
export FERRY_REQUIRE_PEERS=1
cd "$here"
mvn -B -ntp verify "$@"

# Then a short coverage-guided fuzzing run of every @FuzzTest (mvn verify only replayed their corpora):
# FERRY_FUZZ_SECONDS per target (4 targets, 20 s each by default), skipped with FERRY_FUZZ=0.
fuzz_rc=0
if [ "${FERRY_FUZZ:-1}" != 0 ]; then
  "$here/fuzz/run.sh" "${FERRY_FUZZ_SECONDS:-20}" || fuzz_rc=$?
fi

# After the Maven tests, never beside them: the lab starts Ferry servers and clients of its own (in network
# namespaces, with the jar mvn verify just built). Skipped with a message when not root (exit 77).
rc=0
"$here/lab/run.sh" || rc=$?
if [ "$rc" -eq 77 ]; then rc=0; fi
if [ "$rc" -eq 0 ]; then rc=$fuzz_rc; fi
exit "$rc"
