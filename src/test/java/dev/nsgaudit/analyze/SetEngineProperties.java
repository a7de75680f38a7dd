package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The set engine against brute force over a small universe of packets ({@link SmallUniverse}), with the evaluator
 * ({@link CompiledNsg#decide}) as the reference for each packet:
 * <ul>
 *   <li>(a) for every packet, membership in {@link NsgSets#allowLow()} and {@link NsgSets#allowHigh()}, in each
 *   rule's match and reachable set, is what the evaluator says, and no set depends on a header bit the packet
 *   does not have (IPv6 address bits of an IPv4 packet, ports of ICMP);</li>
 *   <li>(c) removing a rule reported as redundant changes no verdict of the universe;</li>
 *   <li>(d) a rule reported as shadowed (or covered) is never the rule the evaluator names.</li>
 * </ul>
 */
class SetEngineProperties {

    private static final List<Packet> UNIVERSE = SmallUniverse.packets();

    @Provide
    Arbitrary<List<SecurityRule>> nsgs() {
        return SmallUniverse.rules(10, false, false);
    }

    /** More and broader rules, so that many are shadowed or redundant. */
    @Provide
    Arbitrary<List<SecurityRule>> overlappingNsgs() {
        return net.jqwik.api.Arbitraries.oneOf(SmallUniverse.rules(14, false, false, true),
                SmallUniverse.rules(14, false, true, true), SmallUniverse.rules(10, false, false, false));
    }

    @Provide
    Arbitrary<List<SecurityRule>> overlappingNsgsWithTies() {
        return SmallUniverse.rules(10, true, false, true);
    }

    @Provide
    Arbitrary<List<SecurityRule>> nsgsWithTies() {
        return SmallUniverse.rules(8, true, false);
    }

    // ---- (a) -------------------------------------------------------------------------------------------------

    @Property(tries = 200)
    void setsAgreeWithTheEvaluatorOnEveryPacket(@ForAll("nsgs") List<SecurityRule> rules) {
        agree(rules);
    }

    /** Duplicate priorities: Azure rejects them, the evaluator calls the verdict undefined where they conflict. */
    @Property(tries = 80)
    void setsAgreeWithTheEvaluatorWhenPrioritiesRepeat(@ForAll("nsgsWithTies") List<SecurityRule> rules) {
        agree(rules);
    }

    private static void agree(List<SecurityRule> rules) {
        Topology t = SmallUniverse.topology(rules);
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            for (Direction d : Direction.values()) {
                NsgSets sets = a.sets("nsg", d, null);
                CompiledNsg nsg = a.compiled("nsg", null);
                assertThat(sets.rules()).isSameAs(nsg.rules(d));
                new Walk(a.space(), sets, nsg, d, rules).run();
            }
        }
        Statistics.label("uncertain rules").collect(rules.stream().anyMatch(r -> r.priority() == null
                || !r.unresolved().isEmpty()) ? "unresolved" : "none");
    }

    /**
     * Restricts every set to one packet field at a time (protocol, addresses, memberships, ports); once a set is
     * constant its value holds for the rest of the subtree. At a packet, every set must be constant (it does not
     * depend on bits outside the packet: IPv6 address bits of an IPv4 packet, ports of ICMP) and equal to the
     * evaluator's verdict.
     */
    private static final class Walk {
        private final HeaderSpace space;
        private final NsgSets sets;
        private final CompiledNsg nsg;
        private final Direction direction;
        private final List<SecurityRule> declared;
        private final List<CompiledRule> rules;
        private long packets;

        Walk(HeaderSpace space, NsgSets sets, CompiledNsg nsg, Direction direction, List<SecurityRule> declared) {
            this.space = space;
            this.sets = sets;
            this.nsg = nsg;
            this.direction = direction;
            this.declared = declared;
            this.rules = sets.rules();
        }

        /** Sets under test, each either a constant or a BDD still to restrict. */
        private static final class Targets {
            final Boolean[] constant;
            final BDD[] bdd;

            Targets(int n) {
                constant = new Boolean[n];
                bdd = new BDD[n];
            }

            Targets restrict(BDD cube) {
                Targets out = new Targets(bdd.length);
                for (int k = 0; k < bdd.length; k++) {
                    if (constant[k] != null) {
                        out.constant[k] = constant[k];
                        continue;
                    }
                    BDD r = bdd[k].restrict(cube);
                    if (r.isOne() || r.isZero()) {
                        out.constant[k] = r.isOne();
                        r.free();
                    } else {
                        out.bdd[k] = r;
                    }
                }
                cube.free();
                return out;
            }

            void free() {
                for (BDD b : bdd) {
                    if (b != null) {
                        b.free();
                    }
                }
            }
        }

        /** Targets: allowLow, allowHigh, then match and reachable of each rule. */
        void run() {
            int n = rules.size();
            Targets all = new Targets(2 + 2 * n);
            all.bdd[0] = sets.allowLow().id();
            all.bdd[1] = sets.allowHigh().id();
            for (int i = 0; i < n; i++) {
                all.bdd[2 + i] = sets.match(i).id();
                all.bdd[2 + n + i] = sets.reachable(i).id();
            }
            for (Protocol p : Protocol.values()) {
                Targets next = all.restrict(space.protocols(p.mask()));
                for (List<String> family : List.of(SmallUniverse.V4, SmallUniverse.V6)) {
                    for (String s : family) {
                        Targets withSrc = next.restrict(space.sourceAddresses(host(s)));
                        for (String dst : family) {
                            Targets withDst = withSrc.restrict(space.destinationAddresses(host(dst)));
                            memberships(withDst, p, IpAddress.parse(s), IpAddress.parse(dst));
                            withDst.free();
                        }
                        withSrc.free();
                    }
                }
                next.free();
            }
            all.free();
            assertThat(packets).isEqualTo(UNIVERSE.size());
        }

        private void memberships(Targets in, Protocol p, IpAddress s, IpAddress d) {
            for (Set<String> sm : SmallUniverse.MEMBERSHIPS) {
                Targets a = in.restrict(space.sourceMembership(sm));
                for (Set<String> dm : SmallUniverse.MEMBERSHIPS) {
                    Targets b = a.restrict(space.destinationMembership(dm));
                    if (!p.hasPorts()) {
                        check(b, new Packet(p, s, -1, sm, d, -1, dm));
                    } else {
                        for (int sp : SmallUniverse.SOURCE_PORTS) {
                            Targets c = b.restrict(space.sourcePorts(PortSet.range(sp, sp)));
                            for (int dp : SmallUniverse.DESTINATION_PORTS) {
                                Targets e = c.restrict(space.destinationPorts(PortSet.range(dp, dp)));
                                check(e, new Packet(p, s, sp, sm, d, dp, dm));
                                e.free();
                            }
                            c.free();
                        }
                    }
                    b.free();
                }
                a.free();
            }
        }

        private void check(Targets at, Packet packet) {
            packets++;
            for (int k = 0; k < at.constant.length; k++) {
                if (at.constant[k] == null) {
                    fail("set " + k + " depends on header bits the packet " + packet + " does not have\n" + declared);
                }
            }
            int n = rules.size();
            CompiledNsg.Decision decision = nsg.decide(direction, packet);
            Set<Access> possible = SmallUniverse.possible(decision);
            if (possible.equals(EnumSet.of(Access.ALLOW)) != at.constant[0]
                    || possible.contains(Access.ALLOW) != at.constant[1]) {
                fail("allowLow " + at.constant[0] + ", allowHigh " + at.constant[1] + " but the evaluator says "
                        + possible + " (" + decision.rule().displayName() + ", may decide instead: "
                        + decision.mayDecideInstead().stream().map(CompiledRule::displayName).toList() + ") for "
                        + direction + " " + packet + "\n" + declared);
            }
            for (int i = 0; i < n; i++) {
                CompiledRule r = rules.get(i);
                if (r.matches(packet) != at.constant[2 + i]) {
                    fail("match of " + r.displayName() + " is " + at.constant[2 + i] + " for " + direction + " "
                            + packet + "\n" + declared);
                }
                if (r.certain() && (decision.rule() == r) != at.constant[2 + n + i]) {
                    fail("reachable of " + r.displayName() + " is " + at.constant[2 + n + i] + " but the evaluator"
                            + " decides by " + decision.rule().displayName() + " for " + direction + " " + packet
                            + "\n" + declared);
                }
            }
            Statistics.label("verdict").collect(possible.size() > 1 ? "undetermined" : possible.iterator().next());
        }

        private static AddressSet host(String address) {
            return AddressSet.of(address + (IpAddress.parse(address).family() == IpFamily.V4 ? "/32" : "/128"));
        }
    }

    // ---- (c) and (d) -------------------------------------------------------------------------------------------

    /**
     * The packets verify can produce from {@link SmallUniverse#topology}, which has no NIC: hosts in no ASG. Rule
     * findings speak of these only (an ASG with no member never matches).
     */
    private static final List<Packet> PRODUCIBLE = UNIVERSE.stream()
            .filter(p -> p.sourceAsgs().isEmpty() && p.destinationAsgs().isEmpty()).toList();

    @Property(tries = 200)
    void removingARedundantRuleChangesNoVerdict(@ForAll("overlappingNsgs") List<SecurityRule> rules) {
        Topology t = SmallUniverse.topology(rules);
        List<Finding> redundant;
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            redundant = a.ruleFindings().stream().filter(f -> f.id().equals("redundant-rule")).toList();
        }
        Statistics.label("redundant rules").collect(redundant.size());
        FlowEvaluator before = new FlowEvaluator(t, SmallUniverse.TAGS);
        if (redundant.size() > 1) {
            // Not a claim of the finding (each one is removable on its own); counted to show how often the
            // reported rules cannot all be removed together.
            List<SecurityRule> none = new ArrayList<>(rules);
            none.removeIf(r -> redundant.stream().anyMatch(f -> f.rule().equals(r.name())));
            FlowEvaluator after = new FlowEvaluator(SmallUniverse.topology(none), SmallUniverse.TAGS);
            CompiledNsg a = before.compiled("nsg", before.view(null));
            CompiledNsg b = after.compiled("nsg", after.view(null));
            boolean same = true;
            for (Direction d : Direction.values()) {
                for (Packet p : PRODUCIBLE) {
                    same &= SmallUniverse.verdict(a, d, p).possible().equals(SmallUniverse.verdict(b, d, p).possible());
                }
            }
            Statistics.label("several redundant rules, removable all together").collect(same);
        }
        for (Finding f : redundant) {
            List<SecurityRule> without = new ArrayList<>(rules);
            assertTrue(without.removeIf(r -> r.name().equals(f.rule())));
            FlowEvaluator after = new FlowEvaluator(SmallUniverse.topology(without), SmallUniverse.TAGS);
            CompiledNsg with = before.compiled("nsg", before.view(null));
            CompiledNsg cut = after.compiled("nsg", after.view(null));
            for (Direction d : Direction.values()) {
                for (Packet p : PRODUCIBLE) {
                    assertEquals(SmallUniverse.verdict(with, d, p).possible(), SmallUniverse.verdict(cut, d, p).possible(),
                            () -> "removing " + f.rule() + " (" + f.message() + ") changes " + d + " " + p + "\n"
                                    + rules);
                }
            }
        }
    }

    @Property(tries = 200)
    void aShadowedRuleIsNeverTheFirstMatch(@ForAll("overlappingNsgs") List<SecurityRule> rules) {
        neverFirst(rules);
    }

    @Property(tries = 100)
    void aShadowedRuleIsNeverTheFirstMatchWhenPrioritiesRepeat(@ForAll("overlappingNsgsWithTies") List<SecurityRule> rules) {
        neverFirst(rules);
    }

    private static void neverFirst(List<SecurityRule> rules) {
        Topology t = SmallUniverse.topology(rules);
        List<Finding> dead;
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            dead = a.ruleFindings().stream().filter(f -> f.id().equals("shadowed-rule")
                    || (f.id().equals("redundant-rule") && f.message().contains("already"))).toList();
        }
        Statistics.label("shadowed or covered rules").collect(dead.size());
        FlowEvaluator evaluator = new FlowEvaluator(t, SmallUniverse.TAGS);
        CompiledNsg nsg = evaluator.compiled("nsg", evaluator.view(null));
        for (Finding f : dead) {
            for (Direction d : Direction.values()) {
                for (Packet p : PRODUCIBLE) {
                    SmallUniverse.Verdict v = SmallUniverse.verdict(nsg, d, p);
                    assertTrue(!v.rules().contains("securityRules/" + f.rule()),
                            () -> f.rule() + " (" + f.message() + ") may decide " + d + " " + p + ": " + v + "\n"
                                    + rules);
                }
            }
        }
    }
}
