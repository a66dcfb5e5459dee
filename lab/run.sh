#!/usr/bin/env bash
# The network lab as a test: Ferry's server and client through real firewalls and NAT (network namespaces,
# nftables, conntrack), every cell checked against lab/expected.tsv, then the rules `ferry firewall` prints
# (lab/firewall-check.sh) and the diagnoses of `ferry doctor` (lab/doctor-check.sh). test.sh runs it after
# `mvn verify`.
#
#   lab/run.sh [scenarios.sh options]      e.g. lab/run.sh --only S02,S15,C01
#   lab/run.sh --only firewall,doctor      the checks after the matrix run in a full run, or when named
#
# Needs root, network namespaces and nftables. Without them it skips (exit 77) and says why; but as root with
# FERRY_REQUIRE_PEERS=1 (set by test.sh) a lab that cannot run fails the run instead. Missing tools
# (nft, conntrack, curl, lftp, ...) are installed with apt-get when running as root. Builds
# ferry-cli/target/ferry.jar when it is missing or older than the sources. The lab runs in mount and PID
# namespaces of its own (so it never meets another lab's fl-* namespaces, the shared one's or a killed run's)
# and is always taken down at the end, even when this script is killed. Results: target/netlab/ (matrix.md).
# FERRY_LAB=0 skips it (for quick local runs of test.sh).
# Exit: 0 every cell as expected, 1 a cell or check differs (or the lab could not run), 77 skipped.
set -euo pipefail
lab=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
repo=$(cd "$lab/.." && pwd)

skip() {
  if [[ $(id -u) -eq 0 && ${FERRY_REQUIRE_PEERS:-0} == 1 ]]; then
    echo "lab/run.sh: FAILED: the network lab cannot run here: $* (FERRY_REQUIRE_PEERS=1 and root: it must)" >&2
    exit 1
  fi
  echo "lab/run.sh: network lab skipped: $*" >&2
  exit 77
}

[[ ${FERRY_LAB:-1} == 0 ]] && { echo "lab/run.sh: network lab skipped: FERRY_LAB=0" >&2; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "it needs root (network namespaces, nftables); run as root: sudo lab/run.sh"
[[ $(uname -s) == Linux ]] || skip "it needs Linux network namespaces"
FL_DIR=$lab
# shellcheck source=lib.sh
. "$lab/lib.sh"
missing=$(fl_deps_missing)
if [[ -n $missing ]]; then
  command -v apt-get >/dev/null 2>&1 || skip "missing tools: $missing (and no apt-get to install them)"
  "$lab/netlab.sh" deps || skip "could not install its tools: $missing (lab/netlab.sh deps failed)"
fi
# The lab lives in mount and PID namespaces of its own, with a fresh /run/netns and state directory: its fl-*
# namespaces never meet another lab on this machine (the shared one, or one left by a killed run), and when
# this script ends, however it ends, every process it started ends with it (the kernel kills a PID namespace
# with its first process) and so do the network namespaces (they go with the last mount that names them).
unshare_args=(--mount --pid --fork --kill-child --mount-proc --propagation private)
if [[ ${FERRY_LAB_PRIVATE:-0} != 1 ]]; then
  command -v unshare >/dev/null 2>&1 || skip "no unshare (util-linux) to give the lab namespaces of its own"
  unshare "${unshare_args[@]}" true 2>/dev/null || skip "cannot create mount and PID namespaces (unshare failed)"
  FERRY_LAB_PRIVATE=1 exec unshare "${unshare_args[@]}" "$lab/run.sh" "$@"
fi
mkdir -p /run/netns /run/ferry-netlab
mount -t tmpfs -o mode=755 ferry-lab-netns /run/netns
mount -t tmpfs -o mode=755 ferry-lab-state /run/ferry-netlab
export FL_STATE=/run/ferry-netlab/state
# The lab always goes at the end, whatever happens in between: the servers and clients it started first.
trap '"$lab/netlab.sh" down >/dev/null 2>&1 || "$lab/netlab.sh" down' EXIT
trap 'exit 130' INT TERM

probe=fl-probe$$
if ! ip netns add "$probe" 2>/dev/null; then skip "cannot create a network namespace (ip netns add failed: no CAP_SYS_ADMIN?)"; fi
if ! printf 'table inet t {\n chain c { type filter hook input priority 0; ct state established accept; }\n}\n' \
    | ip netns exec "$probe" nft -f - 2>/dev/null; then
  ip netns del "$probe" 2>/dev/null || true
  skip "nftables does not work in a network namespace here"
fi
ip netns del "$probe"

. "$repo/scripts/find-java.sh"
ferry_find_jdk || exit 1
export JAVA="$JAVA_HOME/bin/java"
export FERRY_JAR="$repo/ferry-cli/target/ferry.jar"
if [[ ! -f $FERRY_JAR || -n $(find "$repo" -path "$repo/*/src/main/*" -newer "$FERRY_JAR" -print -quit) || $repo/pom.xml -nt $FERRY_JAR ]]; then
  echo "lab/run.sh: building $FERRY_JAR" >&2
  (cd "$repo" && mvn -q -B -ntp -DskipTests package >&2) || { echo "lab/run.sh: build failed" >&2; exit 1; }
fi

results="$repo/target/netlab"
rm -rf "$results"
mkdir -p "$results"
echo "lab/run.sh: network lab (Ferry server and client through firewalls and NAT); results in $results" >&2
t0=$SECONDS
# The checks after the matrix: 'ferry firewall' (its printed rules, loaded on the server host, let passive
# through; without the range, not) and 'ferry doctor' (its diagnosis of each kind of scenario). A full run has
# them all; --only runs those it names, and the matrix only when it names scenarios too.
checks=(firewall doctor)
selected=()
args=()
matrix=1
[[ $# == 0 ]] && selected=("${checks[@]}")
while [[ $# -gt 0 ]]; do
  if [[ $1 == --only && $# -ge 2 ]]; then
    IFS=, read -r -a ids <<<"$2"
    rest=()
    for id in "${ids[@]}"; do
      if [[ " ${checks[*]} " == *" $id "* ]]; then selected+=("$id"); else rest+=("$id"); fi
    done
    if [[ ${#rest[@]} -gt 0 ]]; then args+=(--only "$(IFS=,; echo "${rest[*]}")"); else matrix=0; fi
    shift 2
  else
    args+=("$1")
    shift
  fi
done
rc=0
if [[ $matrix == 1 ]]; then
  "$lab/scenarios.sh" --strict --down --results "$results" "${args[@]}" || rc=$?
fi
for check in "${selected[@]}"; do
  [[ $rc == 0 ]] || break
  "$lab/$check-check.sh" "$results/$check" >"$results/$check-check.txt" 2>&1 || rc=$?
  cat "$results/$check-check.txt" >&2
done
if [[ $rc == 0 ]]; then
  echo "lab/run.sh: network lab passed in $((SECONDS - t0))s:$([[ $matrix == 1 ]] && echo " every cell as in lab/expected.tsv,") every check as expected" >&2
else
  echo "lab/run.sh: network lab FAILED (exit $rc) after $((SECONDS - t0))s; see $results/matrix.md and the logs beside it" >&2
  rc=1
fi
exit $rc
