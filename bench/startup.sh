#!/usr/bin/env bash
# Start-up cost of nsgaudit on small inputs, side by side with a bare `java -version` (issue 14, first target:
# `check` on one small template at most 5 times the CPU time of `java -version`).
#
#   bench/startup.sh [ROUNDS (default 15)]
#
# Each round runs every command once, in turn, so that a change in the machine's load hits all of them alike.
# CPU is user+sys of the whole process (all threads: JIT compilers and GC included), from bash's `times`; wall is
# reported too but on a shared machine it says more about the other processes than about nsgaudit.
# Prints per command the median, minimum and maximum CPU and wall seconds, and median CPU / median CPU of
# `java -version`.
#
# Environment: MVN_FLAGS=-o builds offline; NO_BUILD=1 uses target/nsgaudit.jar as it is;
# NSGAUDIT_JAVA_OPTS is passed on by bin/nsgaudit (e.g. to compare JVM flags); PLAIN=1 adds the same commands
# run with a plain `java -jar target/nsgaudit.jar` (no class-data archive, no bin/nsgaudit flags);
# BEFORE_JAR=path/to/nsgaudit.jar adds them run with `java -jar` on another build (e.g. main before a change);
# BEFORE_DIR=DIR adds them run with DIR/bin/nsgaudit (another build's script, jar and class-data archive under DIR,
# e.g. a copy of main's bin/ and target/ whose archive was dumped there); FLOOR=1 adds three tiny programs (a plain
# Java one, and a one-command picocli program with annotations and with the programmatic API), run as bin/nsgaudit
# runs the jar: what a Java command line costs on this machine before it does anything.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-15}
sg=../shared/corpus/arm-quickstart/quickstarts__microsoft.network__security-group-create/azuredeploy.json

if [ "${NO_BUILD:-0}" != 1 ]; then
  mvn -q -B ${MVN_FLAGS:-} package -DskipTests
fi
[ -f "$sg" ] || { echo "bench/startup.sh: $sg not found (the shared corpus beside the repository)" >&2; exit 2; }

# label|command (run with its output discarded; check exits 1 on findings, which is expected)
commands=(
  "java -version|java -version"
  "check three-tier|bin/nsgaudit check examples/three-tier"
  "check security-group-create|bin/nsgaudit check $sg"
  "show three-tier|bin/nsgaudit show examples/three-tier"
)
if [ -n "${BEFORE_JAR:-}" ]; then
  # Another build to compare with, run as bin/nsgaudit ran it before this script existed: plain java -jar.
  commands+=(
    "before: check three-tier|java -jar $BEFORE_JAR check examples/three-tier"
    "before: check security-group-create|java -jar $BEFORE_JAR check $sg"
    "before: show three-tier|java -jar $BEFORE_JAR show examples/three-tier"
  )
fi
if [ -n "${BEFORE_DIR:-}" ]; then
  # Another build run as its own bin/nsgaudit runs it (its archive and flags), for a like-for-like comparison.
  commands+=(
    "before bin: check three-tier|$BEFORE_DIR/bin/nsgaudit check examples/three-tier"
    "before bin: check security-group-create|$BEFORE_DIR/bin/nsgaudit check $sg"
    "before bin: show three-tier|$BEFORE_DIR/bin/nsgaudit show examples/three-tier"
  )
fi
if [ "${PLAIN:-0}" = 1 ]; then
  commands+=(
    "plain java -jar: check three-tier|java -jar target/nsgaudit.jar check examples/three-tier"
    "plain java -jar: check security-group-create|java -jar target/nsgaudit.jar check $sg"
    "plain java -jar: show three-tier|java -jar target/nsgaudit.jar show examples/three-tier"
  )
fi

if [ "${FLOOR:-0}" = 1 ]; then
  # What any Java command-line program costs here, to read the target against: a program that prints a line,
  # and a one-command picocli program (one option, one list of positional arguments) declared with annotations and
  # with picocli's programmatic API; each with its own class-data archive and bin/nsgaudit's JVM flags.
  floor=$(mktemp -d "${TMPDIR:-/tmp}/nsgaudit-floor.XXXXXX")
  mvn -q -B ${MVN_FLAGS:-} dependency:build-classpath -Dmdep.outputFile="$floor/classpath" -Dmdep.includeScope=compile
  pico=$(tr ':' '\n' <"$floor/classpath" | grep '/picocli-[0-9.]*\.jar$' | head -1)
  cat >"$floor/Plain.java" <<'JAVA'
public class Plain {
    public static void main(String[] args) {
        System.out.println("ok " + java.util.List.of(args));
    }
}
JAVA
  cat >"$floor/Annotated.java" <<'JAVA'
import picocli.CommandLine;
@CommandLine.Command(name = "floor", mixinStandardHelpOptions = true, version = "1")
public class Annotated implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Option(names = "--format") String format = "text";
    @CommandLine.Parameters(arity = "0..*") java.util.List<String> paths;
    public Integer call() { System.out.println("ok " + paths); return 0; }
    public static void main(String[] args) { System.exit(new CommandLine(new Annotated()).execute(args)); }
}
JAVA
  cat >"$floor/Programmatic.java" <<'JAVA'
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
public class Programmatic {
    public static void main(String[] args) {
        CommandSpec spec = CommandSpec.create().name("floor");
        spec.addOption(OptionSpec.builder("--format").type(String.class).build());
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").type(String.class).build());
        System.out.println("ok " + new CommandLine(spec).parseArgs(args).matchedPositionals().size());
    }
}
JAVA
  # Class-data sharing takes jars only on the class path (no directories).
  javac -d "$floor/classes" -cp "$pico" "$floor"/*.java
  jar cf "$floor/floor.jar" -C "$floor/classes" .
  flags="-XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:-BytecodeVerificationRemote -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  for c in Plain Annotated Programmatic; do
    java -XX:ArchiveClassesAtExit="$floor/$c.jsa" -cp "$floor/floor.jar:$pico" "$c" x >/dev/null 2>&1
    commands+=("floor: $c|java -XX:SharedArchiveFile=$floor/$c.jsa $flags -cp $floor/floor.jar:$pico $c x")
  done
fi

# Warm-up (not measured): the page cache, and the class-data archive if bin/nsgaudit has to create it.
for entry in "${commands[@]}"; do
  sh -c "${entry#*|}" >/dev/null 2>&1 || true
done

samples=$(mktemp "${TMPDIR:-/tmp}/nsgaudit-startup.XXXXXX")
trap 'rm -f "$samples"; [ -z "${floor:-}" ] || rm -rf "$floor"' EXIT
for ((r = 1; r <= rounds; r++)); do
  for i in "${!commands[@]}"; do
    cmd=${commands[$i]#*|}
    # bash's `times` gives the children's user and system CPU to the millisecond (GNU time rounds to 10 ms,
    # a third of `java -version`); wall from the clock around the command.
    start=$(date +%s%N)
    read -r user sys < <(bash -c "$cmd >/dev/null 2>&1; times" | tail -1 | awk '{ print sec($1), sec($2) }
      function sec(t,   p) { split(t, p, /[ms]/); return p[1] * 60 + p[2] }')
    wall=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    echo "$i $user $sys $wall" >>"$samples"
  done
done

echo "machine: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rounds: $rounds, commands alternating; seconds; CPU = user+sys of the process"
printf '%-46s %8s %8s %8s %8s %8s %8s %10s\n' command "cpu med" "cpu min" "cpu max" "wall med" "wall min" "wall max" "cpu/java"
base=""
for i in "${!commands[@]}"; do
  label=${commands[$i]%%|*}
  stats=$(awk -v k="$i" '$1 == k { cpu[n+0] = $2 + $3; wall[n+0] = $4; n++ }
    function sort(a, m,   x, y, t) { for (x = 1; x < m; x++) for (y = x; y > 0 && a[y-1] > a[y]; y--) { t = a[y]; a[y] = a[y-1]; a[y-1] = t } }
    function median(a, m) { return m % 2 ? a[(m-1)/2] : (a[m/2-1] + a[m/2]) / 2 }
    END { sort(cpu, n); sort(wall, n); printf "%.3f %.3f %.3f %.3f %.3f %.3f", median(cpu, n), cpu[0], cpu[n-1], median(wall, n), wall[0], wall[n-1] }' "$samples")
  read -r cmed cmin cmax wmed wmin wmax <<<"$stats"
  [ -n "$base" ] || base=$cmed
  ratio=$(awk -v a="$cmed" -v b="$base" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
  printf '%-46s %8s %8s %8s %8s %8s %8s %10s\n' "$label" "$cmed" "$cmin" "$cmax" "$wmed" "$wmin" "$wmax" "$ratio"
done
