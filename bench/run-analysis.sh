#!/usr/bin/env bash
# Times one analysis in a fresh JVM with a 1 GiB heap (AnalysisRun, bench/README.md):
#
#   bench/run-analysis.sh matrix [SEED] [REPEAT]   checkPolicies() on the 50 x 50 policy matrix
#   bench/run-analysis.sh rules N [SEED] [REPEAT]  ruleFindings() on one NSG of N rules
#
# Set MVN_FLAGS=-o to build offline, HEAP to change the heap (default 1g).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -q -B ${MVN_FLAGS:-} test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
java "-Xmx${HEAP:-1g}" -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
  dev.nsgaudit.bench.AnalysisRun "$@"
