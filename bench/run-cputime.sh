#!/usr/bin/env bash
# Cross-check of bench/run-jmh.sh for a busy machine: the same workload and verdict loops, timed by the
# measuring thread's CPU time instead of wall time (see VerdictCpuTime). Not a JMH run.
#   bench/run-cputime.sh [ROUNDS (default 7)] [SECONDS PER ROUND (default 3)]
# Set MVN_FLAGS=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
exec java -Xms1g -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.nsgaudit.bench.VerdictCpuTime "$@"
