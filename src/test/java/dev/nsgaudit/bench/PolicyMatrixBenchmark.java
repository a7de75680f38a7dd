package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.PolicyResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The 50 x 50 policy matrix on the 200-NIC topology of {@link AnalysisWorkload#policyMatrix} (2,500 policies with
 * their own protocols and port sets): {@link Analyzer#checkPolicies}. Single-shot: one operation checks every
 * policy with a fresh {@link Analyzer}, so nothing carries over (NSGs are compiled and rule lists built inside the
 * operation). Heap 1 GiB. The setup checks the answer (1,826 fail, 674 pass for the default seed).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class PolicyMatrixBenchmark {

    private AnalysisWorkload.MatrixWorkload workload;
    private ServiceTags tags;
    private Analyzer analyzer;

    @Setup(Level.Trial)
    public void workload() {
        workload = AnalysisWorkload.policyMatrix(AnalysisWorkload.DEFAULT_SEED);
        tags = ServiceTags.bundled();
        try (Analyzer a = new Analyzer(workload.topology(), tags)) {
            long fails = a.checkPolicies(workload.policies()).stream()
                    .filter(r -> r.status() == PolicyResult.Status.FAIL).count();
            System.out.println("policy matrix: " + workload.describe() + "; " + fails + " fail");
        }
    }

    @Setup(Level.Invocation)
    public void freshAnalyzer() {
        analyzer = new Analyzer(workload.topology(), tags);
    }

    @TearDown(Level.Invocation)
    public void close() {
        analyzer.close();
    }

    @Benchmark
    public List<PolicyResult> checkPolicies() {
        return analyzer.checkPolicies(workload.policies());
    }
}
