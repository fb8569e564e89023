#!/usr/bin/env bash
# Runs the example topology (alice <-> bob <-> carol, bob is the hub) on loopback with the
# built-in fake QKD API, and shows whether each pair holds equal PSKs as they rotate.
#
#   example/run.sh           run until Ctrl-C (stops all three nodes)
#   example/run.sh --check   exit 0 as soon as every pair holds equal PSKs, 1 after 60 s
#
# Builds target/ukms.jar first when it is missing or older than the sources. PSKs go to
# psk/<node>/<peer>.key, logs to target/example/<node>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: example/run.sh [--check]" >&2; exit 2 ;;
esac

. example/build-if-needed.sh
# The example auth keys are public, but ukms refuses secret files others may read, and git
# checks them out 0644.
chmod 600 example/keys/*.key

rm -f psk/alice/*.key psk/bob/*.key psk/carol/*.key
. example/nodes.sh
for node in alice bob carol; do
  start_node "example/$node.toml" "target/example/$node.log"
done

short() { [ -f "$1" ] && sha256sum < "$1" | cut -c1-12 || echo "(none)      "; }
pair() { # node peer
  local a b
  a=$(short "psk/$1/$2.key"); b=$(short "psk/$2/$1.key")
  if [ "$a" = "$b" ] && [ "$a" != "(none)      " ]; then state=equal; else state=DIFFERENT; fi
  printf '%-12s %s  %s  %s\n' "$1-$2" "$a" "$b" "$state"
  [ "$state" = equal ]
}

echo "pair         file hashes (sha256 of each side's PSK file)  state"
for second in $(seq 1 600); do
  ok=true
  pair alice bob || ok=false
  pair carol bob || ok=false
  if $check && $ok; then
    echo "every pair holds equal PSKs after ${second} s"
    exit 0
  fi
  if $check && [ "$second" -ge 60 ]; then
    echo "pairs still differ after 60 s; see target/example/*.log" >&2
    exit 1
  fi
  sleep 1
  $check || echo "--"
done
