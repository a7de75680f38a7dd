package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.rules.RuleValidator;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.load.TopologyValidator;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Topology;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One analysis run in this JVM, timed with {@code System.nanoTime}, with the peak heap use afterwards: the sum of
 * the peak usage of every heap memory pool (MemoryPoolMXBean), an upper bound on the peak of used heap, and the
 * heap use after a final GC. Meant to be started in a fresh JVM with {@code -Xmx1g} by {@code bench/run-analysis.sh};
 * a run that needs more than the heap fails with OutOfMemoryError (exit code 1).
 *
 * <pre>
 *   AnalysisRun rules N [SEED] [REPEAT]   ruleFindings() on the single-NSG workload of N rules
 *   AnalysisRun matrix [SEED] [REPEAT]    checkPolicies() on the 50 x 50 policy matrix
 * </pre>
 *
 * Also prints the shape of the workload, the validator's complaints about it (there should be none) and the
 * count of findings or policy results per kind.
 */
public final class AnalysisRun {

    private AnalysisRun() {
    }

    public static void main(String[] args) {
        String what = args[0];
        ServiceTags tags = ServiceTags.bundled();
        switch (what) {
            case "rules" -> {
                int n = Integer.parseInt(args[1]);
                long seed = args.length > 2 ? Long.parseLong(args[2]) : AnalysisWorkload.DEFAULT_SEED;
                int repeat = args.length > 3 ? Integer.parseInt(args[3]) : 1;
                AnalysisWorkload.NsgWorkload w = AnalysisWorkload.singleNsg(n, seed);
                System.out.println("workload: " + w.describe());
                validate(w.topology(), tags);
                for (int r = 0; r < repeat; r++) {
                    long c0 = cpu();
                    long t0 = System.nanoTime();
                    List<Finding> findings;
                    try (Analyzer a = new Analyzer(w.topology(), tags)) {
                        findings = a.ruleFindings();
                    }
                    long t1 = System.nanoTime();
                    System.out.printf("run %d: ruleFindings %.3f s (thread CPU %.3f s), %s%n", r + 1, (t1 - t0) / 1e9,
                            (cpu() - c0) / 1e9, counts(findings, Finding::id));
                }
            }
            case "matrix" -> {
                long seed = args.length > 1 ? Long.parseLong(args[1]) : AnalysisWorkload.DEFAULT_SEED;
                int repeat = args.length > 2 ? Integer.parseInt(args[2]) : 1;
                AnalysisWorkload.MatrixWorkload w = AnalysisWorkload.policyMatrix(seed);
                System.out.println("workload: " + w.describe());
                validate(w.topology(), tags);
                for (int r = 0; r < repeat; r++) {
                    long c0 = cpu();
                    long p0 = processCpu();
                    long t0 = System.nanoTime();
                    List<PolicyResult> results;
                    try (Analyzer a = new Analyzer(w.topology(), tags)) {
                        results = a.checkPolicies(w.policies());
                    }
                    long t1 = System.nanoTime();
                    System.out.printf("run %d: checkPolicies %.3f s (thread CPU %.3f s, process CPU %.3f s), %s%n", r + 1,
                            (t1 - t0) / 1e9, (cpu() - c0) / 1e9, (processCpu() - p0) / 1e9,
                            counts(results, p -> p.status().label()));
                }
            }
            default -> throw new IllegalArgumentException("rules N | matrix");
        }
        printHeap();
    }

    /** CPU time of the whole JVM (every thread, the garbage collector's too). */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void validate(Topology t, ServiceTags tags) {
        List<Finding> problems = new java.util.ArrayList<>(TopologyValidator.references(t));
        problems.addAll(new RuleValidator(tags, t).validate());
        System.out.println("validator: " + (problems.isEmpty() ? "no findings" : counts(problems, Finding::id)));
    }

    private static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    public static void printHeap() {
        long peakSum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peakSum += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        System.out.printf("heap: sum of pool peaks %.0f MiB, used after GC %.0f MiB, max heap %.0f MiB%n",
                peakSum / 1048576.0, after / 1048576.0, max / 1048576.0);
    }
}
