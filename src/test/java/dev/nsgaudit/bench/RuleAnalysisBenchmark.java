package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The rule-list analysis of one NSG (shadowed, redundant, correlated, generalization, both directions:
 * {@link Analyzer#ruleListFindings}) on the synthetic NSG of {@link AnalysisWorkload#singleNsg}, at 1,000 rules
 * (Azure's maximum, about 4,000 explicit prefixes plus service tags and ASGs) and at 2k, 5k and 10k for growth.
 * Single-shot: one operation is one whole analysis with a fresh {@link Analyzer} (the rules compiled in setup),
 * so nothing carries over between operations. Heap 1 GiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class RuleAnalysisBenchmark {

    @Param({"1000", "2000", "5000", "10000"})
    public int rules;

    private AnalysisWorkload.NsgWorkload workload;
    private ServiceTags tags;
    private Analyzer analyzer;
    private NetworkSecurityGroup nsg;

    @Setup(Level.Trial)
    public void workload() {
        workload = AnalysisWorkload.singleNsg(rules, AnalysisWorkload.DEFAULT_SEED);
        tags = ServiceTags.bundled();
        nsg = workload.topology().networkSecurityGroup(AnalysisWorkload.NSG).orElseThrow();
    }

    @Setup(Level.Invocation)
    public void freshAnalyzer() {
        analyzer = new Analyzer(workload.topology(), tags);
        analyzer.evaluator().compiled(nsg.name(), analyzer.evaluator().view(workload.topology().virtualNetworks().get(0)));
    }

    @TearDown(Level.Invocation)
    public void close() {
        analyzer.close();
    }

    @Benchmark
    public List<Finding> ruleListFindings() {
        return analyzer.ruleListFindings(nsg);
    }
}
