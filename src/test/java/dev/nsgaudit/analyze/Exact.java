package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact checks of what a rule finding claims, made with the set engine itself but independently of the code that
 * produced the finding: the blocking rules of a shadowed or covered-redundant rule really cover it and none of them
 * can be dropped; removing a redundant rule leaves the allowed set of the NSG exactly as it was (BDDs are
 * canonical, so equality is set equality). Both over the packets verify can produce seen from the view
 * ({@link Analyzer#hosts}).
 */
final class Exact {

    private Exact() {
    }

    static Analyzer analyzer(Topology topology) {
        return new Analyzer(topology, ServiceTags.bundled());
    }

    static int index(NsgSets sets, String rule) {
        for (int i = 0; i < sets.rules().size(); i++) {
            if (sets.rules().get(i).name().equals(rule)) {
                return i;
            }
        }
        throw new AssertionError("no rule " + rule + " in " + sets.nsg().name());
    }

    /**
     * For a shadowed-rule or covered redundant-rule finding: every blocker comes before the rule, together they
     * cover all of it, none can be dropped (except the one blocker of the other access a shadowing finding keeps),
     * and for shadowing at least one blocker has the other access; {@code maxBlockers} bounds the list.
     */
    static void assertBlockersCover(Analyzer analyzer, Finding f, Direction d, VirtualNetwork view, int maxBlockers) {
        NsgSets sets = analyzer.sets(f.networkSecurityGroup(), d, view);
        int i = index(sets, f.rule());
        CompiledRule rule = sets.rules().get(i);
        assertThat(f.relatedRules()).as("blocking rules of %s", f.rule()).isNotEmpty().hasSizeLessThanOrEqualTo(maxBlockers)
                .doesNotHaveDuplicates();
        List<Integer> blockers = new ArrayList<>();
        for (String name : f.relatedRules()) {
            int j = index(sets, name);
            assertThat(j).as("%s comes before %s", name, f.rule()).isLessThan(i);
            blockers.add(j);
        }
        BDD producible = analyzer.space().producible(analyzer.hosts(view));
        assertThat(uncovered(sets, i, blockers, -1, producible)).as("%s covered by %s", f.rule(), f.relatedRules()).isTrue();
        long other = blockers.stream().filter(j -> sets.rules().get(j).access() != rule.access()).count();
        if (f.id().equals("shadowed-rule")) {
            assertThat(other).as("a blocker of the other access").isPositive();
        } else {
            assertThat(other).as("redundant: blockers of the same access only").isZero();
        }
        for (int j : blockers) {
            boolean soleOther = f.id().equals("shadowed-rule") && sets.rules().get(j).access() != rule.access()
                    && other == 1;
            if (!soleOther && blockers.size() > 1) {
                assertThat(uncovered(sets, i, blockers, j, producible)).as("%s is needed in %s", sets.rules().get(j).name(),
                        f.relatedRules()).isFalse();
            }
        }
        assertThat(sets.reachable(i).and(producible).isZero()).as("no packet reaches %s", f.rule()).isTrue();
        producible.free();
    }

    /** True when the blockers (without {@code skip}) cover everything rule i matches. */
    private static boolean uncovered(NsgSets sets, int i, List<Integer> blockers, int skip, BDD producible) {
        BDD left = sets.match(i).and(producible);
        for (int j : blockers) {
            if (j != skip) {
                BDD next = left.and(sets.match(j).not());
                left.free();
                left = next;
            }
        }
        boolean covered = left.isZero();
        left.free();
        return covered;
    }

    /**
     * Removing {@code rule} from {@code nsg} leaves both directions' allowed sets (seen from {@code view}) exactly
     * as they were. The copy without the rule is added to the topology under another name.
     */
    static boolean removalChangesNothing(Topology topology, String nsg, String rule, VirtualNetwork view) {
        NetworkSecurityGroup original = topology.networkSecurityGroup(nsg).orElseThrow();
        List<SecurityRule> kept = original.securityRules().stream().filter(r -> !r.name().equals(rule)).toList();
        assertThat(kept).as("rule %s exists", rule).hasSize(original.securityRules().size() - 1);
        List<NetworkSecurityGroup> nsgs = new ArrayList<>(topology.networkSecurityGroups());
        nsgs.add(new NetworkSecurityGroup(nsg + "-without-" + rule, kept, original.unresolved(), null));
        Topology both = new Topology(topology.virtualNetworks(), topology.applicationSecurityGroups(),
                topology.networkInterfaces(), nsgs);
        try (Analyzer a = analyzer(both)) {
            BDD producible = a.space().producible(a.hosts(view));
            for (Direction d : Direction.values()) {
                NsgSets with = a.sets(nsg, d, view);
                NsgSets without = a.sets(nsg + "-without-" + rule, d, view);
                if (!with.allowLow().and(producible).equals(without.allowLow().and(producible))
                        || !with.allowHigh().and(producible).equals(without.allowHigh().and(producible))) {
                    return false;
                }
            }
        }
        return true;
    }

    static Access access(Analyzer a, String nsg, Direction d, VirtualNetwork view, String rule) {
        NsgSets sets = a.sets(nsg, d, view);
        return sets.rules().get(index(sets, rule)).access();
    }
}
