#!/usr/bin/env bash
# Builds the test classes (where the JMH benchmarks and their generated harness live) and runs JMH on
# EvaluatorBenchmark with the settings recorded in bench/README.md. Extra arguments go to JMH, e.g.
#   bench/run-jmh.sh -prof gc          # allocation profile
#   bench/run-jmh.sh -wi 1 -i 1        # a quick smoke run
#   bench/run-jmh.sh -rf json -rff /tmp/jmh.json
# Set MVN_FLAGS=-o to build offline; JMH_INCLUDE=REGEX to run only some benchmarks (default: all of
# EvaluatorBenchmark), e.g. JMH_INCLUDE="EvaluatorBenchmark.(classifier|linearScan)".
set -euo pipefail
cd "$(dirname "$0")/.."

cp_file=target/bench-classpath.txt
mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"

if [ ! -f target/test-classes/META-INF/BenchmarkList ]; then
  echo "run-jmh: target/test-classes/META-INF/BenchmarkList is missing; the JMH annotation processor did not run" >&2
  exit 2
fi

# Defaults, each dropped when the same option is given on the command line (JMH rejects repeated options).
defaults=(-f 1 -t 1 -wi 3 -i 5 -w 2s -r 3s)
args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  opt=${defaults[k]}
  given=no
  for a in "$@"; do
    if [ "$a" = "$opt" ]; then given=yes; fi
  done
  if [ $given = no ]; then args+=("$opt" "${defaults[k + 1]}"); fi
done

exec java -cp "target/classes:target/test-classes:$(cat "$cp_file")" org.openjdk.jmh.Main \
  "${JMH_INCLUDE:-dev.nsgaudit.bench.EvaluatorBenchmark}" "${args[@]}" "$@"
