#!/usr/bin/env bash
# nsgaudit diff on the DiffBenchmark workloads, this tree against a baseline revision, side by side (bench/README.md):
#
#   bench/run-diff.sh [BASE_REF (default main)] [RUNS (default 3)]
#
# The baseline is built from `git archive BASE_REF` in a temporary folder (the working tree and the repository are
# not touched; DiffCpuTime is copied in when the baseline lacks it). Per workload, DiffCpuTime runs in a fresh JVM for
# the baseline, then for this tree (thread and process CPU time of each whole diff, the rule findings of each
# version alone, the SHA-256 of the JSON report); then JMH DiffBenchmark, single shots, baseline then this tree
# (JMH_ARGS, default "-wi 1 -i 2"). Set MVN_FLAGS=-o to build offline, KEEP=DIR to keep the JSON reports in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=${1:-main}
runs=${2:-3}
base_dir=$(mktemp -d /tmp/nsgaudit-diff-base.XXXXXX)
out=${KEEP:-$base_dir/reports}
mkdir -p "$out"
trap 'rm -rf "$base_dir"' EXIT

git archive "$base_ref" | tar -x -C "$base_dir"
harness=src/test/java/dev/nsgaudit/bench/DiffCpuTime.java
[ -f "$base_dir/$harness" ] || cp "$harness" "$base_dir/$harness"
for dir in "$base_dir" "$PWD"; do
  (cd "$dir" && mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
done

run() {
  local dir=$1
  shift
  (cd "$dir" && java -Xms1g -Xmx1g -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" "$@")
}

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "baseline: $base_ref = $(git rev-parse --short "$base_ref"); this tree: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes')"
for w in nsg1000 matrix200; do
  for side in baseline this; do
    dir=$([ $side = baseline ] && echo "$base_dir" || echo "$PWD")
    echo "== $side, $w, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
    run "$dir" dev.nsgaudit.bench.DiffCpuTime "$w" "$runs" "$out/$side-$w.json"
  done
  if cmp -s "$out/baseline-$w.json" "$out/this-$w.json"; then
    echo "$w: the JSON reports are byte-identical"
  else
    echo "$w: the JSON reports differ"
  fi
done
for side in baseline this; do
  dir=$([ $side = baseline ] && echo "$base_dir" || echo "$PWD")
  echo "== JMH $side, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  run "$dir" org.openjdk.jmh.Main 'dev.nsgaudit.bench.DiffBenchmark' -f 1 -t 1 ${JMH_ARGS:--wi 1 -i 2}
done
