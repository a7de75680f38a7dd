package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.Packet;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production verdict equals the oracle's ({@link ReferenceEvaluator}) on random topologies and packets. */
class FlowVerdictProperties {

    static final ServiceTags NO_TAGS = ServiceTags.of("none", List.of());

    /**
     * One question: which NIC (static or dynamic), which of its addresses, direction, protocol, ports (the source
     * port may be '*'), remote address per family; {@code dynamicHost} is the local host number for a NIC with a
     * dynamic address.
     */
    record Question(int nic, boolean v6, boolean inbound, Protocol protocol, int localPort, int remotePort,
                    String remoteV4, String remoteV6, boolean anySourcePort, int dynamicHost) {
    }

    @Provide
    Arbitrary<Gen.Scenario> scenarios() {
        return Gen.scenario();
    }

    @Provide
    Arbitrary<List<Question>> questions() {
        Arbitrary<Object[]> head = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.of(false, true),
                Arbitraries.of(true, false), Gen.packetProtocol(), Gen.port(), Gen.port())
                .as((nic, v6, in, proto, lp, rp) -> new Object[] {nic, v6, in, proto, lp, rp});
        return Combinators.combine(head, Gen.v4Address(), Gen.v6Address(),
                        Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true)),
                        Arbitraries.integers().between(4, 254))
                .as((h, v4, v6, any, host) -> new Question((Integer) h[0], (Boolean) h[1], (Boolean) h[2],
                        (Protocol) h[3], (Integer) h[4], (Integer) h[5], v4, v6, any, host))
                .list().ofMinSize(1).ofMaxSize(8);
    }

    /** Property 1: Verifier.verify for a NIC agrees with the oracle, including D8 inconclusive answers. */
    @Property(tries = 1500)
    void verifyAgreesWithReference(@ForAll("scenarios") Gen.Scenario scenario,
                                   @ForAll("questions") List<Question> questions) {
        Topology topology = scenario.topology();
        Verifier verifier = new Verifier(new FlowEvaluator(topology, NO_TAGS));
        ReferenceEvaluator reference = new ReferenceEvaluator(topology);
        for (Question q : questions) {
            check(topology, verifier, reference, topology.networkInterfaces(), q);
        }
    }

    static void check(Topology topology, Verifier verifier, ReferenceEvaluator reference,
                      List<NetworkInterface> nics, Question q) {
        NetworkInterface nic = nics.get(q.nic() % nics.size());
        IpConfiguration ip = q.v6() && nic.ipConfigurations().size() > 1
                ? nic.ipConfigurations().get(1) : nic.ipConfigurations().get(0);
        boolean v6 = ip.privateIPAddressVersion().equals("IPv6");
        String local = !ip.isDynamic() ? ip.privateIPAddress()
                : v6 ? Gen.Scenario.SUBNETS[subnetIndex(ip.subnet())][3] + Integer.toHexString(q.dynamicHost())
                : Gen.Scenario.SUBNETS[subnetIndex(ip.subnet())][2] + q.dynamicHost();
        String remote = v6 ? q.remoteV6() : q.remoteV4();
        if (!q.inbound() && Gen.PLATFORM.contains(remote)) {
            remote = "8.8.4.4"; // D7 is not modelled by the oracle
        }
        Integer localPort = q.protocol().hasPorts() && !(q.anySourcePort() && !q.inbound()) ? q.localPort() : null;
        Integer remotePort = q.protocol().hasPorts() && !(q.anySourcePort() && q.inbound()) ? q.remotePort() : null;
        FlowQuery query = new FlowQuery(nic.name(), null, q.inbound() ? Direction.INBOUND : Direction.OUTBOUND,
                q.protocol(), IpAddress.parse(local), localPort, IpAddress.parse(remote), remotePort);
        Verifier.Answer answer = verifier.verify(query);
        Set<Outcome> expected = reference.verify(nic.name(), q.inbound(), q.protocol().label(), local, localPort,
                remote, remotePort);
        String what = query + "\n" + topology;
        assertTrue(answer.notes().isEmpty(), what);
        FlowResult result = answer.result();
        Statistics.label("verdict").collect(!result.conclusive() ? "inconclusive"
                : result.ruleName() == null ? "no NSG"
                : result.ruleName().startsWith("securityRules/") ? "user rule " + result.access().label()
                : result.ruleName());
        Statistics.label("family, direction").collect(v6 ? "IPv6" : "IPv4", q.inbound() ? "in" : "out");
        Statistics.label("local, source port").collect(ip.isDynamic() ? "dynamic" : "static",
                !q.protocol().hasPorts() ? "none" : localPort == null || remotePort == null ? "*" : "given");
        if (expected.size() == 1) {
            assertTrue(result.conclusive(), () -> "inconclusive " + result + "\nexpected " + expected + "\n" + what);
            assertEquals(expected.iterator().next(), outcome(result), what);
        } else {
            Set<String> accesses = new LinkedHashSet<>();
            expected.forEach(o -> accesses.add(o.access()));
            if (accesses.size() == 1) {
                // every case agrees on the access: that much is known, the deciding rule is not
                assertTrue(result.conclusive(), () -> "inconclusive " + result + "\nexpected " + expected + "\n" + what);
                assertEquals(accesses.iterator().next(), result.access().label(), what);
                assertNull(result.ruleName(), what);
            } else {
                assertFalse(result.conclusive(), () -> "conclusive " + result + "\nexpected one of " + expected + "\n" + what);
            }
            if (!q.anySourcePort() || !q.protocol().hasPorts()) {
                // only the remote identity is open: the alternatives are exactly the oracle's outcomes
                Set<Outcome> alternatives = new LinkedHashSet<>();
                result.alternatives().forEach(a -> alternatives.add(outcome(a)));
                assertEquals(expected, alternatives, what);
            }
        }
    }

    static int subnetIndex(String ref) {
        for (int s = 0; s < Gen.Scenario.SUBNETS.length; s++) {
            if ((Gen.Scenario.SUBNETS[s][0] + "/" + Gen.Scenario.SUBNETS[s][1]).equalsIgnoreCase(ref)) {
                return s;
            }
        }
        throw new IllegalArgumentException(ref);
    }

    /** Property 1b: FlowEvaluator.evaluate with explicit layers in the D3 view (no virtual network known). */
    @Property(tries = 1000)
    void evaluateAssumedViewAgreesWithReference(
            @ForAll("twoNsgs") List<List<SecurityRule>> nsgRules,
            @ForAll boolean inbound, @ForAll boolean subnetLayer, @ForAll boolean nicLayer,
            @ForAll("packets") List<Packet> packets) {
        List<NetworkSecurityGroup> nsgs = List.of(new NetworkSecurityGroup("nsg-s", nsgRules.get(0), null),
                new NetworkSecurityGroup("nsg-n", nsgRules.get(1), null));
        Topology topology = new Topology(List.of(), Gen.asgs(), List.of(), nsgs);
        FlowEvaluator evaluator = new FlowEvaluator(topology, NO_TAGS);
        Direction direction = inbound ? Direction.INBOUND : Direction.OUTBOUND;
        Layer s = subnetLayer ? new Layer("nsg-s", "subnet:v/s") : null;
        Layer n = nicLayer ? new Layer("nsg-n", "nic:n") : null;
        List<Layer> layers = FlowEvaluator.layers(direction, s, n);
        List<ReferenceEvaluator.PathNsg> path = new ArrayList<>();
        for (Layer layer : layers) {
            path.add(new ReferenceEvaluator.PathNsg(topology.networkSecurityGroup(layer.networkSecurityGroup()).get(),
                    layer.appliedTo()));
        }
        for (Packet p : packets) {
            if (!inbound && Gen.PLATFORM.contains(p.destinationAddress().toString())) {
                continue;
            }
            FlowResult result = evaluator.evaluate(layers, evaluator.view(null), direction, p);
            Outcome expected = ReferenceEvaluator.evaluate(path, inbound, ReferenceEvaluator.ASSUMED_VNET,
                    new ReferenceEvaluator.Pkt(p.protocol().label(), p.sourceAddress().toString(), p.sourcePort(),
                            p.sourceAsgs(), p.destinationAddress().toString(), p.destinationPort(),
                            p.destinationAsgs()));
            assertEquals(expected, outcome(result), () -> p + "\n" + nsgs);
            Statistics.label("verdict").collect(result.ruleName() == null ? "no NSG"
                    : result.ruleName().startsWith("securityRules/") ? "user rule " + result.access().label()
                    : result.ruleName());
        }
    }

    @Provide
    Arbitrary<List<List<SecurityRule>>> twoNsgs() {
        return Gen.nsgRules(30).list().ofSize(2);
    }

    @Provide
    Arbitrary<List<Packet>> packets() {
        return packet().list().ofMinSize(1).ofMaxSize(8);
    }

    static Arbitrary<Packet> packet() {
        Arbitrary<String> address = Arbitraries.frequencyOf(
                Tuple.of(4, Gen.v4Address()), Tuple.of(1, Gen.v6Address()));
        return Combinators.combine(Gen.packetProtocol(), address, Gen.port(), Gen.asgSet(), address, Gen.port(),
                Gen.asgSet()).as((proto, src, sp, sa, dst, dp, da) -> {
                    IpAddress s = IpAddress.parse(src);
                    IpAddress d = IpAddress.parse(dst);
                    if (s.family() != d.family()) {
                        d = s; // one family per packet
                    }
                    return new Packet(proto, s, proto.hasPorts() ? sp : -1, sa, d, proto.hasPorts() ? dp : -1, da);
                });
    }

    static Outcome outcome(FlowResult r) {
        List<ReferenceEvaluator.Layer> layers = r.evaluations().stream()
                .map(e -> new ReferenceEvaluator.Layer(e.networkSecurityGroup(), e.appliedTo(), e.matchedRule(),
                        e.access().label()))
                .toList();
        return new Outcome(r.access() == null ? null : r.access().label(), r.ruleName(), r.networkSecurityGroup(),
                layers);
    }
}
