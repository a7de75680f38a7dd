package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.rules.RuleAnalyzer;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.Membership;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The box engine of the rule-list analysis against the BDD engine, on random NSGs of {@link SmallUniverse}:
 * every rule's boxes are exactly its BDD, and for every pair of rules, intersection, difference, containment and
 * the overlap test give exactly the BDD's answer, as does what reaches each rule (its match minus every earlier
 * certain rule). The BDD engine is itself checked packet by packet against the evaluator (SetEngineProperties).
 */
class BoxEngineProperties {

    @Provide
    Arbitrary<List<SecurityRule>> nsgs() {
        return net.jqwik.api.Arbitraries.oneOf(SmallUniverse.rules(10, false, false, true),
                SmallUniverse.rules(10, true, false, false));
    }

    @Property(tries = 150)
    void boxesAreTheBddSets(@ForAll("nsgs") List<SecurityRule> rules, @ForAll boolean members) {
        try (Analyzer a = new Analyzer(members ? SmallUniverse.topologyWithMembers(rules) : SmallUniverse.topology(rules),
                SmallUniverse.TAGS)) {
            HeaderSpace space = a.space();
            BoxSpace boxes = a.boxSpace();
            for (Direction d : Direction.values()) {
                List<CompiledRule> compiled = a.compiled("nsg", null).rules(d);
                int n = compiled.size();
                BoxSet[] box = new BoxSet[n];
                BDD[] bdd = new BDD[n];
                for (int i = 0; i < n; i++) {
                    box[i] = boxes.matches(compiled.get(i));
                    bdd[i] = space.matches(compiled.get(i));
                    assertSame(space, boxes, box[i], bdd[i], compiled.get(i).name());
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        BDD and = bdd[i].and(bdd[j]);
                        BDD minus = HeaderSpace.minus(bdd[i], bdd[j]);
                        String pair = compiled.get(i).name() + " / " + compiled.get(j).name();
                        assertThat(box[i].intersects(box[j])).as(pair).isEqualTo(!and.isZero());
                        assertSame(space, boxes, box[i].intersect(box[j]), and, "and " + pair);
                        assertSame(space, boxes, box[i].minus(box[j]), minus, "minus " + pair);
                        assertThat(box[i].containsAll(box[j])).as("contains " + pair)
                                .isEqualTo(HeaderSpace.minus(bdd[j], bdd[i]).isZero());
                        and.free();
                        minus.free();
                    }
                }
                for (int i = 0; i < n; i++) {
                    BoxSet reach = box[i];
                    BDD reachBdd = bdd[i].id();
                    for (int j = 0; j < i; j++) {
                        if (compiled.get(j).certain()) {
                            reach = reach.minus(box[j]);
                            BDD next = HeaderSpace.minus(reachBdd, bdd[j]);
                            reachBdd.free();
                            reachBdd = next;
                        }
                    }
                    assertSame(space, boxes, reach, reachBdd, "reach " + compiled.get(i).name());
                    reachBdd.free();
                }
            }
        }
    }

    @Provide
    Arbitrary<List<SecurityRule>> certainNsgs() {
        return SmallUniverse.rules(12, false, true, true);
    }

    /**
     * Completeness of the rule-list analysis: on NSGs of certain rules with distinct priorities, the rules it
     * reports as shadowed or redundant are exactly those the BDD engine finds dead (no producible packet reaches
     * them) or removable (what reaches them gets the same access from the rules after them).
     */
    @Property(tries = 200)
    void deadAndRedundantRulesAreExactlyThoseOfTheBddEngine(@ForAll("certainNsgs") List<SecurityRule> rules,
                                                             @ForAll boolean members) {
        try (Analyzer a = new Analyzer(members ? SmallUniverse.topologyWithMembers(rules) : SmallUniverse.topology(rules),
                SmallUniverse.TAGS)) {
            HeaderSpace space = a.space();
            for (Direction d : Direction.values()) {
                List<CompiledRule> compiled = a.compiled("nsg", null).rules(d);
                int n = compiled.size();
                BDD[] bdd = new BDD[n];
                for (int i = 0; i < n; i++) {
                    bdd[i] = space.matches(compiled.get(i));
                }
                // allowFrom[i]: what rules i..n-1 allow, first match.
                BDD[] allowFrom = new BDD[n + 1];
                allowFrom[n] = space.none();
                for (int i = n - 1; i >= 0; i--) {
                    BDD verdict = compiled.get(i).access() == dev.nsgaudit.model.Access.ALLOW ? space.all() : space.none();
                    allowFrom[i] = bdd[i].ite(verdict, allowFrom[i + 1]);
                }
                java.util.Set<String> expected = new java.util.TreeSet<>();
                BDD earlier = space.none();
                // Only packets verify can produce count: ASG terms match their members' addresses only.
                BDD producible = space.producible(a.hosts(null));
                for (int i = 0; i < n; i++) {
                    CompiledRule r = compiled.get(i);
                    BDD reach = HeaderSpace.minus(bdd[i].and(producible), earlier);
                    boolean skipped = r.isDefault() || bdd[i].isZero()
                            || (d == Direction.OUTBOUND && !r.platformTags().isEmpty());
                    if (!skipped) {
                        BDD after = allowFrom[i + 1];
                        BDD differ = r.access() == dev.nsgaudit.model.Access.ALLOW ? HeaderSpace.minus(reach, after)
                                : reach.and(after);
                        if (reach.isZero() || differ.isZero()) {
                            expected.add(r.name());
                        }
                    }
                    earlier.orWith(bdd[i].id());
                }
                java.util.Set<String> reported = new java.util.TreeSet<>();
                for (dev.nsgaudit.model.Finding f : new RuleAnalyzer(a.boxSpace(), a.compiled("nsg", null), d, a.hosts(null)).analyze()) {
                    if (f.id().equals("shadowed-rule") || f.id().equals("redundant-rule")) {
                        reported.add(f.rule());
                    }
                }
                assertThat(reported).as(d + " " + compiled).isEqualTo(expected);
            }
        }
    }

    private static void assertSame(HeaderSpace space, BoxSpace boxes, BoxSet set, BDD expected, String what) {
        BDD actual = toBdd(space, boxes, set);
        assertThat(actual.equals(expected)).as(what + ": boxes " + set).isTrue();
        actual.free();
    }

    /** The packets of a box set, built with the BDD engine's own field encodings. */
    static BDD toBdd(HeaderSpace space, BoxSpace boxes, BoxSet set) {
        List<String> names = boxes.asgNames();
        BDD out = space.none();
        for (PacketBox b : set.boxes()) {
            BDD x = space.family(b.family()).andWith(space.protocols(b.protocols()))
                    .andWith(space.sourceAddresses(b.sourceAddresses().toAddresses(b.family())))
                    .andWith(space.sourcePorts(b.sourcePorts().toPorts()))
                    .andWith(space.destinationAddresses(b.destinationAddresses().toAddresses(b.family())))
                    .andWith(space.destinationPorts(b.destinationPorts().toPorts()))
                    .andWith(membership(space, names, b.sourceAsgs(), true))
                    .andWith(membership(space, names, b.destinationAsgs(), false));
            out.orWith(x);
        }
        return out;
    }

    private static BDD membership(HeaderSpace space, List<String> names, Membership m, boolean source) {
        BDD out = space.all();
        BitSet none = m.none();
        for (int i = none.nextSetBit(0); i >= 0; i = none.nextSetBit(i + 1)) {
            BDD in = source ? space.sourceAsgs(Set.of(names.get(i))) : space.destinationAsgs(Set.of(names.get(i)));
            BDD next = HeaderSpace.minus(out, in);
            out.free();
            in.free();
            out = next;
        }
        for (BitSet some : m.some()) {
            Set<String> any = new java.util.HashSet<>();
            for (int i = some.nextSetBit(0); i >= 0; i = some.nextSetBit(i + 1)) {
                any.add(names.get(i));
            }
            out.andWith(source ? space.sourceAsgs(any) : space.destinationAsgs(any));
        }
        return out;
    }
}
