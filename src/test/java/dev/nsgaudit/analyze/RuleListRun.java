package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.rules.RuleAnalyzer;
import dev.nsgaudit.bench.AnalysisWorkload;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Times the rule-list analysis alone (shadowed, redundant, correlated, generalization: {@link RuleAnalyzer}) on
 * the single-NSG workload of {@link AnalysisWorkload#singleNsg}, both directions, in this JVM:
 * {@code RuleListRun N [REPEAT]}. The first run includes class loading and JIT warm-up; later runs do not.
 */
public final class RuleListRun {

    private RuleListRun() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        AnalysisWorkload.NsgWorkload w = AnalysisWorkload.singleNsg(n, AnalysisWorkload.DEFAULT_SEED);
        System.out.println("workload: " + w.describe());
        ServiceTags tags = ServiceTags.bundled();
        for (int r = 0; r < repeat; r++) {
            try (Analyzer a = new Analyzer(w.topology(), tags)) {
                var view = a.topology().virtualNetworks().get(0);
                a.compiled(AnalysisWorkload.NSG, view); // compile outside the timing: the evaluator's work
                long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long p0 = processCpu();
                long t0 = System.nanoTime();
                List<Finding> findings = new ArrayList<>();
                for (Direction d : Direction.values()) {
                    findings.addAll(new RuleAnalyzer(a.boxSpace(), a.compiled(AnalysisWorkload.NSG, view), d, a.hosts(view)).analyze());
                }
                long t1 = System.nanoTime();
                long c1 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long p1 = processCpu();
                Map<String, Long> counts = findings.stream().collect(Collectors.groupingBy(Finding::id, TreeMap::new,
                        Collectors.counting()));
                System.out.printf("run %d: rule-list analysis %.3f s (thread CPU %.3f s, process CPU %.3f s), %s, "
                        + "digest %08x%n", r + 1, (t1 - t0) / 1e9, (c1 - c0) / 1e9, (p1 - p0) / 1e9, counts,
                        digest(findings));
            }
        }
        dev.nsgaudit.bench.AnalysisRun.printHeap();
    }

    /** CPU time of every thread of this JVM: the analysis runs in parallel, and less noisy than wall time. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A hash of every finding in order, with its rule, related rules and message: equal digests, equal results. */
    private static int digest(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + "|" + f.rule() + "|" + f.relatedRules() + "|" + f.message()).toList()
                .hashCode();
    }
}
