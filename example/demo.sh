#!/usr/bin/env bash
# The quick start: builds target/ukms.jar if needed, then runs `ukms demo` (alice, bob and carol
# in one process, fake QKD in link mode, a live table). Arguments go to `ukms demo`, e.g.
#   example/demo.sh --rotations 3        stop after 3 rotations; exit 0 only if all pairs agree
set -euo pipefail
cd "$(dirname "$0")/.."
. example/build-if-needed.sh
exec java -jar target/ukms.jar demo "$@"
