package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.bench.DiffBenchmark;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.eval.GenTopologies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChangeFocus} changes nothing that the diff reports: with and without it, the same targets, regions,
 * witnesses and counts, for versions whose rule lists differ in a few rules (a rule's access flipped, its priority
 * moved, a rule dropped) and for versions with unrelated rule lists.
 */
class ChangeFocusProperties {

    private static final ServiceTags TAGS = ServiceTags.bundled();

    @Provide
    Arbitrary<DiffProperties.Pair> fewRulesChanged() {
        return Combinators.combine(GenTopologies.topologies(), Arbitraries.longs())
                .as((t, seed) -> new DiffProperties.Pair(t, edited(t, new Random(seed)), seed));
    }

    /** The topology with about one rule in four flipped in access, moved in priority or dropped. */
    private static Topology edited(Topology t, Random random) {
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (NetworkSecurityGroup n : t.networkSecurityGroups()) {
            List<SecurityRule> rules = new ArrayList<>();
            for (SecurityRule r : n.securityRules()) {
                int k = random.nextInt(12);
                if (k == 0) {
                    continue;
                }
                if (k == 1 || k == 2) {
                    r = new SecurityRule(r.name(), r.description(), k == 1 ? r.priority() : 100 + random.nextInt(40),
                            r.direction(), k == 2 ? r.access() : "Allow".equalsIgnoreCase(r.access()) ? "Deny" : "Allow",
                            r.protocol(), r.sourceAddressPrefix(), r.sourceAddressPrefixes(),
                            r.sourceApplicationSecurityGroups(), r.sourcePortRange(), r.sourcePortRanges(),
                            r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                            r.destinationApplicationSecurityGroups(), r.destinationPortRange(),
                            r.destinationPortRanges(), r.unresolved(), r.source());
                }
                rules.add(r);
            }
            nsgs.add(new NetworkSecurityGroup(n.name(), rules, n.unresolved(), n.source()));
        }
        return new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(), nsgs);
    }

    @Property(tries = 60)
    void fewRulesChangedReportTheSameWithAndWithoutTheFocus(@ForAll("fewRulesChanged") DiffProperties.Pair pair) {
        assertSame(pair);
    }

    @Property(tries = 30)
    void unrelatedRuleListsReportTheSameWithAndWithoutTheFocus(@ForAll("pairs") DiffProperties.Pair pair) {
        assertSame(pair);
    }

    @Provide
    Arbitrary<DiffProperties.Pair> pairs() {
        return new DiffProperties().pairs();
    }

    private static void assertSame(DiffProperties.Pair pair) {
        DiffResult focused = new SemanticDiff(pair.base(), pair.head(), TAGS, Integer.MAX_VALUE, true).compute();
        DiffResult whole = new SemanticDiff(pair.base(), pair.head(), TAGS, Integer.MAX_VALUE, false).compute();
        assertThat(focused).isEqualTo(whole);
    }

    @org.junit.jupiter.api.Test
    void theBenchmarkWorkloadChangesOnlyAccess() {
        // flipAccess keeps every name and priority: the focus holds exactly the flipped rules' packets.
        Topology base = dev.nsgaudit.bench.AnalysisWorkload.singleNsg(40, 7).topology();
        Topology head = DiffBenchmark.flipAccess(base, 3);
        DiffResult focused = new SemanticDiff(base, head, TAGS, Integer.MAX_VALUE, true).compute();
        DiffResult whole = new SemanticDiff(base, head, TAGS, Integer.MAX_VALUE, false).compute();
        assertThat(focused.targets()).isNotEmpty();
        assertThat(focused).isEqualTo(whole);
    }
}
