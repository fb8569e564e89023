#!/bin/sh
# bench/hostile.sh RUN [ARGS]: HostileBench, issue 9's acceptance runs with real `ukms run`
# processes (hub, kill9, tmpfs, attack, slowloris, senders; see bench/README.md). Its sources are
# several files under bench/hostile/, which Java 17's single-file launcher cannot run, so they are
# compiled into target/bench-hostile first. Needs target/ukms.jar (mvn -q -DskipTests package).
set -eu
cd "$(dirname "$0")/.."
rm -rf target/bench-hostile
javac -Xlint:all -Werror -d target/bench-hostile bench/hostile/*.java
exec java -cp target/bench-hostile HostileBench "$@"
