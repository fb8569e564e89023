#!/usr/bin/env bash
# Starts ukms nodes in the background and stops them all when the launcher exits (Ctrl-C too).
# Sourced by the example launchers after build-if-needed.sh, run from the repository root:
#   start_node CONFIG LOG    java -jar "$jar" run --config CONFIG, stderr to LOG
mkdir -p target/example
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
start_node() {
  java -jar "$jar" run --config "$1" 2> "$2" &
  pids+=("$!")
}
