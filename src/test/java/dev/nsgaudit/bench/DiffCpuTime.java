package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.RuleFindingsOnce;
import dev.nsgaudit.analyze.diff.SemanticDiff;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.report.DiffJson;
import dev.nsgaudit.semantics.ServiceTags;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The workloads of {@link DiffBenchmark}, timed by CPU time instead of wall time (the machine is shared), in this
 * JVM: each run is one whole {@code SemanticDiff.compute()}, and, for the split, the rule findings of base and of
 * head alone. Prints the SHA-256 of the diff's JSON report so that two builds can be shown to give the same result.
 *
 * <pre>
 *   DiffCpuTime nsg1000|matrix200 [RUNS (default 3)] [FILE: where to write the last run's JSON report]
 * </pre>
 */
public final class DiffCpuTime {

    private DiffCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        String workload = args[0];
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ServiceTags tags = ServiceTags.bundled();
        Topology base;
        Topology head;
        if (workload.equals("nsg1000")) {
            base = AnalysisWorkload.singleNsg(1000, AnalysisWorkload.DEFAULT_SEED).topology();
            head = DiffBenchmark.flipAccess(base, 10);
        } else if (workload.equals("matrix200")) {
            base = AnalysisWorkload.policyMatrix(AnalysisWorkload.DEFAULT_SEED).topology();
            head = DiffBenchmark.flipAccess(base, 20);
        } else {
            throw new IllegalArgumentException("nsg1000 | matrix200");
        }
        for (int r = 1; r <= runs; r++) {
            long c0 = cpu();
            long p0 = processCpu();
            long j0 = javaThreadsCpu();
            long t0 = System.nanoTime();
            long[] g0 = gc();
            DiffResult result = new SemanticDiff(base, head, tags).compute();
            long[] g1 = gc();
            long c1 = cpu();
            long p1 = processCpu();
            long j1 = javaThreadsCpu();
            long t1 = System.nanoTime();
            String json = DiffJson.of(result).toString();
            System.out.printf("%s run %d: diff thread CPU %.3f s, Java threads CPU %.3f s, process CPU %.3f s, wall"
                            + " %.3f s (load %s), GC %d collections %.3f s; %d targets, %d new / %d fixed findings,"
                            + " json sha256 %s%n", workload, r, (c1 - c0) / 1e9, (j1 - j0) / 1e9, (p1 - p0) / 1e9,
                    (t1 - t0) / 1e9, load(), g1[0] - g0[0], (g1[1] - g0[1]) / 1e3, result.targets().size(),
                    result.newFindings().size(),
                    result.fixedFindings().size(), sha256(json));
            if (args.length > 2) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(args[2]), json);
            }
        }
        // The split: what the rule findings of one version cost on their own (the rest of the diff is the packets).
        for (Topology t : new Topology[] {base, head}) {
            long c0 = cpu();
            try (Analyzer a = new Analyzer(t, tags)) {
                a.ruleFindings();
            }
            System.out.printf("%s ruleFindings of %s alone: thread CPU %.3f s%n", workload,
                    t == base ? "base" : "head", (cpu() - c0) / 1e9);
        }
        // As the diff computes them: head takes base's findings of an NSG where nothing they read changed.
        RuleFindingsOnce once = new RuleFindingsOnce(base, head, true);
        long c0 = cpu();
        try (Analyzer a = new Analyzer(base, tags)) {
            once.base(a);
        }
        long c1 = cpu();
        try (Analyzer a = new Analyzer(head, tags)) {
            aheadOf(once, a);
            once.head(a);
        }
        System.out.printf("%s ruleFindings once per diff: base %.3f s, head %.3f s of thread CPU; %s%n", workload,
                (c1 - c0) / 1e9, (cpu() - c1) / 1e9, once.counts());
    }

    /** Head's findings that read nothing of base's, where the build has that step (the diff runs it beside base's). */
    private static void aheadOf(RuleFindingsOnce once, Analyzer a) {
        try {
            RuleFindingsOnce.class.getMethod("headAhead", Analyzer.class).invoke(once, a);
        } catch (NoSuchMethodException e) {
            // an older build: head() computes everything
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time of every live Java thread (this one and the common pool's workers; not the JIT's or the GC's). */
    private static long javaThreadsCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = mx.getThreadCpuTime(id);
            sum += Math.max(t, 0);
        }
        return sum;
    }

    /** Collections so far and their accumulated time in ms, over every collector. */
    private static long[] gc() {
        long[] out = new long[2];
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out[0] += Math.max(gc.getCollectionCount(), 0);
            out[1] += Math.max(gc.getCollectionTime(), 0);
        }
        return out;
    }

    private static String load() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String sha256(String s) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }
}
