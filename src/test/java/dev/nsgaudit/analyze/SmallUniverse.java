package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PlatformService;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.ServiceTag;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.net.IpAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Random small NSGs whose rules are written over a small universe of packets, and that universe: a few addresses
 * in 10.0.0.0/29, 192.0.2.0/30, 2001:db8::/126 and some special ones, ports around 0-7, every protocol, every ASG
 * membership. Rules use prefixes, tags (VirtualNetwork, Internet, AzureLoadBalancer, two test service tags), ASGs,
 * port ranges and lists; some are uncertain (an unknown tag, an undefined ASG, an unresolved value, an unknown
 * access or priority), and in "tie" mode priorities repeat.
 */
final class SmallUniverse {

    private SmallUniverse() {
    }

    /** TagX and its regional part TagX.Sub, in the official format's sense. */
    static final ServiceTags TAGS = ServiceTags.of("test", List.of(
            new ServiceTag("TagX", null, null, List.of("192.0.2.0/31", "2001:db8::2/127"), List.of("NSG")),
            new ServiceTag("TagX.Sub", "sub", null, List.of("192.0.2.1/32"), List.of("NSG"))));

    static final List<String> ASGS = List.of("AsgA", "AsgB");

    // ---- the universe ------------------------------------------------------------------------------------------

    static final List<String> V4 = List.of("10.0.0.1", "10.0.0.6", "192.0.2.1", "192.0.2.3", "168.63.129.16");
    static final List<String> V6 = List.of("2001:db8::2", "fd00::1");
    static final List<Integer> SOURCE_PORTS = List.of(1, 40000);
    static final List<Integer> DESTINATION_PORTS = List.of(0, 3, 4, 7, 53, 65535);
    static final List<Set<String>> MEMBERSHIPS = List.of(Set.of(), Set.of("asga"), Set.of("asgb"),
            Set.of("asga", "asgb"));

    /** Every packet of the universe: same family on both ends, ports only for TCP and UDP. */
    static List<Packet> packets() {
        List<Packet> out = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            for (List<String> family : List.of(V4, V6)) {
                for (String s : family) {
                    for (String d : family) {
                        for (Set<String> sm : MEMBERSHIPS) {
                            for (Set<String> dm : MEMBERSHIPS) {
                                if (!p.hasPorts()) {
                                    out.add(new Packet(p, IpAddress.parse(s), -1, sm, IpAddress.parse(d), -1, dm));
                                    continue;
                                }
                                for (int sp : SOURCE_PORTS) {
                                    for (int dp : DESTINATION_PORTS) {
                                        out.add(new Packet(p, IpAddress.parse(s), sp, sm, IpAddress.parse(d), dp, dm));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** What the evaluator says one NSG may do with a packet: the chosen rule's access and those that may decide. */
    static Set<Access> possible(CompiledNsg nsg, Direction d, Packet p) {
        return possible(nsg.decide(d, p));
    }

    static Set<Access> possible(CompiledNsg.Decision decision) {
        Set<Access> out = EnumSet.of(decision.rule().access());
        for (CompiledRule maybe : decision.mayDecideInstead()) {
            if (maybe.access() == null) {
                out.addAll(EnumSet.allOf(Access.class));
            } else {
                out.add(maybe.access());
            }
        }
        return out;
    }

    /** What one NSG may do with a packet, D7 included, and the rules that may decide it. */
    record Verdict(Set<Access> possible, Set<String> rules) {
    }

    /**
     * The evaluator's answer for one NSG: first-match ({@link CompiledNsg#decide}); for outbound traffic to a
     * platform service (D7) only the rules naming its tag apply, and without one the platform lets it through.
     * Uncertain rules that may match first add their access (both when unknown).
     */
    static Verdict verdict(CompiledNsg nsg, Direction d, Packet p) {
        Set<Access> possible = EnumSet.noneOf(Access.class);
        Set<String> rules = new java.util.LinkedHashSet<>();
        var platform = PlatformService.of(d, p);
        if (platform.isEmpty()) {
            CompiledNsg.Decision decision = nsg.decide(d, p);
            rules.add(decision.rule().displayName());
            decision.mayDecideInstead().forEach(r -> rules.add(r.displayName()));
            return new Verdict(possible(decision), rules);
        }
        if (platform.get().tag() != null) {
            String tag = platform.get().tag();
            List<CompiledRule> list = nsg.rules(d);
            for (int i = 0; i < list.size(); i++) {
                CompiledRule r = list.get(i);
                if (!r.matches(p)) {
                    continue;
                }
                if (!r.certain()) {
                    rules.add(r.displayName());
                    if (r.access() == null) {
                        possible.addAll(EnumSet.allOf(Access.class));
                    } else {
                        possible.add(r.access());
                    }
                } else if (r.platformTags().contains(tag)) {
                    rules.add(r.displayName());
                    possible.add(r.access());
                    // Rules of the same priority that apply to the service (name its tag, or are uncertain) tie.
                    for (int k = i + 1; k < list.size() && list.get(k).priority() == r.priority(); k++) {
                        CompiledRule tie = list.get(k);
                        if ((!tie.certain() || tie.platformTags().contains(tag)) && tie.access() != r.access()
                                && tie.matches(p)) {
                            rules.add(tie.displayName());
                            if (tie.access() == null) {
                                possible.addAll(EnumSet.allOf(Access.class));
                            } else {
                                possible.add(tie.access());
                            }
                        }
                    }
                    return new Verdict(possible, rules);
                }
            }
        }
        rules.add(platform.get().ruleName());
        possible.add(Access.ALLOW);
        return new Verdict(possible, rules);
    }

    static Topology topology(List<SecurityRule> rules) {
        return new Topology(List.of(), ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList(),
                List.of(), List.of(new NetworkSecurityGroup("nsg", rules, null)));
    }

    /**
     * The same NSG with ASG members in two virtual networks: AsgA's only in va (10.0.0.0/29, fd00::/64), AsgB's in
     * va and vb (192.0.2.0/30), so a rule side naming ASGs matches members only at those addresses (and a side
     * naming both ASGs has two parts).
     */
    static Topology topologyWithMembers(List<SecurityRule> rules) {
        List<dev.nsgaudit.model.VirtualNetwork> vnets = List.of(
                new dev.nsgaudit.model.VirtualNetwork("va", List.of("10.0.0.0/29", "fd00::/64"), List.of(), List.of(),
                        List.of(new dev.nsgaudit.model.Subnet("s", List.of("10.0.0.0/29", "fd00::/64"), null, null)), null),
                new dev.nsgaudit.model.VirtualNetwork("vb", List.of("192.0.2.0/30"), List.of(), List.of(),
                        List.of(new dev.nsgaudit.model.Subnet("s", List.of("192.0.2.0/30"), null, null)), null));
        List<dev.nsgaudit.model.NetworkInterface> nics = List.of(
                nic("a-1", "va/s", "10.0.0.1", "AsgA", "AsgB"),
                nic("b-1", "vb/s", "192.0.2.1", "AsgB"));
        return new Topology(vnets, ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList(), nics,
                List.of(new NetworkSecurityGroup("nsg", rules, null)));
    }

    private static dev.nsgaudit.model.NetworkInterface nic(String name, String subnet, String address, String... asgs) {
        return new dev.nsgaudit.model.NetworkInterface(name, List.of(new dev.nsgaudit.model.IpConfiguration("ipconfig1",
                subnet, address, "IPv4", List.of(asgs), null)), null, null);
    }

    // ---- rules -------------------------------------------------------------------------------------------------

    record Side(String single, List<String> plural, List<String> asgs) {
    }

    record Ports(String single, List<String> plural) {
    }

    record Spec(int priority, boolean unknownPriority, String direction, String access, String protocol, Side src,
                Ports srcPorts, Side dst, Ports dstPorts, boolean unresolved) {

        SecurityRule toRule(String name) {
            return SecurityRule.builder(name).priority(unknownPriority ? null : priority).direction(direction)
                    .access(access).protocol(protocol)
                    .sourceAddressPrefix(src.single()).sourceAddressPrefixes(src.plural())
                    .sourceApplicationSecurityGroups(src.asgs())
                    .sourcePortRange(srcPorts.single()).sourcePortRanges(srcPorts.plural())
                    .destinationAddressPrefix(dst.single()).destinationAddressPrefixes(dst.plural())
                    .destinationApplicationSecurityGroups(dst.asgs())
                    .destinationPortRange(dstPorts.single()).destinationPortRanges(dstPorts.plural())
                    .unresolved(unresolved ? List.of(new UnresolvedValue("destinationPortRange",
                            "[parameters('port')]", "the parameter has no value")) : List.of())
                    .build();
        }

        boolean uncertain() {
            return unknownPriority || unresolved || !List.of("Allow", "Deny").contains(access)
                    || src.asgs().contains("AsgGhost") || dst.asgs().contains("AsgGhost")
                    || "NoSuchTag".equals(src.single()) || "NoSuchTag".equals(dst.single());
        }
    }

    static Arbitrary<String> prefix() {
        return Arbitraries.of("10.0.0.0/29", "10.0.0.0/30", "10.0.0.4/30", "10.0.0.1", "10.0.0.6/31", "10.0.0.5/32",
                "192.0.2.0/30", "192.0.2.0/31", "192.0.2.3", "192.0.2.2/31", "2001:db8::/126", "2001:db8::/127",
                "2001:db8::3", "2001:db8::2/127", "fd00::/8", "0.0.0.0/0", "::/0", "0.0.0.0/1", "128.0.0.0/1",
                "168.63.129.16", "10.0.0.0/8");
    }

    static Arbitrary<Side> side(boolean broad) {
        if (broad) {
            return Arbitraries.frequencyOf(
                    Tuple.of(4, Arbitraries.just(new Side("*", List.of(), List.of()))),
                    Tuple.of(4, Arbitraries.of("10.0.0.0/29", "10.0.0.0/30", "10.0.0.1", "192.0.2.0/30", "Internet",
                            "VirtualNetwork", "AzurePlatformDNS").map(t -> new Side(t, List.of(), List.of()))),
                    Tuple.of(1, Arbitraries.just(new Side(null, List.of("10.0.0.4/30", "192.0.2.0/31"), List.of()))),
                    Tuple.of(2, Arbitraries.of(List.of("AsgA"), List.of("AsgA", "AsgB"))
                            .map(l -> new Side(null, List.of(), l))));
        }
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("*", "Any")),
                Tuple.of(2, Arbitraries.of("VirtualNetwork", "Internet", "AzureLoadBalancer", "TagX", "tagx.sub",
                        "AzurePlatformDNS")),
                Tuple.of(6, prefix()),
                Tuple.of(1, Arbitraries.just("NoSuchTag")));
        return Arbitraries.frequencyOf(
                Tuple.of(8, token.map(t -> new Side(t, List.of(), List.of()))),
                Tuple.of(2, prefix().list().ofMinSize(1).ofMaxSize(3).map(l -> new Side(null, l, List.of()))),
                Tuple.of(3, Arbitraries.of(List.of("AsgA"), List.of("AsgB"), List.of("AsgA", "AsgB"), List.of("asgb")
                ).map(l -> new Side(null, List.of(), l))),
                Tuple.of(1, Arbitraries.just(new Side(null, List.of(), List.of("AsgGhost")))));
    }

    static Arbitrary<String> portToken() {
        return Arbitraries.of("0-3", "4-7", "3", "2-5", "6", "0", "7", "0-65535", "7-65535", "1-65535", "65535",
                "8-65535", "53", "50-60");
    }

    static Arbitrary<Ports> ports(boolean broad) {
        if (broad) {
            return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(new Ports("*", List.of()))),
                    Tuple.of(3, Arbitraries.of("0-3", "3", "4-7", "0-7", "53").map(t -> new Ports(t, List.of()))));
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(new Ports("*", List.of()))),
                Tuple.of(4, portToken().map(t -> new Ports(t, List.of()))),
                Tuple.of(2, portToken().list().ofMinSize(1).ofMaxSize(3).map(l -> new Ports(null, l))));
    }

    static Arbitrary<Spec> spec(boolean ties, boolean broad) {
        Arbitrary<Integer> priority = ties ? Arbitraries.of(100, 110, 120, 130)
                : Arbitraries.integers().between(100, 4096);
        Arbitrary<Object[]> head = Combinators.combine(priority,
                Arbitraries.frequency(Tuple.of(30, false), Tuple.of(1, true)),
                Arbitraries.of("Inbound", "Outbound"),
                Arbitraries.frequency(Tuple.of(15, "Allow"), Tuple.of(15, "Deny"), Tuple.of(1, "Maybe")),
                broad ? Arbitraries.frequency(Tuple.of(2, "*"), Tuple.of(2, "Tcp"), Tuple.of(1, "Udp"))
                        : Arbitraries.frequency(Tuple.of(4, "*"), Tuple.of(3, "Tcp"), Tuple.of(2, "Udp"),
                        Tuple.of(1, "Icmp"), Tuple.of(1, "Esp"), Tuple.of(1, "Ah")),
                Arbitraries.frequency(Tuple.of(30, false), Tuple.of(1, true)))
                .as((p, up, d, a, proto, u) -> new Object[] {p, up, d, a, proto, u});
        return Combinators.combine(head, side(broad), ports(broad), side(broad), ports(broad))
                .as((h, src, sp, dst, dp) -> new Spec((Integer) h[0], (Boolean) h[1], (String) h[2], (String) h[3],
                        (String) h[4], src, sp, dst, dp, (Boolean) h[5]));
    }

    /**
     * 0-max rules. Without ties, priorities are unique per direction (Azure rejects duplicates); with ties they
     * repeat often. {@code certainOnly} leaves out rules with unknown values.
     */
    static Arbitrary<List<SecurityRule>> rules(int max, boolean ties, boolean certainOnly) {
        return rules(max, ties, certainOnly, false);
    }

    /** {@code broad}: a small vocabulary of addresses, ports and protocols, so that rules cover each other often. */
    static Arbitrary<List<SecurityRule>> rules(int max, boolean ties, boolean certainOnly, boolean broad) {
        Arbitrary<Spec> spec = certainOnly ? spec(ties, broad).filter(s -> !s.uncertain()) : spec(ties, broad);
        var list = spec.list().ofMinSize(broad ? Math.min(6, max) : 0).ofMaxSize(max);
        if (!ties) {
            list = list.uniqueElements(s -> s.direction().toLowerCase(Locale.ROOT) + s.priority());
        }
        return list.map(specs -> {
            List<SecurityRule> out = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                out.add(specs.get(i).toRule("r" + i));
            }
            return out;
        });
    }
}
