package dev.nsgaudit.eval;

import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.reference.ReferenceEvaluator;
import dev.nsgaudit.reference.ReferenceEvaluator.Outcome;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security admin rules in front of the NSGs: the production verdict equals the oracle composed by hand from the
 * admin layer's documented semantics (DOC-AVNM: first match in priority order; AlwaysAllow and Deny decide, Allow
 * continues) and {@link ReferenceEvaluator} for the NSGs. The admin rules are matched with the oracle's own
 * matching (an admin rule written as an NSG rule of the oracle), so nothing of the production compiler is shared.
 * Membership is static and priorities are unique: uncertain applicability and ties have their own example tests.
 */
class AdminRuleVerdictProperties {

    /** One random admin rule as the oracle's NSG rule; access Allow, AlwaysAllow or Deny. */
    record Spec(String name, int priority, String direction, String access, String protocol, String source,
                String destination, String port) {
    }

    @Provide
    Arbitrary<Gen.Scenario> scenarios() {
        return Gen.scenario();
    }

    @Provide
    Arbitrary<List<FlowVerdictProperties.Question>> questions() {
        return new FlowVerdictProperties().questions();
    }

    @Provide
    Arbitrary<List<Spec>> adminRules() {
        // Wide values often, so that admin rules match a good share of the packets.
        Arbitrary<String> address = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("*")), Tuple.of(4,
                Arbitraries.of("Internet", "VirtualNetwork", "10.0.0.0/8", "10.0.1.0/24", "10.0.129.0/24",
                        "0.0.0.0/1", "128.0.0.0/1", "fd00::/8")));
        Arbitrary<String> port = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("*")),
                Tuple.of(3, Arbitraries.of("22", "80", "443", "1000-2000", "0-1023", "1024-65535", "3389")));
        Arbitrary<Spec> rule = Combinators.combine(Arbitraries.of("Inbound", "Outbound"),
                Arbitraries.of("Allow", "AlwaysAllow", "Deny"),
                Arbitraries.frequency(Tuple.of(3, "Any"), Tuple.of(2, "Tcp"), Tuple.of(1, "Udp"), Tuple.of(1, "Icmp")),
                address, address, port).as((dir, access, proto, src, dst, p) ->
                new Spec(null, 0, dir, access, proto, src, dst, p));
        return rule.list().ofMinSize(2).ofMaxSize(6).map(list -> {
            List<Spec> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Spec s = list.get(i);
                out.add(new Spec("r" + i, 10 * (list.size() - i), s.direction(), s.access(), s.protocol(), s.source(),
                        s.destination(), s.port()));
            }
            return out;
        });
    }

    @Property(tries = 600)
    void verifyAgreesWithTheComposedOracle(@ForAll("scenarios") Gen.Scenario scenario,
                                           @ForAll("adminRules") List<Spec> specs,
                                           @ForAll boolean vnetA, @ForAll boolean vnetB,
                                           @ForAll("questions") List<FlowVerdictProperties.Question> questions) {
        Topology base = scenario.topology();
        List<String> members = new ArrayList<>();
        if (vnetA) {
            members.add("vnet-a");
        }
        if (vnetB) {
            members.add("vnet-b");
        }
        Topology topology = base.withNetworkManagers(
                List.of(new NetworkGroup("nm", "grp", null, null, members, false, List.of(), SourceRef.UNKNOWN)),
                List.of(new SecurityAdminConfiguration("nm", "cfg", null, List.of(new AdminRuleCollection("coll",
                        null, List.of("grp"), specs.stream().map(AdminRuleVerdictProperties::adminRule).toList(),
                        List.of(), SourceRef.UNKNOWN)), List.of(), SourceRef.UNKNOWN)));
        Verifier verifier = new Verifier(new FlowEvaluator(topology, FlowVerdictProperties.NO_TAGS));
        ReferenceEvaluator reference = new ReferenceEvaluator(base);
        for (FlowVerdictProperties.Question q : questions) {
            check(topology, verifier, reference, specs, members, q);
        }
    }

    private static AdminRule adminRule(Spec s) {
        return AdminRule.builder(s.name()).priority(s.priority()).direction(s.direction()).access(s.access())
                .protocol(s.protocol()).sources(List.of(item(s.source()))).destinations(List.of(item(s.destination())))
                .destinationPortRanges(s.port().equals("*") ? List.of() : List.of(s.port())).build();
    }

    private static AddressPrefixItem item(String text) {
        return text.equals("Internet") || text.equals("VirtualNetwork") ? AddressPrefixItem.serviceTag(text)
                : AddressPrefixItem.ipPrefix(text);
    }

    /** The admin rule as the oracle's NSG rule: the oracle matches it, independent of production. */
    private static SecurityRule asOracleRule(Spec s) {
        return SecurityRule.builder(s.name()).priority(s.priority()).direction(s.direction())
                .access(s.access().equals("Deny") ? "Deny" : "Allow")
                .protocol(s.protocol().equals("Any") ? "*" : s.protocol()).sourceAddressPrefix(s.source())
                .sourcePortRange("*").destinationAddressPrefix(s.destination()).destinationPortRange(s.port()).build();
    }

    private static void check(Topology topology, Verifier verifier, ReferenceEvaluator reference, List<Spec> specs,
                              List<String> members, FlowVerdictProperties.Question q) {
        if (q.anySourcePort() && q.protocol().hasPorts()) {
            return; // the admin decision is taken per packet; '*' source ports are covered without admin rules
        }
        List<NetworkInterface> nics = topology.networkInterfaces();
        NetworkInterface nic = nics.get(q.nic() % nics.size());
        IpConfiguration ip = q.v6() && nic.ipConfigurations().size() > 1
                ? nic.ipConfigurations().get(1) : nic.ipConfigurations().get(0);
        boolean v6 = ip.privateIPAddressVersion().equals("IPv6");
        int subnet = FlowVerdictProperties.subnetIndex(ip.subnet());
        String local = !ip.isDynamic() ? ip.privateIPAddress()
                : v6 ? Gen.Scenario.SUBNETS[subnet][3] + Integer.toHexString(q.dynamicHost())
                : Gen.Scenario.SUBNETS[subnet][2] + q.dynamicHost();
        String remote = v6 ? q.remoteV6() : q.remoteV4();
        if (!q.inbound() && Gen.PLATFORM.contains(remote)) {
            remote = "8.8.4.4"; // D7 is not modelled by the oracle
        }
        Integer localPort = q.protocol().hasPorts() ? q.localPort() : null;
        Integer remotePort = q.protocol().hasPorts() ? q.remotePort() : null;
        Set<Outcome> nsgOutcomes = reference.verify(nic.name(), q.inbound(), q.protocol().label(), local, localPort,
                remote, remotePort);

        String vnetName = Gen.Scenario.SUBNETS[subnet][0];
        Set<Outcome> composed = nsgOutcomes;
        if (members.stream().anyMatch(vnetName::equalsIgnoreCase)) {
            VirtualNetwork vnet = topology.virtualNetwork(vnetName).orElseThrow();
            ReferenceEvaluator.Pkt packet = q.inbound()
                    ? new ReferenceEvaluator.Pkt(q.protocol().label(), remote, remotePort == null ? -1 : remotePort,
                    Set.of(), local, localPort == null ? -1 : localPort, Set.of())
                    : new ReferenceEvaluator.Pkt(q.protocol().label(), local, localPort == null ? -1 : localPort,
                    Set.of(), remote, remotePort == null ? -1 : remotePort, Set.of());
            Spec first = specs.stream().sorted(Comparator.comparingInt(Spec::priority))
                    .filter(s -> s.direction().equals(q.inbound() ? "Inbound" : "Outbound"))
                    .filter(s -> matches(asOracleRule(s), reference.vnetTag(vnet), packet))
                    .findFirst().orElse(null);
            if (first != null) {
                String name = "securityAdminRules/nm/cfg/coll/" + first.name();
                ReferenceEvaluator.Layer layer = new ReferenceEvaluator.Layer(null, "vnet:" + vnetName, name,
                        first.access().equals("Deny") ? "Deny" : "Allow");
                composed = new LinkedHashSet<>();
                for (Outcome o : nsgOutcomes) {
                    if (!first.access().equals("Allow")) {
                        composed.add(new Outcome(layer.access(), name, null, List.of(layer)));
                    } else {
                        List<ReferenceEvaluator.Layer> layers = new ArrayList<>(List.of(layer));
                        layers.addAll(o.layers());
                        composed.add(o.layers().isEmpty() ? new Outcome("Allow", name, null, layers)
                                : new Outcome(o.access(), o.ruleName(), o.nsg(), layers));
                    }
                }
                Statistics.label("admin").collect(first.access());
            } else {
                Statistics.label("admin").collect("no match");
            }
        } else {
            Statistics.label("admin").collect("not a member");
        }

        Set<Outcome> expected = composed;
        FlowQuery query = new FlowQuery(nic.name(), null, q.inbound() ? Direction.INBOUND : Direction.OUTBOUND,
                q.protocol(), IpAddress.parse(local), localPort, IpAddress.parse(remote), remotePort);
        FlowResult result = verifier.verify(query).result();
        String what = query + "\n" + specs + "\n" + members + "\n" + topology;
        if (expected.size() == 1) {
            assertTrue(result.conclusive(), () -> "inconclusive " + result + "\nexpected " + expected + "\n" + what);
            assertEquals(expected.iterator().next(), FlowVerdictProperties.outcome(result), what);
            return;
        }
        Set<String> accesses = new LinkedHashSet<>();
        expected.forEach(o -> accesses.add(o.access()));
        if (accesses.size() == 1) {
            assertTrue(result.conclusive(), () -> "inconclusive " + result + "\nexpected " + expected + "\n" + what);
            assertEquals(accesses.iterator().next(), result.access().label(), what);
            assertNull(result.ruleName(), what);
        } else {
            assertFalse(result.conclusive(), () -> "conclusive " + result + "\nexpected one of " + expected + "\n" + what);
        }
        Set<Outcome> alternatives = new LinkedHashSet<>();
        result.alternatives().forEach(a -> alternatives.add(FlowVerdictProperties.outcome(a)));
        assertEquals(expected, alternatives, what);
    }

    private static boolean matches(SecurityRule r, List<String> vnetTag, ReferenceEvaluator.Pkt p) {
        return ReferenceEvaluator.matchesTraffic(r, p) && ReferenceEvaluator.matchesEnd(r, true, vnetTag, p.src(),
                p.srcAsgs()) && ReferenceEvaluator.matchesEnd(r, false, vnetTag, p.dst(), p.dstAsgs());
    }
}
