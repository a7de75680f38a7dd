#!/usr/bin/env bash
# Times `nsgaudit verify --flows` over COUNT queries (default 1,000,000) at one NIC behind a subnet NSG and
# a NIC NSG of 1,000 rules each (the workload of bench/README.md). Builds the jar, generates the topology and
# the queries into a temporary folder, then:
#  1. end to end: runs the whole command (bin/nsgaudit) with its output to /dev/null and prints its wall and CPU
#     time, PAIRS times (default 1); with BEFORE set, alternately with the other build's bin/nsgaudit;
#  2. load apart from the queries: FlowsThroughput runs the command in one JVM ROUNDS times (default 3) over an
#     empty flows file and over the flows file, with the JVM flags bin/nsgaudit uses (JIT=c2: the default JIT
#     instead), and prints the difference by wall clock, by the running thread's CPU time and by the process's CPU
#     time (a file this large is answered on a pool of threads since the third pass, so the running thread's CPU
#     is then only the reading and writing; wall queries/s is the target); with BEFORE, the same for the other build;
#  3. checks that the command printed one result line per query, none an error (with BEFORE: the same bytes).
#
#   bench/run-flows.sh [COUNT] [SEED]
#
# Set MVN_FLAGS=-o to build offline, KEEP=1 to keep the generated folder, NSGAUDIT_JAVA_OPTS for JVM options
# of the measured command (bin/nsgaudit passes them on), BEFORE=DIR for another build to compare with (a checkout
# after `mvn package -DskipTests`, e.g. `git worktree add /tmp/before main`), PAIRS, ROUNDS, JIT=c2, THREADS=N for
# the pool size of part 2 (default: as many as processors, at most 4; 1 answers on the calling thread as before).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000000}
seed=${2:-20240611}
pairs=${PAIRS:-1}
rounds=${ROUNDS:-3}
before=${BEFORE:-}
if [ -n "$before" ] && [ ! -x "$before/bin/nsgaudit" ]; then
  echo "run-flows: BEFORE=$before has no bin/nsgaudit" >&2
  exit 2
fi

mvn -q -B ${MVN_FLAGS:-} package -DskipTests
mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
deps=$(cat target/bench-classpath.txt)

work=$(mktemp -d "${TMPDIR:-/tmp}/nsgaudit-flows.XXXXXX")
if [ "${KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

java -cp "target/classes:target/test-classes:$deps" \
  dev.nsgaudit.bench.FlowsFileGenerator "$work" "$count" "$seed"
queries=$(grep -c . "$work/flows.jsonl")
# The harness alone, so that it runs against either build's classes.
mkdir -p "$work/harness/dev/nsgaudit/cli"
cp target/test-classes/dev/nsgaudit/cli/FlowsThroughput.class "$work/harness/dev/nsgaudit/cli/"

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
builds=(".")
if [ -n "$before" ]; then
  builds=("$before" ".")
fi

end_to_end() { # BUILD_DIR LABEL
  local dir=$1 label=$2 code wall user sys rss
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  set +e
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
      "$dir/bin/nsgaudit" verify --flows "$work/flows.jsonl" "$work/topology" > /dev/null 2> "$work/stderr.txt"
    code=$?
    read -r wall user sys rss < "$work/time.txt"
  else
    local start end
    start=$(date +%s.%N)
    "$dir/bin/nsgaudit" verify --flows "$work/flows.jsonl" "$work/topology" > /dev/null 2> "$work/stderr.txt"
    code=$?
    end=$(date +%s.%N)
    wall=$(echo "$end - $start" | bc)
    user=n/a sys=n/a rss=n/a
  fi
  set -e
  echo "$label: exit code $code; stderr lines: $(wc -l < "$work/stderr.txt")"
  head -5 "$work/stderr.txt"
  printf '%s: wall time %.2f s for %d queries (%.0f queries/s); CPU user %s s, sys %s s; max RSS %s KB\n' \
    "$label" "$wall" "$queries" "$(echo "$queries / $wall" | bc -l)" "$user" "$sys" "$rss"
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "run-flows: verify exited with $code (2 = input error)" >&2
    exit 1
  fi
}

label_of() { if [ "$1" = . ]; then echo "this build"; else echo "before ($1)"; fi; }

echo "== end to end: bin/nsgaudit verify --flows $work/flows.jsonl $work/topology > /dev/null"
for ((p = 1; p <= pairs; p++)); do
  for dir in "${builds[@]}"; do
    end_to_end "$dir" "$(label_of "$dir") [$p]"
  done
done

flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
if [ "${JIT:-}" = c2 ]; then
  flags="-XX:+UseSerialGC"
fi
if [ -n "${THREADS:-}" ]; then
  flags="$flags -Dnsgaudit.flows.threads=$THREADS"
fi
echo "== load and queries apart (FlowsThroughput, $rounds rounds, JVM flags: $flags ${NSGAUDIT_JAVA_OPTS:-})"
for dir in "${builds[@]}"; do
  echo "$(label_of "$dir"):"
  # shellcheck disable=SC2086
  java $flags ${NSGAUDIT_JAVA_OPTS:-} -cp "$dir/target/classes:$work/harness:$deps" \
    dev.nsgaudit.cli.FlowsThroughput "$work/topology" "$work/flows.jsonl" "$rounds"
done

echo "== check: the same command into a pipe, counting result lines"
read -r lines errors < <(bin/nsgaudit verify --flows "$work/flows.jsonl" "$work/topology" 2> /dev/null \
  | awk '{ n++ } /"error"/ { e++ } END { print n + 0, e + 0 }')
echo "result lines: $lines, queries: $queries, lines with an error: $errors"
if [ "$lines" -ne "$queries" ] || [ "$errors" != 0 ]; then
  echo "run-flows: expected one result line per query and no errors" >&2
  exit 1
fi
if [ -n "$before" ]; then
  if cmp <(bin/nsgaudit verify --flows "$work/flows.jsonl" "$work/topology" 2> /dev/null) \
         <("$before/bin/nsgaudit" verify --flows "$work/flows.jsonl" "$work/topology" 2> /dev/null); then
    echo "the output is byte for byte the same as before's"
  else
    echo "run-flows: the output differs from before's" >&2
    exit 1
  fi
fi
echo "ok"
