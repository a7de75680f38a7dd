package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.LayerAllow;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.analyze.space.RegionSets;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sets computed within a region of the header space ({@link NsgSets#within}, {@link LayerAllow#of}) against the
 * same sets over the whole space intersected with the region, on the random small NSGs of {@link SmallUniverse}:
 * every rule's match and reachable set, the allowed bounds, the layer bounds with D7, and whether a rule is reached
 * anywhere. A region is what the analysis uses: addresses on the local side (the destination inbound, the source
 * outbound) with one exact ASG membership, or any membership.
 */
class RegionSetsProperties {

    /** Local addresses and membership (null: any) of a region, and whether the rule prefilter gets them too. */
    record Region(List<String> prefixes, Set<String> membership, boolean hint) {
        AddressSet addresses() {
            return AddressSet.of(prefixes.toArray(String[]::new));
        }
    }

    @Provide
    Arbitrary<Region> regions() {
        Arbitrary<List<String>> prefixes = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("10.0.0.1", "10.0.0.6", "192.0.2.1", "192.0.2.3", "168.63.129.16",
                        "2001:db8::2", "fd00::1").map(List::of)),
                Tuple.of(3, SmallUniverse.prefix().list().ofMinSize(1).ofMaxSize(3)),
                Tuple.of(1, Arbitraries.just(List.of("0.0.0.0/0", "::/0"))));
        Arbitrary<Set<String>> membership = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(SmallUniverse.MEMBERSHIPS)),
                Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(prefixes, membership, Arbitraries.of(true, false)).as(Region::new);
    }

    @Provide
    Arbitrary<List<SecurityRule>> nsgs() {
        return Arbitraries.oneOf(SmallUniverse.rules(10, false, false), SmallUniverse.rules(10, true, false),
                SmallUniverse.rules(12, false, false, true));
    }

    @Property(tries = 300)
    void setsWithinARegionAreTheWholeSpaceSetsCutToTheRegion(@ForAll("nsgs") List<SecurityRule> rules,
                                                             @ForAll("regions") Region region) {
        Topology t = SmallUniverse.topology(rules);
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            LayerAllow layers = new LayerAllow(a.topology(), a.space(), a::sets);
            for (Direction d : Direction.values()) {
                NsgSets sets = a.sets("nsg", d, null);
                BDD r = layers.region(d, region.addresses(), region.membership());
                NsgSets.Local local = region.hint() ? new NsgSets.Local(region.addresses(), region.membership()) : null;
                int matching = 0;
                try (RegionSets within = sets.within(r, local)) {
                    for (int i = 0; i < sets.rules().size(); i++) {
                        assertCut(sets.match(i), r, within.match(i), "match of rule " + i, d, rules);
                        assertEquals(!within.match(i).isZero(), within.matches(i));
                        matching += within.matches(i) ? 1 : 0;
                    }
                    for (int i = 0; i < sets.rules().size(); i++) {
                        assertCut(sets.reachable(i), r, within.reachable(i), "reachable of rule " + i, d, rules);
                    }
                    BDD low = within.allowLow();
                    BDD high = within.allowHigh();
                    assertCut(sets.allowLow(), r, low, "allowLow", d, rules);
                    assertCut(sets.allowHigh(), r, high, "allowHigh", d, rules);
                    low.free();
                    high.free();
                }
                Statistics.label("rules matching the region").collect(matching);
                r.free();
            }
        }
    }

    /** Through LayerAllow, D7 included: bounds within a region are the bounds for every packet cut to the region. */
    @Property(tries = 300)
    void layerBoundsWithinARegionAreTheWholeSpaceBoundsCutToTheRegion(@ForAll("nsgs") List<SecurityRule> rules,
                                                                      @ForAll("regions") Region region) {
        Topology t = SmallUniverse.topology(rules);
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            LayerAllow layers = new LayerAllow(a.topology(), a.space(), a::sets);
            for (Direction d : Direction.values()) {
                LayerAllow.Bounds whole = layers.of("nsg", false, d, null, AddressSet.ALL, null);
                BDD r = layers.region(d, region.addresses(), region.membership());
                LayerAllow.Bounds cut = layers.of("nsg", false, d, null, region.addresses(), region.membership());
                assertCut(whole.low(), r, cut.low(), "layer low", d, rules);
                assertCut(whole.high(), r, cut.high(), "layer high", d, rules);
                for (BDD b : new BDD[] {whole.low(), whole.high(), cut.low(), cut.high(), r}) {
                    b.free();
                }
            }
            layers.free();
        }
    }

    /** Decided within the rule's own match, or from a region where something reached it. */
    @Property(tries = 200)
    void aRuleIsReachedAnywhereExactlyWhenItsWholeSpaceReachableSetIsNotEmpty(
            @ForAll("nsgs") List<SecurityRule> rules, @ForAll("regions") Region region) {
        Topology t = SmallUniverse.topology(rules);
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            LayerAllow layers = new LayerAllow(a.topology(), a.space(), a::sets);
            for (Direction d : Direction.values()) {
                NsgSets sets = a.sets("nsg", d, null);
                BDD r = layers.region(d, region.addresses(), region.membership());
                try (RegionSets within = sets.within(r, null)) {
                    within.reachable(0); // marks the rules reached in the region (there are default rules)
                }
                r.free();
                // a fresh analyzer has no whole-space sets yet: compare with them afterwards
                boolean[] anywhere = new boolean[sets.rules().size()];
                for (int i = 0; i < anywhere.length; i++) {
                    anywhere[i] = sets.reachesAnywhere(i);
                }
                for (int i = 0; i < anywhere.length; i++) {
                    assertEquals(!sets.reachable(i).isZero(), anywhere[i], "rule " + i + " " + d + "\n" + rules);
                }
            }
        }
    }

    private static void assertCut(BDD whole, BDD region, BDD cut, String what, Direction d, List<SecurityRule> rules) {
        BDD expected = whole.and(region);
        boolean same = expected.equals(cut);
        expected.free();
        assertTrue(same, () -> what + " " + d + " within the region differs from the whole space's cut to it\n" + rules);
        BDD outside = HeaderSpace.minus(cut, region);
        assertTrue(outside.isZero(), () -> what + " " + d + " leaves the region\n" + rules);
        outside.free();
    }
}
