package dev.nsgaudit.eval;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One {@link Verifier} shared by several threads (the pool of {@code verify --flows}) answers as one thread does: on
 * a fresh random topology, threads released together ask the same NIC and NSG questions in different orders, the
 * plain verdict ({@link Verifier#plainVerdictV4}) and the full answer, often enough that every NSG direction goes
 * from the linear scan to its classifier while they race (NIC entries, contexts, routes, compiled NSGs and
 * classifiers are all built on first use); every answer equals the single-thread answer of another fresh verifier.
 */
class ConcurrentVerifierProperties {

    private static final int THREADS = 4;

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
        return Gen.v4Remotes(6);
    }

    /** One question as the flows path asks it: by NIC (plain verdict and full answer) or by NSG (full answer). */
    private record Ask(String nic, String nsg, Direction direction, FlowVerdictProperties.Question q, IpAddress local,
                       int localPort, IpAddress remote, int remotePort) {
        FlowQuery query() {
            return new FlowQuery(nic, nsg, direction, q.protocol(), local, localPort < 0 ? null : localPort, remote,
                    remotePort < 0 ? null : remotePort);
        }
    }

    @Property(tries = 60)
    void threadsSharingAVerifierAnswerAsOneThread(@ForAll("scenarios") Gen.Scenario scenario,
                                                  @ForAll("questions") List<FlowVerdictProperties.Question> questions,
                                                  @ForAll("remotes") List<String> remotes) throws Exception {
        Topology topology = scenario.topology();
        List<Ask> asks = asks(topology, questions, remotes);
        if (asks.isEmpty()) {
            return;
        }
        Verifier alone = new Verifier(new FlowEvaluator(topology, FlowVerdictProperties.NO_TAGS));
        List<String> expected = new ArrayList<>();
        for (Ask ask : asks) {
            expected.add(answer(alone, ask));
        }
        // Enough passes that each NSG direction is decided past CompiledNsg.SCANNED_FIRST while the threads race.
        int passes = 2 + CompiledNsg.SCANNED_FIRST / asks.size();
        Verifier shared = new Verifier(new FlowEvaluator(scenario.topology(), FlowVerdictProperties.NO_TAGS));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t * asks.size() / THREADS;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> mismatches = new ArrayList<>();
                    for (int pass = 0; pass < passes; pass++) {
                        for (int k = 0; k < asks.size(); k++) {
                            int i = (k + offset) % asks.size();
                            String got = answer(shared, asks.get(i));
                            if (!got.equals(expected.get(i))) {
                                mismatches.add(asks.get(i) + ": " + got + " instead of " + expected.get(i));
                            }
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<List<String>> r : results) {
                assertEquals(List.of(), r.get(), topology.toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The plain verdict (its layers and deciding rules) and the full answer, or the question's error, as text. */
    private static String answer(Verifier verifier, Ask ask) {
        StringBuilder out = new StringBuilder();
        if (ask.nic != null) {
            Verifier.NicEntry entry = verifier.nic(ask.nic);
            Verifier.PlainVerdict v = new Verifier.PlainVerdict();
            if (verifier.plainVerdictV4(entry, ask.direction, ask.q.protocol(), ask.local, ask.localPort,
                    ask.remote.lo(), ask.remotePort, v)) {
                int[] rules = new int[v.layers()];
                for (int i = 0; i < rules.length; i++) {
                    rules[i] = v.rule(i);
                }
                out.append("plain ").append(Arrays.toString(rules)).append("; ");
            }
        }
        try {
            Verifier.Answer a = verifier.verify(ask.query());
            out.append(a.result()).append(' ').append(a.notes());
        } catch (IllegalArgumentException e) {
            out.append("error ").append(e.getMessage());
        }
        return out.toString();
    }

    private static List<Ask> asks(Topology topology, List<FlowVerdictProperties.Question> questions,
                                  List<String> remotes) {
        List<Ask> asks = new ArrayList<>();
        List<NetworkInterface> nics = topology.networkInterfaces();
        for (FlowVerdictProperties.Question q : questions) {
            NetworkInterface nic = nics.get(q.nic() % nics.size());
            IpConfiguration ip = nic.ipConfigurations().get(0);
            if (ip.privateIPAddressVersion().equals("IPv6")) {
                continue;
            }
            IpAddress local = IpAddress.parse(!ip.isDynamic() ? ip.privateIPAddress()
                    : Gen.Scenario.SUBNETS[FlowVerdictProperties.subnetIndex(ip.subnet())][2] + q.dynamicHost());
            Direction direction = q.inbound() ? Direction.INBOUND : Direction.OUTBOUND;
            boolean ports = q.protocol().hasPorts();
            int localPort = ports && !(q.anySourcePort() && !q.inbound()) ? q.localPort() : -1;
            int remotePort = ports && !(q.anySourcePort() && q.inbound()) ? q.remotePort() : -1;
            for (String remote : remotes) {
                IpAddress address = IpAddress.parse(remote);
                asks.add(new Ask(nic.name(), null, direction, q, local, localPort, address, remotePort));
                for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
                    asks.add(new Ask(null, nsg.name(), direction, q, local, localPort, address, remotePort));
                }
            }
        }
        return asks;
    }
}
