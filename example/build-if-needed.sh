#!/usr/bin/env bash
# Builds target/ukms.jar when it is missing or older than the sources. Sourced by the example
# launchers, run from the repository root.
jar=target/ukms.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  mvn -q -B -ntp -DskipTests package
fi
