#!/usr/bin/env bash
# Lab check of 'ferry doctor' (issue 5): a new user who runs it against a lab scenario gets the right
# diagnosis. For S01 (plain FTP and FTPS), S02, S06, S08, S11, and one case where nothing works (S02's server
# firewall with S06's client), it runs `ferry doctor --json` from the scenario's client host and checks each
# data method's verdict and outcome, the key words of the cause, the recommended mode and the exit status.
#
#   lab/run.sh runs it after the scenario matrix, in the lab's private namespaces; `lab/run.sh --only doctor`
#   runs it alone there. Directly, as root: FERRY_JAR=ferry-cli/target/ferry.jar lab/doctor-check.sh [DIR]
#   (not beside another user of the fl-* namespaces). DIR keeps each run's JSON and text report.
# Brings the lab up and down itself. Exit 0 when every diagnosis is the expected one.
set -euo pipefail
NETLAB=${NETLAB:-$(cd "$(dirname "$(readlink -f "$0")")" && pwd)}
# shellcheck source=lib.sh
. "$NETLAB/lib.sh"
fl_check_begin doctor
lab() { "$NETLAB/netlab.sh" "$@"; }
out=${1:-$work/out}
mkdir -p "$work/root/pub" "$out" && echo hello >"$work/root/pub/hello.txt"
fails=0

# HOST: ferry serve as in lab/servers/ferry.sh (passive range 50000-50100, 4 s to connect back)
serve() {
  fl_spawn_server ferry "$1" "exec $JAVA -XX:+UseSerialGC -jar $JAR serve --port 21 --passive-ports 50000-50100 --root $work/root --anonymous --data-timeout 4s --tls auto --tls-dir $work"
}

# NAME CLIENT URL [DOCTOR-FLAGS...]: runs the doctor; its JSON in $out/NAME.json, the exit status in $out/NAME.exit
doctor() {
  local name=$1 client=$2 url=$3 rc=0; shift 3
  lab exec "$client" timeout 90 "$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" doctor --json \
    --netrc-file /nonexistent "$@" "$url" >"$out/$name.json" 2>"$out/$name.err" || rc=$?
  echo "$rc" >"$out/$name.exit"
  echo "== $name: ferry doctor $* $url (from fl-$client): exit $rc"
}

# NAME EXPECTATION...: each is ID=VERDICT (a step's verdict), ID~TEXT (the step's line holds TEXT), mode=M
# (the recommended mode, or none), exit=N
expect() {
  local name=$1 json; shift
  json=$(cat "$out/$name.json")
  local e id want line got bad=0
  for e in "$@"; do
    case $e in
      exit=*) got=$(cat "$out/$name.exit"); [[ $got == "${e#exit=}" ]] || { echo "   $name: exit $got, expected ${e#exit=}"; bad=1; } ;;
      mode=none) grep -q '"recommendation": {"mode": null' <<<"$json" || { echo "   $name: a mode was recommended, expected none"; bad=1; } ;;
      mode=*) grep -q "\"recommendation\": {\"mode\": \"${e#mode=}\"" <<<"$json" || { echo "   $name: mode ${e#mode=} not recommended"; bad=1; } ;;
      *~*) id=${e%%~*}; want=${e#*~}
           line=$(grep -F "{\"id\": \"$id\"" <<<"$json" || true)
           grep -qF -- "$want" <<<"$line" || { echo "   $name: step $id does not say '$want': $line"; bad=1; } ;;
      *=*) id=${e%%=*}; want=${e#*=}
           line=$(grep -F "{\"id\": \"$id\"" <<<"$json" || true)
           grep -qF "\"verdict\": \"$want\"" <<<"$line" || { echo "   $name: step $id is not $want: $line"; bad=1; } ;;
    esac
  done
  if [[ $bad == 0 ]]; then echo "   $name: as expected"; else fails=$((fails + 1)); sed 's/^/   | /' "$out/$name.json"; cat "$out/$name.err"; fi
}

lab up
lab helper off
# S01: no firewall, no NAT: every step ok, plain and FTPS (AUTH TLS; the lab's certificate is self-signed)
lab fw open
serve srv
doctor S01 cli-open ftp://198.18.0.10/pub/
expect S01 resolve=ok connect=ok greeting=ok login=ok feat=ok epsv=ok pasv-announced=ok pasv-fixed=ok eprt=ok port=ok \
  mode=passive exit=0
doctor S01-ftpes cli-open ftpes://198.18.0.10/pub/ --insecure
expect S01-ftpes tls=ok 'tls~NOT checked (--insecure)' epsv=ok eprt=ok tls-data=ok 'tls-data~resumed' mode=passive exit=0
# S02: the server's firewall lets only port 21 in: the passive port is dropped, active works
lab fw ctrl-only
doctor S02 cli-open ftp://198.18.0.10/pub/
expect S02 epsv=fail 'epsv~"outcome": "TIMED_OUT"' 'epsv~The data port 5' 'epsv~open the server' 'epsv~passive port range' \
  pasv-announced=fail pasv-fixed=fail eprt=ok port=ok mode=active exit=0
# S06: the client's stateful firewall drops the server's connection back: passive works
lab fw open
doctor S06 cli-pub ftp://198.18.0.10/pub/
expect S06 epsv=ok pasv-fixed=ok eprt=fail 'eprt~"outcome": "SERVER_DID_NOT_CONNECT"' \
  'eprt~could not connect back' 'eprt~a firewall in front of this client' 'eprt~use passive mode' port=fail \
  mode=passive exit=0
# S08: the client is behind masquerading NAT: the server refuses PORT/EPRT to its private address
doctor S08 cli-nat ftp://198.18.0.10/pub/
expect S08 epsv=ok eprt=fail 'eprt~"outcome": "REFUSED"' 'eprt~"reply": "504' 'eprt~you are behind NAT' \
  'port~you announced 10.77.1.10, a private address' port=fail mode=passive exit=0
# nothing works: the passive ports dropped at the server (S02) and the connection back at the client (S06)
lab fw ctrl-only
doctor none cli-pub ftp://198.18.0.10/pub/
expect none epsv=fail eprt=fail port=fail mode=none exit=6
grep -q 'No data connection works from here. Fix one of these: open the server.*; let the server in' "$out/none.json" \
  || { echo "   none: the recommendation does not say what to fix on each side"; fails=$((fails + 1)); }
# S11: the server behind NAT (21 and 50000-50100 forwarded) announces its private address in 227
lab fw ctrl+range
serve srv-nat
doctor S11 cli-open ftp://198.18.0.3/pub/
expect S11 epsv=ok pasv-announced=fail 'pasv-announced~"announced": "10.77.2.10:5' \
  'pasv-announced~The server announced 10.77.2.10, a private address, in its 227 reply, but you reached it at 198.18.0.3: it is behind NAT' \
  'pasv-announced~--passive-address 198.18.0.3' "pasv-announced~Ferry's client" pasv-fixed=ok \
  'pasv-fixed~connected to 198.18.0.3:5' eprt=ok port=ok mode=passive exit=0
# and as a person reads it: the report, and the exchange as a diagram (kept in DIR for the README's samples)
lab exec cli-open "$JAVA" -XX:+UseSerialGC -jar "$JAR" doctor --netrc-file /nonexistent ftp://198.18.0.3/pub/ \
  >"$out/S11.txt" 2>&1 || true
lab exec cli-open "$JAVA" -XX:+UseSerialGC -jar "$JAR" doctor --diagram --netrc-file /nonexistent ftp://198.18.0.3/pub/ \
  >"$out/S11.mmd" 2>/dev/null || true
if [[ $(tail -1 "$out/S11.txt") == "Use passive mode: --mode passive"* && $(head -1 "$out/S11.mmd") == sequenceDiagram ]] \
    && grep -q '^FAIL  PASV as announced' "$out/S11.txt" && grep -q 'CC->>SC: PASS \*\*\*\*' "$out/S11.mmd"; then
  echo "   S11 report and diagram: as expected"
else
  echo "   S11 report and diagram: not as expected"; cat "$out/S11.txt" "$out/S11.mmd"; fails=$((fails + 1))
fi
lab stop ferry
echo "$fails unexpected diagnosis(es)"
exit $((fails > 0))
