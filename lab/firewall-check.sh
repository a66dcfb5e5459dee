#!/usr/bin/env bash
# Lab check of 'ferry firewall' (issue 5): the printed nftables rules, loaded on the lab's server host in
# place of the lab's own table, let passive mode through; without the passive-range rule passive fails;
# the --conntrack-helper variant lets passive through with the control port alone; and behind NAT (fl-srv-nat,
# fl-rtr-s forwards 21 + 50000-50100) the rules work with passive-address, while the helper variant loses PASV.
#
#   lab/run.sh runs it after the scenario matrix, in the lab's private namespaces. Alone, as root:
#   FERRY_JAR=ferry-cli/target/ferry.jar lab/firewall-check.sh  (not beside another user of the fl-* namespaces)
# Brings the lab up and down itself. Exit 0 when every result is the expected one.
set -euo pipefail
NETLAB=${NETLAB:-$(cd "$(dirname "$(readlink -f "$0")")" && pwd)}
# shellcheck source=lib.sh
. "$NETLAB/lib.sh"
fl_check_begin fw
lab() { "$NETLAB/netlab.sh" "$@"; }
mkdir -p "$work/root" && head -c 262144 /dev/urandom >"$work/root/f.bin"
want=$(sha256sum <"$work/root/f.bin" | cut -d' ' -f1)
fails=0

ferry_flags=(--port 21 --passive-ports 50000-50100)
ferry() { "$JAVA" -jar "$JAR" "$@"; }

# HOST: load FILE as HOST's only firewall (the lab's table inet fl_lab removed), then forget old connections
apply() {
  lab exec "$1" nft delete table inet fl_lab 2>/dev/null || true
  lab exec "$1" nft -f "$2"
  lab exec "$1" conntrack -F >/dev/null 2>&1 || true
}
serve() { # HOST EXTRA-FLAGS...
  local host=$1; shift
  fl_spawn_server ferry "$host" "exec $JAVA -jar $JAR serve ${ferry_flags[*]} --root $work/root --anonymous --data-timeout 4s $*"
}
# NAME EXPECT(ok|fail) CURL-FLAGS... : one anonymous download from fl-cli-open, checked by sha256
check() {
  local name=$1 expect=$2 got; shift 2
  got=$(lab exec cli-open curl -s --max-time 8 --connect-timeout 4 "$@" -o - 2>/dev/null | sha256sum | cut -d' ' -f1 || true)
  local result=fail; [[ $got == "$want" ]] && result=ok
  printf '%-58s %-4s (expected %s)\n' "$name" "$result" "$expect"
  [[ $result == "$expect" ]] || fails=$((fails + 1))
}

lab up
# 1. fl-srv (198.18.0.10), the printed rules
ferry firewall "${ferry_flags[@]}" >"$work/ferry.nft"
apply srv "$work/ferry.nft"
serve srv
check "srv, ferry rules: EPSV" ok --ftp-pasv ftp://198.18.0.10/f.bin
check "srv, ferry rules: PASV" ok --ftp-pasv --disable-epsv ftp://198.18.0.10/f.bin
check "srv, ferry rules: EPRT (active, out from port 20)" ok --ftp-port - ftp://198.18.0.10/f.bin
# 2. the same without the passive-range rule
handle=$(lab exec srv nft -a list chain inet ferry input | sed -n 's/.*"ferry passive data".*# handle \([0-9]*\)$/\1/p')
lab exec srv nft delete rule inet ferry input handle "$handle"
lab exec srv conntrack -F >/dev/null 2>&1 || true
check "srv, ferry rules minus the range: EPSV" fail --ftp-pasv ftp://198.18.0.10/f.bin
check "srv, ferry rules minus the range: PASV" fail --ftp-pasv --disable-epsv ftp://198.18.0.10/f.bin
check "srv, ferry rules minus the range: EPRT" ok --ftp-port - ftp://198.18.0.10/f.bin
# 3. --conntrack-helper: control port only, the helper lets the data connections in
ferry firewall "${ferry_flags[@]}" --conntrack-helper >"$work/helper.nft"
apply srv "$work/helper.nft"
check "srv, --conntrack-helper: EPSV" ok --ftp-pasv ftp://198.18.0.10/f.bin
check "srv, --conntrack-helper: PASV" ok --ftp-pasv --disable-epsv ftp://198.18.0.10/f.bin
# 4. behind NAT: fl-srv-nat 10.77.2.10, reached at fl-rtr-s 198.18.0.3
ferry firewall "${ferry_flags[@]}" --passive-address 198.18.0.3 >"$work/nat.nft"
apply srv-nat "$work/nat.nft"
serve srv-nat --passive-address 198.18.0.3
check "srv-nat, ferry rules: EPSV" ok --ftp-pasv ftp://198.18.0.3/f.bin
check "srv-nat, ferry rules: PASV (227 names 198.18.0.3)" ok --ftp-pasv --disable-epsv ftp://198.18.0.3/f.bin
ferry firewall "${ferry_flags[@]}" --passive-address 198.18.0.3 --conntrack-helper >"$work/nat-helper.nft"
apply srv-nat "$work/nat-helper.nft"
check "srv-nat, --conntrack-helper: EPSV" ok --ftp-pasv ftp://198.18.0.3/f.bin
check "srv-nat, --conntrack-helper: PASV (helper ignores the 227)" fail --ftp-pasv --disable-epsv ftp://198.18.0.3/f.bin
lab stop ferry
echo "$fails unexpected result(s)"
exit $((fails > 0))
