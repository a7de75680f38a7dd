package dev.nsgaudit.analyze;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.reference.ReferenceEvaluator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 items 1 and 2: the rules reported shadowed or redundant are exactly those whose removal changes no
 * verdict that {@code verify} can produce, found by brute force with the reference evaluator over every producible
 * packet: both ends a representative of every elementary address interval of the rules and networks, with each ASG
 * membership the oracle gives that address (static members, dynamic members' usable ranges, hosts in no ASG,
 * members of unpeered networks as hosts in no ASG), every protocol the rules tell apart and a representative of
 * every port interval.
 * Shadowed additionally needs a rule of the other access that decides some of its packets. Random topologies: two
 * VNets, peered or not, with static and dynamic members of AsgA and AsgB; AsgEmpty has no member.
 */
class RuleFindingProperties {

    private static final List<String> ASGS = List.of("AsgA", "AsgB", "AsgEmpty");
    private static final List<Integer> PORTS = List.of(0, 3, 4, 8);

    record Host(boolean inA, int address, boolean dynamic, List<String> asgs) {
    }

    record Case(boolean peered, boolean attached, List<Host> hosts, List<SecurityRule> rules) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return cases(side(), Arbitraries.of("*", "Tcp", "Udp", "Icmp"), Arbitraries.of("*", "0-3", "3", "4-7"));
    }

    /** Broad rules over few values, so that rules cover each other and shadowing is common. */
    @Provide
    Arbitrary<Case> denseCases() {
        return cases(Arbitraries.of("*", "VirtualNetwork", "10.0.0.0/29", "10.0.0.4/30", "asg:AsgA", "asg:AsgB"),
                Arbitraries.of("*", "Tcp"), Arbitraries.of("*", "0-3", "3"));
    }

    private static Arbitrary<Case> cases(Arbitrary<String> side, Arbitrary<String> protocol, Arbitrary<String> ports) {
        Arbitrary<Host> host = Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(4, 6),
                Arbitraries.frequency(net.jqwik.api.Tuple.of(3, false), net.jqwik.api.Tuple.of(1, true)),
                Arbitraries.<List<String>>of(List.of(), List.of("AsgA"), List.of("AsgB"), List.of("AsgA", "AsgB")))
                .as(Host::new);
        Arbitrary<List<Host>> hosts = host.list().ofMaxSize(4)
                .uniqueElements(h -> h.dynamic() ? "d" + h.inA() + h.asgs() : h.inA() + "/" + h.address());
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), hosts,
                rules(side, protocol, ports)).as(Case::new);
    }

    private static Arbitrary<String> side() {
        return Arbitraries.of("*", "VirtualNetwork", "10.0.0.0/29", "10.0.0.4/30", "10.0.0.5", "192.0.2.0/29",
                "192.0.2.4/31", "asg:AsgA", "asg:AsgB", "asg:AsgA,AsgB", "asg:AsgEmpty");
    }

    record Spec(int priority, String direction, String access, String protocol, String src, String dst,
                String ports) {

        SecurityRule toRule(String name) {
            SecurityRule.Builder b = SecurityRule.builder(name).priority(priority).direction(direction)
                    .access(access).protocol(protocol).sourcePortRange("*")
                    .destinationPortRange(protocol.equals("Icmp") ? "*" : ports);
            side(b, src, true);
            side(b, dst, false);
            return b.build();
        }
    }

    private static Arbitrary<List<SecurityRule>> rules(Arbitrary<String> side, Arbitrary<String> protocol,
                                                      Arbitrary<String> ports) {
        Arbitrary<Spec> rule = Combinators.combine(Arbitraries.integers().between(100, 130),
                Arbitraries.of("Inbound", "Outbound"), Arbitraries.of("Allow", "Deny"), protocol, side, side, ports)
                .as(Spec::new);
        return rule.list().ofMinSize(1).ofMaxSize(7)
                .uniqueElements(r -> r.direction() + r.priority())
                .map(list -> {
                    List<SecurityRule> out = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        out.add(list.get(i).toRule("r" + i));
                    }
                    return out;
                });
    }

    private static void side(SecurityRule.Builder b, String value, boolean source) {
        if (value.startsWith("asg:")) {
            List<String> asgs = List.of(value.substring(4).split(","));
            if (source) {
                b.sourceAddressPrefix(null).sourceApplicationSecurityGroups(asgs);
            } else {
                b.destinationAddressPrefix(null).destinationApplicationSecurityGroups(asgs);
            }
        } else if (source) {
            b.sourceAddressPrefix(value);
        } else {
            b.destinationAddressPrefix(value);
        }
    }

    static Topology topology(Case c) {
        List<VirtualNetwork> vnets = List.of(
                new VirtualNetwork("va", List.of("10.0.0.0/29"), c.peered() ? List.of("vb") : List.of(), List.of(),
                        List.of(new Subnet("s", List.of("10.0.0.0/29"), c.attached() ? "nsg" : null, null)), null),
                new VirtualNetwork("vb", List.of("192.0.2.0/29"), List.of(), List.of(),
                        List.of(new Subnet("s", List.of("192.0.2.0/29"), null, null)), null));
        List<NetworkInterface> nics = new ArrayList<>();
        for (Host h : c.hosts()) {
            String address = h.dynamic() ? null : (h.inA() ? "10.0.0." : "192.0.2.") + h.address();
            nics.add(new NetworkInterface("nic-" + nics.size(), List.of(new IpConfiguration("ipconfig1",
                    h.inA() ? "va/s" : "vb/s", address, "IPv4", h.asgs(), null)), null, null));
        }
        return new Topology(vnets, ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList(), nics,
                List.of(new NetworkSecurityGroup("nsg", c.rules(), null)));
    }

    @Property(tries = 300)
    void shadowedAndRedundantAreExactlyTheRulesVerifyCannotTell(@ForAll("cases") Case c) {
        check(c);
    }

    @Property(tries = 200)
    void theSameForDenseRuleLists(@ForAll("denseCases") Case c) {
        check(c);
    }

    private static void check(Case c) {
        Topology t = topology(c);
        VirtualNetwork view = c.attached() ? t.virtualNetworks().get(0) : null;
        ReferenceEvaluator oracle = new ReferenceEvaluator(t);
        Map<String, String> reported = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS)) {
            for (Finding f : a.ruleFindings()) {
                if (f.id().equals("shadowed-rule") || f.id().equals("redundant-rule")) {
                    reported.put(f.rule() + " " + direction(f), f.id());
                }
            }
            List<String> ends = ends(a, view, oracle);
            List<String> vnetTag = oracle.vnetTag(view);
            NetworkSecurityGroup nsg = t.networkSecurityGroups().get(0);
            for (Direction d : Direction.values()) {
                expected.putAll(bruteForce(nsg, d, ends, vnetTag, oracle, view));
            }
        }
        Statistics.label("findings").collect(expected.values().stream().sorted().toList().toString());
        assertThat(reported).as("%s", c).isEqualTo(expected);
    }

    private static String direction(Finding f) {
        return f.message().endsWith("[Inbound]") ? "Inbound" : "Outbound";
    }

    /** An end verify can produce: an address and one membership it may stand for. */
    private record End(String address, Set<String> asgs) {
    }

    /**
     * Per user rule of the direction that verify cannot tell from its absence: shadowed-rule or redundant-rule. The
     * oracle decides each rule side per end and the protocol and ports per traffic once; a packet's matching rules
     * are those whose three parts hold.
     */
    private static Map<String, String> bruteForce(NetworkSecurityGroup nsg, Direction d, List<String> addresses,
                                                  List<String> vnetTag, ReferenceEvaluator oracle,
                                                  VirtualNetwork view) {
        boolean inbound = d == Direction.INBOUND;
        List<SecurityRule> rules = ReferenceEvaluator.ordered(nsg, inbound);
        List<End> ends = new ArrayList<>();
        for (String address : addresses) {
            for (Set<String> asgs : oracle.identities(address, view)) {
                ends.add(new End(address, asgs));
            }
        }
        int n = rules.size();
        boolean[][] src = new boolean[ends.size()][n];
        boolean[][] dst = new boolean[ends.size()][n];
        for (int e = 0; e < ends.size(); e++) {
            for (int r = 0; r < n; r++) {
                src[e][r] = ReferenceEvaluator.matchesEnd(rules.get(r), true, vnetTag, ends.get(e).address(),
                        ends.get(e).asgs());
                dst[e][r] = ReferenceEvaluator.matchesEnd(rules.get(r), false, vnetTag, ends.get(e).address(),
                        ends.get(e).asgs());
            }
        }
        List<boolean[]> traffic = new ArrayList<>();
        // Ah is left out: no generated rule tells it from Esp.
        for (String protocol : List.of("Tcp", "Udp", "Icmp", "Esp")) {
            boolean ports = protocol.equals("Tcp") || protocol.equals("Udp");
            for (int port : ports ? PORTS : List.of(-1)) {
                boolean[] t = new boolean[n];
                for (int r = 0; r < n; r++) {
                    t[r] = ReferenceEvaluator.matchesTraffic(rules.get(r), new ReferenceEvaluator.Pkt(protocol,
                            "0.0.0.0", ports ? 1 : -1, Set.of(), "0.0.0.0", port, Set.of()));
                }
                traffic.add(t);
            }
        }
        Set<String> needed = new TreeSet<>();
        Set<String> reached = new TreeSet<>();
        Set<String> decidedOtherwise = new TreeSet<>();
        for (int s = 0; s < ends.size(); s++) {
            for (int t = 0; t < ends.size(); t++) {
                if (ends.get(s).address().contains(":") != ends.get(t).address().contains(":")) {
                    continue;
                }
                for (boolean[] tr : traffic) {
                    int first = -1;
                    for (int r = 0; r < n; r++) {
                        if (!(tr[r] && src[s][r] && dst[t][r])) {
                            continue;
                        }
                        if (first < 0) {
                            first = r;
                            reached.add(rules.get(r).name());
                        } else {
                            if (!rules.get(r).access().equals(rules.get(first).access())) {
                                decidedOtherwise.add(rules.get(r).name());
                            }
                        }
                    }
                    int second = -1;
                    for (int r = first + 1; r < n && second < 0; r++) {
                        second = tr[r] && src[s][r] && dst[t][r] ? r : -1;
                    }
                    if (second >= 0 && !rules.get(first).access().equals(rules.get(second).access())) {
                        needed.add(rules.get(first).name());
                    }
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        for (SecurityRule r : nsg.securityRules()) {
            if (!r.direction().equalsIgnoreCase(d.label()) || needed.contains(r.name())) {
                continue;
            }
            boolean shadowed = !reached.contains(r.name()) && decidedOtherwise.contains(r.name());
            out.put(r.name() + " " + d.label(), shadowed ? "shadowed-rule" : "redundant-rule");
        }
        return out;
    }

    /**
     * One address of every elementary interval that the rules' address sets (as compiled for the view), the
     * networks, the hosts and the dynamic ranges cut the address space into, of both families.
     */
    private static List<String> ends(Analyzer a, VirtualNetwork view, ReferenceEvaluator oracle) {
        List<AddressSet> sets = new ArrayList<>();
        for (Direction d : Direction.values()) {
            for (CompiledRule r : a.compiled("nsg", view).rules(d)) {
                sets.add(r.sourceAddresses());
                sets.add(r.destinationAddresses());
            }
        }
        for (String host : List.of("10.0.0.0/29", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7", "192.0.2.0/29",
                "192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7")) {
            sets.add(AddressSet.of(host)); // one set each: a set merges adjacent ranges
        }
        Set<IpAddress> starts = new TreeSet<>();
        starts.add(IpAddress.v4(0));
        starts.add(IpAddress.v6(0, 0));
        for (AddressSet set : sets) {
            for (IpRange r : set.ranges()) {
                starts.add(r.first());
                IpAddress next = r.last().next();
                if (next != null) {
                    starts.add(next);
                }
            }
        }
        return starts.stream().map(IpAddress::toString).toList();
    }
}
