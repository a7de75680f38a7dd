package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.GenTopologies;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.semantics.ServiceTags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diff against the evaluator on random pairs of versions: every packet sampled inside a newly allowed region is
 * denied by base and allowed by head ({@code verify --nic} in each version), the reverse for newly denied regions,
 * and random packets at every NIC outside every reported region get the same answer from both versions.
 */
class DiffProperties {

    private static final ServiceTags TAGS = ServiceTags.bundled();

    /** Base, and head: the same network with the rule lists of another random topology under base's NSG names. */
    record Pair(Topology base, Topology head, long seed) {
    }

    @Provide
    Arbitrary<Pair> pairs() {
        return Combinators.combine(GenTopologies.topologies(), GenTopologies.topologies(), Arbitraries.longs(),
                Arbitraries.of(true, false)).as((a, b, seed, one) -> new Pair(a, withRulesOf(a, b, one), seed));
    }

    /** {@code a} with the rules of {@code b}'s NSGs under {@code a}'s names (only the first NSG's when {@code one}). */
    private static Topology withRulesOf(Topology a, Topology b, boolean one) {
        if (b.networkSecurityGroups().isEmpty()) {
            return a;
        }
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (int i = 0; i < a.networkSecurityGroups().size(); i++) {
            NetworkSecurityGroup n = a.networkSecurityGroups().get(i);
            if (one && i > 0) {
                nsgs.add(n);
            } else {
                NetworkSecurityGroup other = b.networkSecurityGroups().get(i % b.networkSecurityGroups().size());
                nsgs.add(new NetworkSecurityGroup(n.name(), other.securityRules(), null, null));
            }
        }
        return new Topology(a.virtualNetworks(), a.applicationSecurityGroups(), a.networkInterfaces(), nsgs);
    }

    @Property(tries = 40)
    void regionsChangeVerdictAndNothingElseDoes(@ForAll("pairs") Pair pair) {
        DiffResult diff = new SemanticDiff(pair.base(), pair.head(), TAGS, Integer.MAX_VALUE).compute();
        Verifier base = new Verifier(new FlowEvaluator(pair.base(), TAGS));
        Verifier head = new Verifier(new FlowEvaluator(pair.head(), TAGS));
        Random random = new Random(pair.seed());
        FlowEvaluator baseEval = new FlowEvaluator(pair.base(), TAGS);
        FlowEvaluator headEval = new FlowEvaluator(pair.head(), TAGS);
        for (TargetDiff t : diff.targets()) {
            assertThat(t.omitted()).containsOnly(0);
            Direction d = Direction.parse(t.direction()).orElseThrow();
            // A NIC is asked as verify --nic asks it; a subnet's other hosts through the subnet's NSG alone.
            java.util.function.BiFunction<Boolean, Sample, String> ask = t.target().startsWith("nic:")
                    ? (inBase, s) -> answer(inBase ? base : head, nicOf(t.target()), d, s)
                    : (inBase, s) -> subnetAnswer(inBase ? baseEval : headEval, t.target(), d, s);
            for (DiffRegion g : t.newlyAllowed()) {
                for (Sample s : samples(g, d, random)) {
                    assertThat(ask.apply(true, s)).as(t.target() + " " + d + " " + s + " base").isEqualTo("Deny");
                    assertThat(ask.apply(false, s)).as(t.target() + " " + d + " " + s + " head").isEqualTo("Allow");
                }
            }
            for (DiffRegion g : t.newlyDenied()) {
                for (Sample s : samples(g, d, random)) {
                    assertThat(ask.apply(true, s)).as(t.target() + " " + d + " " + s + " base").isEqualTo("Allow");
                    assertThat(ask.apply(false, s)).as(t.target() + " " + d + " " + s + " head").isEqualTo("Deny");
                }
            }
        }
        for (NetworkInterface n : pair.base().networkInterfaces()) {
            for (IpConfiguration ip : n.ipConfigurations()) {
                String target = "nic:" + n.name() + "/" + ip.name();
                List<String> locals = localPrefixes(pair.base(), ip);
                if (locals.isEmpty()) {
                    continue;
                }
                for (Direction d : Direction.values()) {
                    List<DiffRegion> reported = new ArrayList<>();
                    diff.targets().stream().filter(t -> t.target().equals(target) && t.direction().equals(d.label()))
                            .forEach(t -> {
                                reported.addAll(t.newlyAllowed());
                                reported.addAll(t.newlyDenied());
                                reported.addAll(t.mayChange());
                            });
                    for (int k = 0; k < 25; k++) {
                        Sample s = outside(locals, random);
                        if (s == null || reported.stream().anyMatch(g -> contains(g, s, d))) {
                            continue;
                        }
                        assertThat(answer(head, n.name(), d, s)).as(target + " " + d + " " + s)
                                .isEqualTo(answer(base, n.name(), d, s));
                    }
                }
            }
        }
    }

    /** {@code subnet:<vnet>/<subnet>/other-hosts} through its NSG with the evaluator; no NSG allows. */
    private static String subnetAnswer(FlowEvaluator evaluator, String target, Direction d, Sample s) {
        String reference = target.substring("subnet:".length(), target.lastIndexOf('/'));
        String access = SubnetHosts.verdict(evaluator, reference, d, s.protocol, s.local, s.localPort, s.remote,
                s.remotePort).access();
        return access.startsWith("Allow") ? "Allow" : access.equals("absent") ? "Deny" : access;
    }

    private static String nicOf(String target) {
        return target.substring("nic:".length(), target.lastIndexOf('/'));
    }

    /** One packet as verify asks it: the local port is the destination inbound, the source outbound. */
    record Sample(Protocol protocol, IpAddress local, Integer localPort, IpAddress remote, Integer remotePort) {
        int sourcePort(Direction d) {
            Integer p = d == Direction.INBOUND ? remotePort : localPort;
            return p == null ? 0 : p;
        }

        int destinationPort(Direction d) {
            Integer p = d == Direction.INBOUND ? localPort : remotePort;
            return p == null ? 0 : p;
        }
    }

    private static String answer(Verifier v, String nic, Direction d, Sample s) {
        FlowResult r = v.verify(new FlowQuery(nic, null, d, s.protocol, s.local, s.localPort, s.remote, s.remotePort))
                .result();
        return r.access() == null ? "Inconclusive" : r.access().label();
    }

    /** The witness and a few random packets of the region (never a packet to its own address). */
    private static List<Sample> samples(DiffRegion g, Direction d, Random random) {
        List<Sample> out = new ArrayList<>();
        boolean inbound = d == Direction.INBOUND;
        for (int k = 0; k < 4; k++) {
            Protocol p = Protocol.parse(g.protocols().get(random.nextInt(g.protocols().size()))).orElseThrow();
            IpAddress remote = randomIn(g.remoteAddresses(), random);
            IpAddress local = randomIn(g.localAddresses(), random);
            if (remote.equals(local)) {
                continue;
            }
            Integer sport = p.hasPorts() ? randomPort(g.sourcePorts(), random) : null;
            Integer dport = p.hasPorts() ? randomPort(g.destinationPorts(), random) : null;
            out.add(inbound ? new Sample(p, local, dport, remote, sport) : new Sample(p, local, sport, remote, dport));
        }
        return out;
    }

    /** Whether the region holds the packet (a portless packet has every port). */
    private static boolean contains(DiffRegion g, Sample s, Direction d) {
        if (!g.protocols().contains(s.protocol.label())) {
            return false;
        }
        if (!in(g.remoteAddresses(), s.remote) || !in(g.localAddresses(), s.local)) {
            return false;
        }
        if (!s.protocol.hasPorts()) {
            return true;
        }
        return inPorts(g.sourcePorts(), s.sourcePort(d)) && inPorts(g.destinationPorts(), s.destinationPort(d));
    }

    private static boolean in(List<String> prefixes, IpAddress a) {
        return prefixes.stream().anyMatch(p -> IpPrefix.of(p).contains(a));
    }

    private static boolean inPorts(String ports, int port) {
        if (ports.equals("*")) {
            return true;
        }
        for (String part : ports.split(",")) {
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (port >= from && port <= to) {
                return true;
            }
        }
        return false;
    }

    private static Sample outside(List<String> locals, Random random) {
        Protocol p = Protocol.values()[random.nextInt(Protocol.values().length)];
        IpAddress local = randomIn(locals, random);
        IpAddress remote = switch (random.nextInt(4)) {
            case 0 -> IpAddress.v4(0x0A000000L + random.nextInt(1 << 16)); // 10.0.x.x: the modeled networks
            case 1 -> IpAddress.v4(0x0A000000L + random.nextInt(1 << 24));
            case 2 -> IpAddress.v4(random.nextLong() & 0xFFFF_FFFFL);
            default -> local.family() == IpFamily.V6 ? IpAddress.v6(0xfd00000a00000000L | random.nextInt(4),
                    random.nextInt(64)) : IpAddress.v4(0x0A000100L + random.nextInt(512));
        };
        if (remote.family() != local.family() || remote.equals(local)) {
            return null;
        }
        Integer a = p.hasPorts() ? random.nextInt(65536) : null;
        Integer b = p.hasPorts() ? (random.nextBoolean() ? random.nextInt(65536) : List.of(22, 80, 443, 3389)
                .get(random.nextInt(4))) : null;
        return new Sample(p, local, b, remote, a);
    }

    private static List<String> localPrefixes(Topology t, IpConfiguration ip) {
        FlowEvaluator e = new FlowEvaluator(t, TAGS);
        var reach = new NicReach(new dev.nsgaudit.analyze.space.BoxAlgebra(
                new dev.nsgaudit.analyze.space.BoxSpace(java.util.Set.of())), t, e);
        return reach.localAddresses(ip).toPrefixes().stream().map(IpPrefix::toString).toList();
    }

    static IpAddress randomIn(List<String> prefixes, Random random) {
        IpPrefix p = IpPrefix.of(prefixes.get(random.nextInt(prefixes.size())));
        IpAddress first = p.first();
        int hostBits = (p.family() == IpFamily.V4 ? 32 : 128) - p.length();
        if (p.family() == IpFamily.V4) {
            long size = 1L << hostBits;
            return IpAddress.v4(first.lo() + (random.nextLong() & Long.MAX_VALUE) % size);
        }
        if (hostBits <= 63) {
            return IpAddress.v6(first.hi(), first.lo() + (random.nextLong() & Long.MAX_VALUE) % (1L << hostBits));
        }
        if (hostBits == 64) {
            return IpAddress.v6(first.hi(), random.nextLong());
        }
        long hiSize = hostBits - 64 >= 63 ? Long.MAX_VALUE : 1L << (hostBits - 64);
        return IpAddress.v6(first.hi() + (random.nextLong() & Long.MAX_VALUE) % hiSize, random.nextLong());
    }

    static int randomPort(String ports, Random random) {
        if (ports.equals("*")) {
            return random.nextInt(65536);
        }
        String[] parts = ports.split(",");
        String part = parts[random.nextInt(parts.length)];
        int dash = part.indexOf('-');
        if (dash < 0) {
            return Integer.parseInt(part);
        }
        int from = Integer.parseInt(part.substring(0, dash));
        int to = Integer.parseInt(part.substring(dash + 1));
        return from + random.nextInt(to - from + 1);
    }
}
