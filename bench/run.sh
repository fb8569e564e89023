#!/bin/sh
# bench/run.sh [--full]: issue 13's figures P1-P5 with real ukms processes on loopback, as one
# table (figure, measured, goal, pass/fail) with the machine's load average before and after.
# Short mode (default, about 6 minutes): P1 over 100 rotations, P4 with 200 peers for 60 s.
# --full: P4 with 1,000 peers for 5 minutes (the acceptance run; needs a quiet machine).
# Run from anywhere; builds target/ukms.jar when it is missing. See bench/README.md.
set -eu
cd "$(dirname "$0")/.."
peers=200
seconds=60
if [ "${1:-}" = "--full" ]; then
  peers=1000
  seconds=300
fi
[ -f target/ukms.jar ] || mvn -q -DskipTests package
cp="target/ukms.jar"
load() { cut -d' ' -f1-3 /proc/loadavg; }
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
before="$(load)"
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT

java -cp "$cp" bench/Perf.java p1 100 >>"$rows"
java -cp "$cp" bench/Perf.java p2 10 >>"$rows"
java -cp "$cp" bench/Perf.java p3 10 >>"$rows"
# P4: HostileBench's hub run (v2 hybrid on the embedded fake QKD, period 10 s), summarised.
hub=$(bench/hostile.sh hub "$peers" "$seconds")
field() { printf '%s\n' "$hub" | grep -F "| $1" | head -1 | awk -F'|' '{gsub(/^ +| +$/, "", $3); print $3}'; }
equal=$(field "pairs equal at the end")
failed=$(field "failed steps logged")
cpu=$(field "hub CPU")
rss=$(field "hub RSS")
threads=$(field "hub threads")
verdict=$(awk -v e="$equal" -v n="$peers" -v f="$failed" -v c="$cpu" -v r="$rss" -v t="$threads" \
  'BEGIN { split(e, q, " "); ok = (q[1] == n && f == 0 && c + 0 <= 25 && r + 0 <= 256 && t + 0 <= 64);
           print ok ? "pass" : "FAIL" }')
label="hub, $peers peers, 10 s period, $seconds s"
[ "$peers" = 1000 ] || label="$label (short mode; --full: 1,000 peers, 300 s)"
echo "| P4 | $label | equal $equal; failed steps $failed; CPU $cpu; RSS $rss; threads $threads | 1,000/1,000, 0 failed, <= 25 %, <= 256 MiB, <= 64 threads | $verdict |" >>"$rows"
java -cp "$cp" bench/Perf.java p5 >>"$rows"

echo "ukms benchmarks, $started, $(nproc) cores, load average before: $before, after: $(load)"
echo
echo "| # | figure | measured | goal | result |"
echo "|---|---|---|---|---|"
cat "$rows"
