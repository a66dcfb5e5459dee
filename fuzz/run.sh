#!/usr/bin/env bash
# Fuzzes every @FuzzTest (Jazzer, coverage-guided) for a bounded time: fuzz/run.sh [SECONDS per target, 20].
#
# Each *FuzzTest class holds one @FuzzTest; Jazzer fuzzes one per JVM, so surefire forks a JVM per class
# (reuseForks=false), all in one Maven run. Inputs that reach new code accumulate in each module's
# .cifuzz-corpus/ (ignored by git) and are copied to fuzz/out/corpus/; an input that breaks an invariant is
# written by Jazzer beside the committed seeds (src/test/resources/<package>/<Class>Inputs/<method>/crash-*),
# so that `mvn verify` replays it from then on, and copied to fuzz/out/crashes/. Exits non-zero on a finding.
# Needs the modules built (mvn verify, or mvn -DskipTests install) and a JDK 21+.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/find-java.sh"
ferry_find_jdk
seconds=${1:-20}
cd "$here"

before=$(mktemp)
trap 'rm -f "$before"' EXIT
find . -path '*/src/test/resources/*Inputs/*' -name 'crash-*' | sort > "$before"

rc=0
JAZZER_FUZZ=1 mvn -B -q -ntp --fail-at-end -pl ferry-protocol,ferry-server,ferry-client test \
  -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false \
  -Djazzer.max_duration="${seconds}s" -Djazzer.hooks=true > fuzz/last-run.log 2>&1 || rc=$?

mkdir -p fuzz/out/corpus fuzz/out/crashes
for corpus in */.cifuzz-corpus; do
  [ -d "$corpus" ] && cp -r "$corpus"/. fuzz/out/corpus/
done
new=$(find . -path '*/src/test/resources/*Inputs/*' -name 'crash-*' | sort | comm -13 "$before" -)
for crash in $new; do
  cp "$crash" fuzz/out/crashes/
done

grep -hE '^Done [0-9]+ runs' fuzz/last-run.log | sed 's/^/fuzz: /' || true
for target in */.cifuzz-corpus/*/*; do
  [ -d "$target" ] && echo "fuzz: ${target#*/.cifuzz-corpus/}: $(find "$target" -type f | wc -l) inputs in the corpus"
done
if [ -n "$new" ]; then
  echo "fuzz: findings (replayed by mvn verify until fixed; copies in fuzz/out/crashes):" >&2
  printf '  %s\n' $new >&2
fi
if [ "$rc" -ne 0 ]; then
  echo "fuzz: failed (exit $rc); see fuzz/last-run.log" >&2
  grep -E 'FuzzTestFinding|Tests run:.*FAIL' fuzz/last-run.log | head -20 >&2 || true
  exit 1
fi
echo "fuzz: no findings (${seconds}s per target)"
