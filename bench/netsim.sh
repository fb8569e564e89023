#!/usr/bin/env bash
# Runs COUNT seeded network-simulator schedules of protocol v2 (default 1,000,000) from seed
# FROM (default 0) and prints every failing seed; replay one with its trace through
#   mvn -o test -Dtest=NetSimTest -Dnetsim.seed=N   (the trace lands in target/netsim-N.trace)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp
exec java -cp "target/test-classes:target/classes:$(cat target/test.cp)" \
  org.ukms.netsim.NetSimMain "${1:-1000000}" "${2:-0}"
