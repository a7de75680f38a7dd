package dev.nsgaudit.eval;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.semantics.NetworkView;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The primitive path of {@code verify --flows} ({@link Verifier#plainVerdictV4}: the remote address as 32 bits, the
 * packet as {@link Ipv4Flow}, D8 by {@link Endpoints#soleCandidateV4}) answers exactly as the packet path
 * ({@link Verifier#plainVerdict}) on random topologies and IPv4 queries, platform destinations (D7) included, both
 * while the NSGs are scanned linearly and once their classifiers are built.
 */
class PlainVerdictV4Properties {

    @Provide
    Arbitrary<Gen.Scenario> scenarios() {
        return Gen.scenario();
    }

    @Provide
    Arbitrary<List<FlowVerdictProperties.Question>> questions() {
        return new FlowVerdictProperties().questions();
    }

    @Provide
    Arbitrary<List<String>> remotes() {
        return Gen.v4Remotes(8);
    }

    @Property(tries = 600)
    void thePrimitivePathAnswersAsThePacketPath(@ForAll("scenarios") Gen.Scenario scenario,
                                                @ForAll("questions") List<FlowVerdictProperties.Question> questions,
                                                @ForAll("remotes") List<String> remotes) {
        Topology topology = scenario.topology();
        FlowEvaluator evaluator = new FlowEvaluator(topology, FlowVerdictProperties.NO_TAGS);
        Verifier verifier = new Verifier(evaluator);
        for (int round = 0; round < 2; round++) {
            if (round == 1) {
                buildClassifiers(topology, evaluator);
            }
            for (FlowVerdictProperties.Question q : questions) {
                for (String remote : remotes) {
                    check(topology, verifier, q, remote);
                }
            }
        }
    }

    @Property(tries = 600)
    void theAddressIndexFindsTheSoleCandidateAsTheList(@ForAll("scenarios") Gen.Scenario scenario,
                                                      @ForAll("remotes") List<String> addresses) {
        Topology topology = scenario.topology();
        Endpoints endpoints = new Endpoints(topology);
        List<Set<String>> reachable = new ArrayList<>(Arrays.asList(null, Set.of("vnet-a"), Set.of("vnet-b"),
                Set.of("vnet-a", "vnet-b")));
        List<String> all = new ArrayList<>(addresses);
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (ip.privateIPAddress() != null && !ip.privateIPAddress().contains(":")) {
                    all.add(ip.privateIPAddress()); // the static addresses themselves
                }
            }
        }
        for (String text : all) {
            IpAddress address = IpAddress.parse(text);
            for (Set<String> vnets : reachable) {
                List<Endpoints.Candidate> candidates = endpoints.candidates(address, vnets);
                Endpoints.Candidate expected = candidates.size() == 1 ? candidates.get(0) : null;
                assertEquals(expected, endpoints.soleCandidateV4(address.lo(), vnets), text + " from " + vnets);
                Statistics.label("candidates").collect(candidates.size() == 1 ? "one" : "several");
            }
        }
    }

    private static void check(Topology topology, Verifier verifier, FlowVerdictProperties.Question q, String remoteText) {
        List<NetworkInterface> nics = topology.networkInterfaces();
        NetworkInterface nic = nics.get(q.nic() % nics.size());
        IpConfiguration ip = nic.ipConfigurations().get(0);
        if (ip.privateIPAddressVersion().equals("IPv6")) {
            return;
        }
        IpAddress local = IpAddress.parse(!ip.isDynamic() ? ip.privateIPAddress()
                : Gen.Scenario.SUBNETS[FlowVerdictProperties.subnetIndex(ip.subnet())][2] + q.dynamicHost());
        IpAddress remote = IpAddress.parse(remoteText);
        Direction direction = q.inbound() ? Direction.INBOUND : Direction.OUTBOUND;
        boolean ports = q.protocol().hasPorts();
        int localPort = ports && !(q.anySourcePort() && !q.inbound()) ? q.localPort() : -1;
        int remotePort = ports && !(q.anySourcePort() && q.inbound()) ? q.remotePort() : -1;
        Verifier.NicEntry entry = verifier.nic(nic.name());
        Verifier.PlainVerdict byPacket = new Verifier.PlainVerdict();
        Verifier.PlainVerdict byPrimitives = new Verifier.PlainVerdict();
        boolean expected = verifier.plainVerdict(entry, direction, q.protocol(), local, localPort, remote, remotePort,
                byPacket);
        boolean actual = verifier.plainVerdictV4(entry, direction, q.protocol(), local, localPort, remote.lo(),
                remotePort, byPrimitives);
        String what = direction + " " + q.protocol() + " " + local + ":" + localPort + " " + remote + ":" + remotePort
                + " at " + nic.name() + "\n" + topology;
        assertEquals(expected, actual, what);
        Statistics.label("plain").collect(actual);
        if (actual) {
            assertSame(byPacket.route(), byPrimitives.route(), what);
            assertArrayEquals(rules(byPacket), rules(byPrimitives), what);
        }
    }

    private static int[] rules(Verifier.PlainVerdict v) {
        int[] out = new int[v.layers()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.rule(i);
        }
        return out;
    }

    /** Every NSG's classifiers, in every view a query may use: later decisions go through them. */
    private static void buildClassifiers(Topology topology, FlowEvaluator evaluator) {
        List<NetworkView> views = new ArrayList<>();
        for (VirtualNetwork vnet : topology.virtualNetworks()) {
            views.add(evaluator.view(vnet));
        }
        views.add(evaluator.view(null));
        for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
            for (NetworkView view : views) {
                for (Direction d : Direction.values()) {
                    evaluator.compiled(nsg.name(), view).matcher(d);
                }
            }
        }
    }
}
