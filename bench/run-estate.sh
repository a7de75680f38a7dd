#!/usr/bin/env bash
# The largest estate of issue 14 (bench/README.md, "The largest estate"): generates the estate at each scale
# into /tmp/estate-SCALE (EstateGenerator, YAML, one file per virtual network) and runs the real command on it,
#
#   java -Xmx4g -Xlog:gc:file=... -jar target/nsgaudit.jar check --timings --format json --out DIR /tmp/estate-SCALE
#
# under /usr/bin/time -v (wall, user and system CPU, peak RSS). The hidden --timings prints each phase's wall and
# CPU time on stderr. Results go to /tmp/estate-runs/SCALE.{time,timings,gc.log} and the report to
# /tmp/estate-runs/SCALE/nsgaudit.json; a summary line per scale is printed.
#
#   bench/run-estate.sh [SCALE...]        default: 0.1 0.25
#
# Set NO_BUILD=1 to use the jar and test classes as they are, MVN_FLAGS=-o to build offline, HEAP (default 4g),
# JAVA_FLAGS for more JVM options, KEEP=1 to keep the generated input, REUSE=1 to run on an input kept before
# (the generator is deterministic), SEED for another estate, RUNS (default /tmp/estate-runs) for the results, NICE
# (e.g. 10) to run the check niced, INPUTS (default /tmp) for where the estates are generated, JAR (default
# target/nsgaudit.jar) for the jar to run (a copy lets a long run go on while the tree is rebuilt).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${NO_BUILD:-}" ]; then
  mvn -q -B ${MVN_FLAGS:-} package -DskipTests dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
CP="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(0.1 0.25)
runs=${RUNS:-/tmp/estate-runs}
mkdir -p "$runs"

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${scales[@]}"; do
  input=${INPUTS:-/tmp}/estate-$s
  rm -rf "$runs/$s"
  if [ -z "${REUSE:-}" ] || [ ! -d "$input" ]; then
    rm -rf "$input"
    java -cp "$CP" dev.nsgaudit.bench.EstateGenerator "$input" "$s" ${SEED:-}
  fi
  echo "scale $s: $(du -sh "$input" | cut -f1) of YAML; load average before $(cut -d' ' -f1-3 /proc/loadavg)"
  set +e
  /usr/bin/time -v -o "$runs/$s.time" nice -n "${NICE:-0}" \
    java "-Xmx${HEAP:-4g}" "-Xlog:gc:file=$runs/$s.gc.log" ${JAVA_FLAGS:-} -jar "${JAR:-target/nsgaudit.jar}" \
      check --timings --format json --out "$runs/$s" --fail-on never "$input" 2> "$runs/$s.timings"
  rc=$?
  set -e
  echo "scale $s: exit $rc; load average after $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E 'Elapsed|User time|System time|Maximum resident' "$runs/$s.time"
  grep -v '^timings:' "$runs/$s.timings" | head -5 || true
  grep '^timings:' "$runs/$s.timings"
  sha256sum "$runs/$s/nsgaudit.json" 2>/dev/null || true
  [ -n "${KEEP:-}${REUSE:-}" ] || rm -rf "$input"
done
