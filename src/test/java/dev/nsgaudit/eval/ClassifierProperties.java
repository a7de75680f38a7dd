package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.RuleCompiler;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Property 2: the bit-vector classifier finds the same first match as the linear scan. */
class ClassifierProperties {

    static final Topology TOPOLOGY = new Topology(
            List.of(new VirtualNetwork("vnet-a", List.of("10.0.0.0/17", "fd00:a::/48"), List.of("vnet-b"),
                            List.of("52.170.0.0/16"), List.of(), null),
                    new VirtualNetwork("vnet-b", List.of("10.0.128.0/17"), List.of(), List.of(), List.of(), null)),
            Gen.asgs(), List.of(), List.of());

    /** Rules as generated for property 1, some of them damaged in ways Azure rejects or the tool cannot resolve. */
    static Arbitrary<SecurityRule> anyRule() {
        return Combinators.combine(Gen.ruleSpec(), Arbitraries.integers().between(0, 80))
                .as((spec, damage) -> damage(spec.toRule("r"), damage));
    }

    static SecurityRule damage(SecurityRule r, int how) {
        SecurityRule.Builder b = SecurityRule.builder(r.name()).priority(r.priority()).direction(r.direction())
                .access(r.access()).protocol(r.protocol())
                .sourceAddressPrefix(r.sourceAddressPrefix()).sourceAddressPrefixes(r.sourceAddressPrefixes())
                .sourceApplicationSecurityGroups(r.sourceApplicationSecurityGroups())
                .sourcePortRange(r.sourcePortRange()).sourcePortRanges(r.sourcePortRanges())
                .destinationAddressPrefix(r.destinationAddressPrefix())
                .destinationAddressPrefixes(r.destinationAddressPrefixes())
                .destinationApplicationSecurityGroups(r.destinationApplicationSecurityGroups())
                .destinationPortRange(r.destinationPortRange()).destinationPortRanges(r.destinationPortRanges());
        switch (how) {
            case 0 -> b.priority(null);
            case 1 -> b.protocol("Foo");
            case 2 -> b.destinationPortRange("abc").destinationPortRanges(List.of());
            case 3 -> b.sourcePortRange("2000-1000").sourcePortRanges(List.of());
            case 4 -> b.destinationAddressPrefix("10.0.0.300").destinationAddressPrefixes(List.of())
                    .destinationApplicationSecurityGroups(List.of());
            case 5 -> b.sourceAddressPrefix("NoSuchTag").sourceAddressPrefixes(List.of())
                    .sourceApplicationSecurityGroups(List.of());
            case 6 -> b.destinationApplicationSecurityGroups(List.of("asg-nope"));
            case 7 -> b.direction("sideways");
            case 8 -> b.access("Maybe");
            case 9 -> b.sourceAddressPrefix("10.0.1.0/24").sourceApplicationSecurityGroups(List.of("asg-db"));
            case 10 -> b.unresolved(List.of(new UnresolvedValue("priority", "[parameters('p')]", "no value")));
            case 11 -> b.destinationPortRanges(List.of("0-100", "101-65535")).destinationPortRange(null);
            case 12 -> b.sourcePortRange("0-65535,80");
            default -> {
            }
        }
        return b.build();
    }

    @Provide
    Arbitrary<List<SecurityRule>> ruleLists() {
        // Up to 150 rules, so that the bit vectors span several 64-bit words.
        return Arbitraries.frequencyOf(Tuple.of(1, anyRule().list().ofMaxSize(20)),
                Tuple.of(1, anyRule().list().ofMinSize(60).ofMaxSize(150)));
    }

    @Provide
    Arbitrary<List<Packet>> packets() {
        Arbitrary<Packet> mixed = Combinators.combine(FlowVerdictProperties.packet(), Gen.v6Address(),
                        Arbitraries.integers().between(0, 3))
                .as((p, v6, k) -> k != 0 ? p : new Packet(p.protocol(), p.sourceAddress(), p.sourcePort(),
                        Set.of("asg-nope", "asg-web"), IpAddress.parse(v6),
                        p.destinationPort(), p.destinationAsgs())); // families may differ here
        return mixed.list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 400)
    void bitsetClassifierAgreesWithLinearScan(@ForAll("ruleLists") List<SecurityRule> rules,
                                              @ForAll boolean assumedView,
                                              @ForAll("packets") List<Packet> packets,
                                              @ForAll @IntRange(min = -1, max = 160) int from) {
        List<SecurityRule> named = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            named.add(damageName(rules.get(i), "r" + i));
        }
        NetworkView view = assumedView ? NetworkView.assumed() : NetworkView.of(TOPOLOGY, TOPOLOGY.virtualNetworks().get(0));
        CompiledNsg nsg = new CompiledNsg(new NetworkSecurityGroup("nsg", named, null),
                new RuleCompiler(view, FlowVerdictProperties.NO_TAGS, TOPOLOGY));
        for (Direction d : Direction.values()) {
            List<CompiledRule> compiled = nsg.rules(d);
            RuleMatcher fast = new BitsetClassifier(compiled);
            RuleMatcher slow = new LinearScan(compiled);
            for (Packet p : packets) {
                for (int start : new int[] {from, 0, from / 2, compiled.size() - 1, compiled.size(), from + 63}) {
                    assertEquals(slow.firstMatch(p, start), fast.firstMatch(p, start),
                            () -> "from " + start + " packet " + p + " rules " + describe(compiled));
                }
                // Walking the matches one by one compares the whole set of matching rules, not only the first.
                List<Integer> slowAll = new ArrayList<>();
                List<Integer> fastAll = new ArrayList<>();
                for (int i = slow.firstMatch(p, 0); i >= 0; i = slow.firstMatch(p, i + 1)) {
                    slowAll.add(i);
                }
                for (int i = fast.firstMatch(p, 0); i >= 0; i = fast.firstMatch(p, i + 1)) {
                    fastAll.add(i);
                }
                assertEquals(slowAll, fastAll, () -> "packet " + p + " rules " + describe(compiled));
                Statistics.label("matching rules per packet").collect(slowAll.size() <= 2 ? "1-2"
                        : slowAll.size() <= 10 ? "3-10" : "more than 10");
                CompiledNsg.Decision a = nsg.decide(d, p, slow);
                CompiledNsg.Decision b = nsg.decide(d, p, fast);
                assertEquals(a, b, () -> "packet " + p);
                Statistics.label("decided by").collect(b.rule().isDefault() ? "default rule" : "user rule",
                        b.certain() ? "certain" : "uncertain");
            }
        }
        Statistics.label("rules").collect(named.size() > 64 ? "more than 64" : "64 or fewer");
    }

    /** Short form for failure messages: the rules as declared. */
    static String describe(List<CompiledRule> rules) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rules.size(); i++) {
            out.append("\n  ").append(i).append(": ").append(rules.get(i).origin());
        }
        return out.toString();
    }

    private static SecurityRule damageName(SecurityRule r, String name) {
        return new SecurityRule(name, r.description(), r.priority(), r.direction(), r.access(), r.protocol(),
                r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                r.sourcePortRange(), r.sourcePortRanges(), r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), r.destinationPortRange(), r.destinationPortRanges(),
                r.unresolved(), r.source());
    }
}
