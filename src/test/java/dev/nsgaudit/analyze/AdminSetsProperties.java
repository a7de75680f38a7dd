package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.SetAlgebra;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.Packet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin layer in front of an NSG ({@link AdminSets}: {@code A ∪ (N ∩ nsg)}) over both set algebras, on random
 * admin rules (priority ties of different access, unknown access, a network group whose membership is not known,
 * platform traffic) in front of the random NSGs of {@link SmallUniverse}: the box result is exactly the BDD result, and
 * packet by packet both bounds are what the admin layer's own decision ({@link AdminLayer#decide}) and the NSG's
 * verdict give: allowed for sure when every outcome the admin layer may have allows it (AlwaysAllow, or Continue and an
 * NSG that surely allows), maybe allowed when one may.
 */
class AdminSetsProperties {

    @Provide
    Arbitrary<List<SecurityRule>> nsgs() {
        return Arbitraries.oneOf(SmallUniverse.rules(8, false, false), SmallUniverse.rules(8, true, false, true));
    }

    @Provide
    Arbitrary<List<AdminRule>> admins() {
        Arbitrary<List<AddressPrefixItem>> side = Arbitraries.oneOf(Arbitraries.just(List.of()),
                SmallUniverse.prefix().map(p -> List.of(AddressPrefixItem.ipPrefix(p))),
                Arbitraries.of("Internet", "VirtualNetwork", "AzurePlatformDNS")
                        .map(t -> List.of(AddressPrefixItem.serviceTag(t))));
        Arbitrary<List<String>> ports = Arbitraries.of(List.of(), List.of("0-3"), List.of("53"), List.of("4-7", "53"));
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.of("Inbound", "Outbound"),
                        Arbitraries.of("Allow", "AlwaysAllow", "Deny", "Allow", "AlwaysAllow", "Deny", "Maybe"),
                        Arbitraries.of("Any", "Tcp", "Udp", "Icmp"), side, side, ports)
                .as((priority, direction, access, protocol, src, dst, dstPorts) -> AdminRule.builder("a")
                        .priority(priority).direction(direction).access(access).protocol(protocol).sources(src)
                        .destinations(dst).destinationPortRanges(dstPorts).build())
                .list().ofMinSize(1).ofMaxSize(6)
                .map(l -> java.util.stream.IntStream.range(0, l.size()).mapToObj(i -> AdminRule.builder("a" + i)
                        .priority(l.get(i).priority()).direction(l.get(i).direction()).access(l.get(i).access())
                        .protocol(l.get(i).protocol()).sources(l.get(i).sources()).destinations(l.get(i).destinations())
                        .destinationPortRanges(l.get(i).destinationPortRanges()).build()).toList());
    }

    /** Both bounds of admin layer and NSG in one algebra. */
    record Bounds<S>(S low, S high) {
    }

    static <S> Bounds<S> composed(SetAlgebra<S> algebra, AdminLayer admin, List<dev.nsgaudit.semantics.CompiledRule> rules,
                                  Direction d) {
        AlgebraProperties.Layer<S> nsg = AlgebraProperties.layer(algebra, rules, d);
        FirstMatch<S> fm = new FirstMatch<>(algebra);
        AdminSets<S> sets = new AdminSets<>(fm);
        S all = algebra.all();
        S low = sets.allowed(admin, d, all, FirstMatch.Bound.LOW, t -> algebra.intersect(t, nsg.low()));
        S high = sets.allowed(admin, d, all, FirstMatch.Bound.HIGH, t -> algebra.intersect(t, nsg.high()));
        algebra.free(all);
        algebra.free(nsg.low());
        algebra.free(nsg.high());
        sets.free();
        fm.free();
        return new Bounds<>(low, high);
    }

    @Property(tries = 120)
    void theAdminLayerIsTheSameOnBothAlgebrasAndAgreesWithItsDecision(@ForAll("nsgs") List<SecurityRule> rules,
                                                                      @ForAll("admins") List<AdminRule> admin,
                                                                      @ForAll boolean membershipKnown) {
        NetworkGroup group = new NetworkGroup("nm", "g", null, null, List.of("va"), !membershipKnown, null, null);
        SecurityAdminConfiguration configuration = new SecurityAdminConfiguration("nm", "c", null,
                List.of(new AdminRuleCollection("col", null, List.of("g"), admin, null, null)), null, null);
        // One VNet for the group to hold, and no NIC: without members every packet of the universe is producible.
        Topology plain = SmallUniverse.topology(rules);
        Topology t = new Topology(List.of(new dev.nsgaudit.model.VirtualNetwork("va", List.of("10.0.0.0/29", "fd00::/64"),
                List.of(), List.of(), List.of(new dev.nsgaudit.model.Subnet("s", List.of("10.0.0.0/29"), null, null)), null)),
                plain.applicationSecurityGroups(), List.of(), plain.networkSecurityGroups())
                .withNetworkManagers(List.of(group), List.of(configuration));
        List<Packet> packets = SmallUniverse.packets();
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            BddAlgebra bdds = new BddAlgebra(a.space());
            BoxAlgebra boxes = new BoxAlgebra(a.boxSpace());
            CompiledNsg nsg = a.compiled("nsg", t.virtualNetworks().get(0));
            AdminLayer layer = new AdminRules(t, SmallUniverse.TAGS, a.evaluator()::view).layer("va", "s");
            for (Direction d : Direction.values()) {
                Bounds<BDD> b = composed(bdds, layer, nsg.rules(d), d);
                Bounds<BoxSet> x = composed(boxes, layer, nsg.rules(d), d);
                assertSameSet(a, x.low(), b.low(), "low " + d);
                assertSameSet(a, x.high(), b.high(), "high " + d);
                for (int i = AlgebraProperties.sampleStart(rules, 7); i < packets.size(); i += 7) {
                    Packet p = packets.get(i);
                    Set<AdminOutcome> outcomes = layer.decide(d, p).possibleOutcomes();
                    Set<Access> nsgPossible = SmallUniverse.verdict(nsg, d, p).possible();
                    boolean sure = !outcomes.contains(AdminOutcome.DENY) && (!outcomes.contains(AdminOutcome.CONTINUE)
                            || nsgPossible.equals(Set.of(Access.ALLOW)));
                    boolean maybe = outcomes.contains(AdminOutcome.ALWAYS_ALLOW)
                            || outcomes.contains(AdminOutcome.CONTINUE) && nsgPossible.contains(Access.ALLOW);
                    String what = d + " " + p + " admin " + outcomes + " nsg " + nsgPossible;
                    assertThat(bdds.contains(b.low(), p)).as("low " + what).isEqualTo(sure);
                    assertThat(bdds.contains(b.high(), p)).as("high " + what).isEqualTo(maybe);
                    assertThat(boxes.contains(x.low(), p)).as("box low " + what).isEqualTo(sure);
                }
                b.low().free();
                b.high().free();
            }
        }
    }

    private static void assertSameSet(Analyzer a, BoxSet boxes, BDD expected, String what) {
        BDD actual = BoxEngineProperties.toBdd(a.space(), a.boxSpace(), boxes);
        BDD valid = actual.and(a.space().all());
        assertThat(valid.equals(expected)).as(what + ": boxes " + boxes).isTrue();
        valid.free();
        actual.free();
    }
}
