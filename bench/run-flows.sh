#!/usr/bin/env bash
# Times `nsgaudit verify --flows` over COUNT queries (default 1,000,000) at one NIC behind a subnet NSG and
# a NIC NSG of 1,000 rules each (the workload of bench/README.md). Builds the jar, generates the topology and
# the queries into a temporary folder, runs the whole command once with its output to /dev/null and prints
# its wall time, then runs it again into a pipe to check that it printed one result line per query.
#
#   bench/run-flows.sh [COUNT] [SEED]
#
# Set MVN_FLAGS=-o to build offline, KEEP=1 to keep the generated folder, NSGAUDIT_JAVA_OPTS for JVM options
# of the measured command (bin/nsgaudit passes them on).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000000}
seed=${2:-20240611}

mvn -q -B ${MVN_FLAGS:-} package -DskipTests
mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

work=$(mktemp -d "${TMPDIR:-/tmp}/nsgaudit-flows.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.nsgaudit.bench.FlowsFileGenerator "$work" "$count" "$seed"
queries=$(grep -c . "$work/flows.jsonl")

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "timed: bin/nsgaudit verify --flows $work/flows.jsonl $work/topology > /dev/null"
set +e
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
    bin/nsgaudit verify --flows "$work/flows.jsonl" "$work/topology" > /dev/null 2> "$work/stderr.txt"
  code=$?
  read -r wall user sys rss < "$work/time.txt"
else
  start=$(date +%s.%N)
  bin/nsgaudit verify --flows "$work/flows.jsonl" "$work/topology" > /dev/null 2> "$work/stderr.txt"
  code=$?
  end=$(date +%s.%N)
  wall=$(echo "$end - $start" | bc)
  user=n/a sys=n/a rss=n/a
fi
set -e
echo "exit code: $code; stderr lines: $(wc -l < "$work/stderr.txt")"
head -5 "$work/stderr.txt"
printf 'wall time: %.2f s for %d queries (%.0f queries/s); CPU user %s s, sys %s s; max RSS %s KB\n' \
  "$wall" "$queries" "$(echo "$queries / $wall" | bc -l)" "$user" "$sys" "$rss"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  echo "run-flows: verify exited with $code (2 = input error)" >&2
  exit 1
fi

echo "check: the same command into a pipe, counting result lines"
read -r lines errors < <(bin/nsgaudit verify --flows "$work/flows.jsonl" "$work/topology" 2> /dev/null \
  | awk '{ n++ } /"error"/ { e++ } END { print n + 0, e + 0 }')
echo "result lines: $lines, queries: $queries, lines with an error: $errors"
if [ "$lines" -ne "$queries" ] || [ "$errors" != 0 ]; then
  echo "run-flows: expected one result line per query and no errors" >&2
  exit 1
fi
echo "ok"
