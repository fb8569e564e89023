#!/usr/bin/env bash
# A fuzzing campaign for one @FuzzTest (docs/fuzzing.md):
#   bench/fuzz.sh list                         every target, as Class#method
#   bench/fuzz.sh TARGET [SECONDS] [EXECUTIONS]
# TARGET is Class#method or a method name; the run stops after SECONDS (default 600) or
# EXECUTIONS (default 1000000), whichever comes first. New coverage goes to .cifuzz-corpus/, a
# crashing input to the test's Inputs folder under src/test/resources (commit it: mvn verify
# replays it from then on). The log is kept in target/fuzz/<method>.log and the last line says
# executions, seconds and exec/s. Runs at nice 10 with a 1 GiB heap: the machine is shared.
# MVN_FLAGS adds Maven options (e.g. -o); JAZZER_INCLUDES replaces the instrumented packages.
set -euo pipefail
cd "$(dirname "$0")/.."

targets() {
  grep -l '@FuzzTest' -r src/test/java --include='*FuzzTest.java' | sort | while read -r file; do
    class=$(basename "$file" .java)
    awk -v class="$class" '
      /@FuzzTest/ { fuzz = 1; next }
      fuzz && match($0, /void [A-Za-z0-9_]+\(/) {
        print class "#" substr($0, RSTART + 5, RLENGTH - 6); fuzz = 0
      }' "$file"
  done
}

if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [ "$1" = "list" ]; then
  targets
  exit 0
fi

target=$(targets | grep -E "(^|#)$1\$" || true)
if [ "$(printf '%s' "$target" | grep -c '#' || true)" != 1 ]; then
  echo "fuzz.sh: '$1' names no single target; bench/fuzz.sh list shows them" >&2
  exit 2
fi
seconds=${2:-600}
executions=${3:-1000000}
method=${target#*#}
mkdir -p target/fuzz
log=target/fuzz/$method.log

# Fuzz tests that write files do so under java.io.tmpdir (@TempDir): on tmpfs, ext4's flush on
# rewriting a truncated file no longer bounds them to ~900 runs/s.
tmp=${FUZZ_TMPDIR:-/dev/shm}
[ -d "$tmp" ] && [ -w "$tmp" ] || tmp=${TMPDIR:-/tmp}

echo "== fuzzing $target for at most ${seconds}s or $executions executions; log: $log"
start=$(date +%s)
set +e
JAZZER_FUZZ=1 nice -n 10 mvn -B -ntp ${MVN_FLAGS:-} test -Dtest="$target" \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.jvm.args="-Xmx1g -Djava.io.tmpdir=$tmp" \
  -Djazzer.max_duration="${seconds}s" -Djazzer.max_executions="$executions" \
  -Djunit.jupiter.execution.timeout.mode=disabled -Dsurefire.timeout=0 \
  -Djazzer.instrumentation_includes="${JAZZER_INCLUDES:-org.ukms.**:com.fasterxml.jackson.**:org.tomlj.**}" \
  >"$log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))

# libFuzzer's last status line: "#N DONE cov: ... exec/s: E ..." (or the last "#N ..." line).
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
runs=$(printf '%s' "$last" | sed -nE 's/^#([0-9]+).*/\1/p')
rate=$(printf '%s' "$last" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
fuzzed=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n 1 || true)
echo "== $target: executions ${runs:-?}, exec/s ${rate:-?}, $fuzzed (wall ${elapsed}s)"
if [ $status -ne 0 ]; then
  grep -E 'Java Exception|== Java|FuzzerSecurityIssue|crash-|Test input|AssertionFailedError' "$log" \
    | head -n 20 || true
  echo "== FINDING or failure: see $log" >&2
fi
exit $status
