#!/usr/bin/env bash
# Runs the SKIP example: Key Providers "Alice" (node alice, SKIP on 127.0.0.1:8443 for the
# encryptor router-a) and "Bob" (node bob, 127.0.0.1:8444 for router-b), a v2 pair in hybrid mode
# on loopback with the built-in fake QKD API. See docs/skip.md.
#
#   example/skip/run.sh           run until Ctrl-C (stops both nodes)
#   example/skip/run.sh --check   once both nodes hold equal v2 PSKs (their authenticated peer
#                                 channel, which carries the SKIP sync, works), act as the two
#                                 routers with `ukms skip`: a key from Alice (TLS 1.2), the same
#                                 key from Bob by keyId (TLS 1.3), a second fetch refused; exit 0
#                                 if all of that holds, 1 otherwise or after 60 s
#
# Builds target/ukms.jar first when it is missing or older than the sources. Logs go to
# target/example/skip-<node>.log.
set -euo pipefail
cd "$(dirname "$0")/../.."

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: example/skip/run.sh [--check]" >&2; exit 2 ;;
esac

. example/build-if-needed.sh
# The example keys are public, but ukms refuses secret files others may read, and git checks
# them out 0644.
chmod 600 example/keys/*.key example/skip/keys/*.psk

rm -f psk/skip-alice/*.key psk/skip-bob/*.key
. example/nodes.sh
for node in alice bob; do
  start_node "example/skip/$node.toml" "target/example/skip-$node.log"
done

echo "Alice: SKIP on 127.0.0.1:8443 (identity router-a), Bob: 127.0.0.1:8444 (router-b)"
short() { [ -f "$1" ] && sha256sum < "$1" | cut -c1-12 || echo "(none)"; }
for second in $(seq 1 600); do
  a=$(short psk/skip-alice/bob.key); b=$(short psk/skip-bob/alice.key)
  if [ "$a" = "$b" ] && [ "$a" != "(none)" ]; then
    if $check; then
      echo "alice and bob hold equal v2 PSKs after ${second} s"
      skip() { java -jar "$jar" skip "$@"; }
      a_key=$(skip get-key --server 127.0.0.1:8443 --tls 1.2 --psk-identity router-a \
        --psk-file example/skip/keys/EXAMPLE-router-a.psk --remote-system-id Bob)
      key_id=$(printf '%s' "$a_key" | sed -n 's/.*"keyId":"\([0-9a-f]*\)".*/\1/p')
      b_key=$(skip get-key-by-id --server 127.0.0.1:8444 --psk-identity router-b \
        --psk-file example/skip/keys/EXAMPLE-router-b.psk --remote-system-id Alice \
        --key-id "$key_id")
      if [ -z "$key_id" ] || [ "$a_key" != "$b_key" ]; then
        echo "SKIP: router-b did not get router-a's key (keyId ${key_id:-none})" >&2
        exit 1
      fi
      if skip get-key-by-id --server 127.0.0.1:8444 --psk-identity router-b \
          --psk-file example/skip/keys/EXAMPLE-router-b.psk --remote-system-id Alice \
          --key-id "$key_id" > /dev/null 2>&1; then
        echo "SKIP: keyId $key_id was handed out twice" >&2
        exit 1
      fi
      echo "SKIP: router-a and router-b hold the same key (keyId $key_id), handed out once"
      exit 0
    fi
    state=equal
  else
    state=DIFFERENT
  fi
  $check || printf 'alice-bob  %s  %s  %s\n' "$a" "$b" "$state"
  if $check && [ "$second" -ge 60 ]; then
    echo "alice and bob still differ after 60 s; see target/example/skip-*.log" >&2
    exit 1
  fi
  sleep 1
done
