package dev.nsgaudit.bench;

import dev.nsgaudit.analyze.diff.SemanticDiff;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code nsgaudit diff} without loading (issue 12): the synthetic 1,000-rule NSG of {@link AnalysisWorkload#singleNsg}
 * against itself with 10 rules changed, and the 200-NIC topology of {@link AnalysisWorkload#policyMatrix} with 20
 * rules changed. A changed rule has the other access (Allow and Deny swapped), spread evenly over the rule lists.
 * One operation is one whole diff: packets per NIC and direction, regions with witnesses, and the rule findings
 * of both versions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class DiffBenchmark {

    @Param({"nsg1000", "matrix200"})
    public String workload;

    private Topology base;
    private Topology head;
    private ServiceTags tags;

    @Setup(Level.Trial)
    public void versions() {
        tags = ServiceTags.bundled();
        if (workload.equals("nsg1000")) {
            base = AnalysisWorkload.singleNsg(1000, AnalysisWorkload.DEFAULT_SEED).topology();
            head = flipAccess(base, 10);
        } else {
            base = AnalysisWorkload.policyMatrix(AnalysisWorkload.DEFAULT_SEED).topology();
            head = flipAccess(base, 20);
        }
    }

    /** The topology with {@code count} user rules, evenly spread over all NSGs' rules, given the other access. */
    public static Topology flipAccess(Topology t, int count) {
        int total = t.networkSecurityGroups().stream().mapToInt(n -> n.securityRules().size()).sum();
        int step = Math.max(1, total / count);
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        int k = 0;
        int flipped = 0;
        for (NetworkSecurityGroup n : t.networkSecurityGroups()) {
            List<SecurityRule> rules = new ArrayList<>();
            for (SecurityRule r : n.securityRules()) {
                if (k++ % step == step / 2 && flipped < count) {
                    flipped++;
                    r = new SecurityRule(r.name(), r.description(), r.priority(), r.direction(),
                            "Allow".equalsIgnoreCase(r.access()) ? "Deny" : "Allow", r.protocol(),
                            r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                            r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(),
                            r.destinationAddressPrefixes(), r.destinationApplicationSecurityGroups(),
                            r.destinationPortRange(), r.destinationPortRanges(), r.unresolved(), r.source());
                }
                rules.add(r);
            }
            nsgs.add(new NetworkSecurityGroup(n.name(), rules, n.unresolved(), n.source()));
        }
        return new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(), nsgs);
    }

    @Benchmark
    public Object diff() {
        return new SemanticDiff(base, head, tags).compute();
    }
}
