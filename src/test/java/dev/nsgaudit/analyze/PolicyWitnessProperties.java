package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.policies.PolicyChecker;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.GenTopologies;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * (b) Policy answers against the evaluator, on the random topologies of the evaluator's property tests (one or two
 * VNets, static and dynamic NICs, ASGs, IPv6, several NSGs on subnets and NICs), sometimes with a rule made
 * uncertain (an unknown service tag), and random policies:
 * <ul>
 *   <li>fail: the witness lies in the policy's space, and for some host the endpoints can be at the witness's
 *   addresses, the evaluator gives the packet the access the failure claims, whatever the unknown values, and
 *   the witness's decidedBy is the evaluator's trace;</li>
 *   <li>pass: sampled packets of the space (every host at each sampled address) get the expected access from the
 *   evaluator, whatever the unknown values;</li>
 *   <li>inconclusive: without unknown values only when the policy is vacuous (no host, no packet); with them, the
 *   witness may get the other access.</li>
 * </ul>
 */
class PolicyWitnessProperties {

    record Case(Topology topology, List<Policy> policies, long seed) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Policy p : policies) {
                b.append("\n  policy ").append(p.name()).append(": ").append(p.from()).append(" -> ").append(p.to())
                        .append(' ').append(p.protocol()).append(' ').append(p.ports()).append(" src ")
                        .append(p.sourcePorts()).append(' ').append(p.expect().label());
            }
            return b + "\n  " + topology;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Topology> topologies = Combinators.combine(GenTopologies.topologies(),
                Arbitraries.frequency(Tuple.of(3, -1), Tuple.of(1, 0)), Arbitraries.integers().between(0, 200),
                Arbitraries.of(false, false, true))
                .as((t, uncertain, which, closed) -> {
                    Topology out = closed ? withDenyAll(t) : t;
                    return uncertain < 0 ? out : withUnknownTag(out, which);
                });
        return topologies.flatMap(t -> policy(t).list().ofMinSize(1).ofMaxSize(4)
                .flatMap(ps -> Arbitraries.longs().map(seed -> new Case(t, ps, seed))));
    }

    /** As {@link #cases}, with one or two rules made uncertain in two cases out of three. */
    @Provide
    Arbitrary<Case> uncertainCases() {
        Arbitrary<Topology> topologies = Combinators.combine(GenTopologies.topologies(),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(0, 200), Arbitraries.of(false, false, true))
                .as((t, uncertain, first, second, closed) -> {
                    Topology out = closed ? withDenyAll(t) : t;
                    if (uncertain > 0) {
                        out = withUnknownTag(out, first);
                    }
                    if (uncertain > 1) {
                        out = withUnknownTag(out, second);
                    }
                    return out;
                });
        return topologies.flatMap(t -> policy(t).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(ps -> Arbitraries.longs().map(seed -> new Case(t, ps, seed))));
    }

    /** Every NSG ends with a deny of everything at 4096 (in each direction where 4096 is free): more is denied. */
    static Topology withDenyAll(Topology t) {
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            List<SecurityRule> rules = new ArrayList<>(nsg.securityRules());
            for (String direction : List.of("Inbound", "Outbound")) {
                if (rules.stream().noneMatch(r -> Integer.valueOf(4096).equals(r.priority())
                        && direction.equalsIgnoreCase(r.direction()))) {
                    rules.add(SecurityRule.builder("deny-rest-" + direction).priority(4096).direction(direction)
                            .access("Deny").protocol("*").sourceAddressPrefix("*").sourcePortRange("*")
                            .destinationAddressPrefix("*").destinationPortRange("*").build());
                }
            }
            nsgs.add(new NetworkSecurityGroup(nsg.name(), rules, nsg.unresolved(), nsg.source()));
        }
        return new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(), nsgs);
    }

    /** One rule (chosen by {@code which}) gets an unknown service tag as its source: it may match anything. */
    static Topology withUnknownTag(Topology t, int which) {
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        int seen = 0;
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            List<SecurityRule> rules = new ArrayList<>();
            for (SecurityRule r : nsg.securityRules()) {
                if (seen++ == which % Math.max(1, count(t))) {
                    r = new SecurityRule(r.name(), r.description(), r.priority(), r.direction(), r.access(),
                            r.protocol(), "NoSuchTag", List.of(), List.of(), r.sourcePortRange(), r.sourcePortRanges(),
                            r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                            r.destinationApplicationSecurityGroups(), r.destinationPortRange(),
                            r.destinationPortRanges(), r.unresolved(), r.source());
                }
                rules.add(r);
            }
            nsgs.add(new NetworkSecurityGroup(nsg.name(), rules, nsg.unresolved(), nsg.source()));
        }
        return new Topology(t.virtualNetworks(), t.applicationSecurityGroups(), t.networkInterfaces(), nsgs);
    }

    private static int count(Topology t) {
        return t.networkSecurityGroups().stream().mapToInt(n -> n.securityRules().size()).sum();
    }

    static boolean hasUnknowns(Topology t) {
        return t.networkSecurityGroups().stream().flatMap(n -> n.securityRules().stream())
                .anyMatch(r -> "NoSuchTag".equals(r.sourceAddressPrefix()));
    }

    static Arbitrary<String> endpoint(Topology t) {
        List<String> named = new ArrayList<>();
        t.networkInterfaces().forEach(n -> named.add("nic:" + n.name()));
        t.applicationSecurityGroups().forEach(a -> named.add("asg:" + a.name()));
        t.subnets().forEach(s -> named.add("subnet:" + s.reference()));
        t.virtualNetworks().forEach(v -> named.add("vnet:" + v.name()));
        Arbitrary<String> other = Arbitraries.of("*", "Internet", "10.0.1.0/24", "10.0.1.10", "10.0.0.0/16",
                "10.0.129.0/25", "fd00:a:0:1::/64", "8.8.8.0/24", "52.170.0.0/16", "0.0.0.0/0", "::/0",
                "168.63.129.16");
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(named)), Tuple.of(2, other));
    }

    /** Half of the policies are about traffic from outside into the modeled networks, which is often denied. */
    static Arbitrary<Policy> policy(Topology t) {
        Arbitrary<String> outside = Arbitraries.of("Internet", "8.8.8.0/24", "52.170.0.0/16", "2001:db8::/32");
        return Arbitraries.frequencyOf(Tuple.of(1, policy(endpoint(t), endpoint(t))),
                Tuple.of(1, policy(outside, endpoint(t))));
    }

    static Arbitrary<Policy> policy(Arbitrary<String> fromEndpoints, Arbitrary<String> toEndpoints) {
        return Combinators.combine(fromEndpoints, toEndpoints,
                Arbitraries.of("Tcp", "Udp", "*", "Icmp", "tcp"),
                Arbitraries.of("*", "22", "80,443", "1000-2000", "53", "0-1023", "3389"),
                Arbitraries.frequency(Tuple.of(4, "*"), Tuple.of(1, "1024-65535"), Tuple.of(1, "0-1023")),
                Arbitraries.of(Policy.Expect.values()))
                .as((from, to, protocol, ports, sourcePorts, expect) -> new Policy("p", null, from, to, protocol, ports,
                        sourcePorts, expect, Severity.ERROR, SourceRef.UNKNOWN));
    }

    @Property(tries = 120, edgeCases = EdgeCasesMode.NONE)
    void witnessesAndPassesAgreeWithTheEvaluator(@ForAll("cases") Case c) {
        List<PolicyResult> results;
        try (Analyzer analyzer = new Analyzer(c.topology(), ServiceTags.bundled())) {
            results = analyzer.checkPolicies(c.policies());
        }
        FlowEvaluator evaluator = new FlowEvaluator(c.topology(), ServiceTags.bundled());
        PathOracle oracle = new PathOracle(c.topology(), evaluator);
        Random random = new Random(c.seed());
        boolean unknowns = hasUnknowns(c.topology());
        for (PolicyResult r : results) {
            Statistics.label("status").collect(r.status().label() + " " + r.policy().expect().label()
                    + (unknowns ? " (unknown tag)" : ""));
            String what = r.status() + " " + r.message() + "\n" + c;
            switch (r.status()) {
                case FAIL -> checkFailure(oracle, r, what);
                case PASS -> checkPass(oracle, r, random, what);
                case INCONCLUSIVE -> {
                    if (!unknowns) {
                        assertTrue(r.message().contains("stands for no host") || r.message().contains("no packet from"),
                                () -> "inconclusive without unknown values: " + what);
                    } else if (r.witness() != null) {
                        Access other = r.policy().expect() == Policy.Expect.ALLOW ? Access.DENY : Access.ALLOW;
                        assertTrue(pairs(oracle, r.policy(), r.witness()).stream()
                                        .anyMatch(pp -> oracle.possible(pp.s(), pp.d(), pp.atSource(), pp.atDestination())
                                                .contains(other)),
                                () -> "the inconclusive witness cannot get " + other + ": " + what);
                    }
                }
            }
        }
    }

    /**
     * The one policy question ({@code PolicyQuestion}) gives the same status, message and witness over both set
     * algebras: on box lists for every policy they cover, on BDDs for every policy, including uncertain rules, D7
     * platform traffic and IPv6.
     */
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void boxListsAgreeWithBdds(@ForAll("uncertainCases") Case c) {
        try (Analyzer analyzer = new Analyzer(c.topology(), ServiceTags.bundled())) {
            PolicyChecker boxes = analyzer.policyChecker(true);
            PolicyChecker bdds = analyzer.policyChecker(false);
            for (Policy p : c.policies()) {
                int before = boxes.decidedOnBoxes();
                PolicyResult onBoxes = boxes.check(p);
                boolean covered = boxes.decidedOnBoxes() > before;
                Statistics.label("decided on boxes").collect(covered + " " + onBoxes.status().label()
                        + (hasUnknowns(c.topology()) ? " (unknown tag)" : ""));
                if (covered) {
                    PolicyResult onBdds = bdds.check(p);
                    String what = "\n  boxes: " + onBoxes.message() + "\n  BDDs:  " + onBdds.message() + "\n" + c;
                    assertEquals(onBdds.status(), onBoxes.status(), what);
                    assertEquals(onBdds.message(), onBoxes.message(), what);
                    assertEquals(onBdds.witness(), onBoxes.witness(), what);
                }
            }
            boxes.free();
            bdds.free();
        }
    }

    /** Two hosts, with the packet as the source's rules see it and as the destination's do. */
    record Pair(PathOracle.Host s, PathOracle.Host d, Packet atSource, Packet atDestination) {
    }

    /** Every pair of hosts the witness's addresses can be, with the witness packet as each of them sees it. */
    private static List<Pair> pairs(PathOracle oracle, Policy policy, Witness w) {
        Protocol protocol = Protocol.parse(w.protocol()).orElseThrow();
        IpAddress src = IpAddress.parse(w.sourceAddress());
        IpAddress dst = IpAddress.parse(w.destinationAddress());
        List<Pair> out = new ArrayList<>();
        for (PathOracle.Host s : oracle.hosts(policy.from(), src, false)) {
            for (PathOracle.Host d : oracle.hosts(policy.to(), dst, false)) {
                Packet p = new Packet(protocol, src, w.sourcePort() == null ? -1 : w.sourcePort(),
                        s.asgs(), dst, w.destinationPort() == null ? -1 : w.destinationPort(), d.asgs());
                if (PathOracle.self(s, d, p)) {
                    continue;
                }
                for (Packet[] seen : oracle.seen(s, d, p)) {
                    out.add(new Pair(s, d, seen[0], seen[1]));
                }
            }
        }
        return out;
    }

    private static void checkFailure(PathOracle oracle, PolicyResult r, String what) {
        Witness w = r.witness();
        assertNotNull(w, what);
        Policy p = r.policy();
        Protocol protocol = Protocol.parse(w.protocol()).orElseThrow(() -> new AssertionError(what));
        assertTrue((Protocol.ruleMask(p.protocol()).orElseThrow() & protocol.mask()) != 0, "protocol: " + what);
        PortSet ports = PortField.parse("ports", p.ports(), List.of()).ports();
        PortSet sourcePorts = PortField.parse("sourcePorts", p.sourcePorts(), List.of()).ports();
        if (protocol.hasPorts()) {
            assertTrue(ports.contains(w.destinationPort()) && sourcePorts.contains(w.sourcePort()), "ports: " + what);
        } else {
            assertTrue(w.destinationPort() == null && w.sourcePort() == null && ports.isAll() && sourcePorts.isAll(),
                    "no ports: " + what);
        }
        List<Pair> pairs = pairs(oracle, p, w);
        assertFalse(pairs.isEmpty(), "the witness's addresses are no hosts of the endpoints: " + what);
        Access claimed = p.expect() == Policy.Expect.ALLOW ? Access.DENY : Access.ALLOW;
        List<Witness.DecidedBy> shown = w.decidedBy().stream().map(d -> d.access().equals("Unknown")
                ? new Witness.DecidedBy(null, null, null, "Unknown") : d).toList();
        for (Pair pair : pairs) {
            if (oracle.possible(pair.s(), pair.d(), pair.atSource(), pair.atDestination()).equals(EnumSet.of(claimed))
                    && oracle.trace(pair.s(), pair.d(), pair.atSource(), pair.atDestination()).equals(shown)
                    && w.direction().equals(oracle.direction(pair.s(), pair.d(), pair.atSource()))) {
                return;
            }
        }
        List<String> seen = new ArrayList<>();
        for (Pair pair : pairs) {
            seen.add(pair.s().kind() + " " + pair.s().asgs() + " -> " + pair.d().kind() + " " + pair.d().asgs() + ": "
                    + oracle.possible(pair.s(), pair.d(), pair.atSource(), pair.atDestination()) + " "
                    + oracle.trace(pair.s(), pair.d(), pair.atSource(), pair.atDestination()));
        }
        fail("no host pair gets the witness " + w + " " + claimed + " with that trace; the evaluator says\n  "
                + String.join("\n  ", seen) + "\n" + what);
    }

    private static void checkPass(PathOracle oracle, PolicyResult r, Random random, String what) {
        Policy p = r.policy();
        Access expected = p.expect() == Policy.Expect.ALLOW ? Access.ALLOW : Access.DENY;
        List<IpAddress> from = sample(oracle, p.from(), random);
        List<IpAddress> to = sample(oracle, p.to(), random);
        List<Protocol> protocols = new ArrayList<>();
        PortSet ports = PortField.parse("ports", p.ports(), List.of()).ports();
        PortSet sourcePorts = PortField.parse("sourcePorts", p.sourcePorts(), List.of()).ports();
        for (Protocol proto : Protocol.values()) {
            if ((Protocol.ruleMask(p.protocol()).orElseThrow() & proto.mask()) != 0
                    && (proto.hasPorts() || (ports.isAll() && sourcePorts.isAll()))) {
                protocols.add(proto);
            }
        }
        int checked = 0;
        for (IpAddress s : from) {
            for (IpAddress d : to) {
                if (s.family() != d.family()) {
                    continue;
                }
                for (int k = 0; k < 3; k++) {
                    Protocol proto = protocols.get(random.nextInt(protocols.size()));
                    int sp = proto.hasPorts() ? port(sourcePorts, random) : -1;
                    int dp = proto.hasPorts() ? port(ports, random) : -1;
                    for (PathOracle.Host sh : oracle.hosts(p.from(), s, true)) {
                        for (PathOracle.Host dh : oracle.hosts(p.to(), d, true)) {
                            Packet packet = new Packet(proto, s, sp, sh.asgs(), d, dp, dh.asgs());
                            if (PathOracle.self(sh, dh, packet)) {
                                continue;
                            }
                            for (Packet[] seen : oracle.seen(sh, dh, packet)) {
                                Set<Access> possible = oracle.possible(sh, dh, seen[0], seen[1]);
                                checked++;
                                if (!possible.equals(EnumSet.of(expected))) {
                                    fail("passed, but " + packet + " from " + sh.kind() + " to " + dh.kind() + " may be "
                                            + possible + ": " + oracle.trace(sh, dh, seen[0], seen[1]) + "\n" + what);
                                }
                            }
                        }
                    }
                }
            }
        }
        Statistics.label("packets checked per pass").collect(checked == 0 ? "0" : checked < 10 ? "1-9" : "10+");
    }

    /** One port of the set: an end of a range or any port inside. */
    private static int port(PortSet ports, Random random) {
        int i = random.nextInt(ports.rangeCount());
        return switch (random.nextInt(3)) {
            case 0 -> ports.start(i);
            case 1 -> ports.end(i);
            default -> ports.start(i) + random.nextInt(ports.end(i) - ports.start(i) + 1);
        };
    }

    /** Up to 8 addresses of the endpoint (in it from every view), from a pool around the topology. */
    private static List<IpAddress> sample(PathOracle oracle, String endpoint, Random random) {
        Set<IpAddress> pool = new LinkedHashSet<>();
        Topology t = oracle.topology();
        for (NetworkInterface nic : t.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (!ip.isDynamic()) {
                    pool.add(IpAddress.parse(ip.privateIPAddress()));
                }
            }
        }
        for (Topology.SubnetRef s : t.subnets()) {
            for (String text : s.subnet().addressPrefixes()) {
                IpPrefix prefix = IpPrefix.parse(text).prefix();
                IpAddress a = prefix.first();
                for (int i = 0; i < 6; i++) {
                    pool.add(a);   // the reserved ones and the first usable ones
                    a = a.next();
                }
                pool.add(prefix.last());
                pool.add(prefix.last().previous());
            }
        }
        for (String a : List.of("8.8.8.8", "52.170.1.2", "13.64.1.1", "192.168.1.1", "10.0.3.5", "10.0.200.1",
                "10.0.1.200", "168.63.129.16", "169.254.169.254", "2001:db8::1", "fd00:c::1", "fd00:a:0:1::99",
                "100.64.1.1", "11.1.1.1", "20.118.99.224")) {
            pool.add(IpAddress.parse(a));
        }
        List<IpAddress> in = new ArrayList<>();
        for (IpAddress a : pool) {
            if (!oracle.hosts(endpoint, a, true).isEmpty()) {
                in.add(a);
            }
        }
        java.util.Collections.shuffle(in, random);
        return in.subList(0, Math.min(8, in.size()));
    }
}
