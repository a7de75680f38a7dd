#!/usr/bin/env bash
# The whole `nsgaudit diff BASE HEAD` command on the DiffBenchmark workloads written as YAML folders, this tree against
# a baseline revision, side by side (bench/README.md):
#
#   bench/run-diff-cli.sh [BASE_REF (default main)] [RUNS (default 2)]
#
# The baseline is built from `git archive BASE_REF` in a temporary folder, as bench/run-diff.sh does. The folders are
# written once by this tree's DiffWorkloadFolders (the same topologies as DiffBenchmark's). Each run is one fresh JVM
# (`java -Xms1g -Xmx1g dev.nsgaudit.cli.Main diff --format json`): wall time and the process's user+system CPU time
# (GNU time), load average before it, and whether the two builds' JSON reports are byte-identical.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=${1:-main}
runs=${2:-2}
base_dir=$(mktemp -d /tmp/nsgaudit-diffcli-base.XXXXXX)
work=$(mktemp -d /tmp/nsgaudit-diffcli-work.XXXXXX)
trap 'rm -rf "$base_dir" "$work"' EXIT

git archive "$base_ref" | tar -x -C "$base_dir"
for dir in "$base_dir" "$PWD"; do
  (cd "$dir" && mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt)
done
cp_of() { echo "$1/target/classes:$1/target/test-classes:$(cat "$1/target/bench-classpath.txt")"; }
java -cp "$(cp_of "$PWD")" dev.nsgaudit.bench.DiffWorkloadFolders "$work/in"

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "baseline: $base_ref = $(git rev-parse --short "$base_ref"); this tree: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' + uncommitted changes')"
for w in nsg1000 matrix200; do
  for r in $(seq 1 "$runs"); do
    for side in baseline this; do
      dir=$([ $side = baseline ] && echo "$base_dir" || echo "$PWD")
      out="$work/$side-$w"
      mkdir -p "$out"
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      set +e
      /usr/bin/time -q -f "%e %U %S" -o "$work/time" java -Xms1g -Xmx1g -cp "$(cp_of "$dir")" dev.nsgaudit.cli.Main \
        diff --format json --out "$out" --fail-on never "$work/in/$w/base" "$work/in/$w/head" > /dev/null 2> "$work/err"
      rc=$?
      set -e
      read -r wall user sys < "$work/time"
      printf '%s %s run %d (%s UTC, load %s): exit %d, wall %s s, CPU %.2f s (user %s + sys %s), json sha256 %s\n' \
        "$w" "$side" "$r" "$(date -u +%H:%M:%S)" "$load" "$rc" "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" \
        "$(sha256sum "$out/nsgaudit-diff.json" | cut -c1-16)"
    done
  done
  if cmp -s "$work/baseline-$w/nsgaudit-diff.json" "$work/this-$w/nsgaudit-diff.json"; then
    echo "$w: the JSON reports are byte-identical"
  else
    echo "$w: the JSON reports differ"
  fi
done
