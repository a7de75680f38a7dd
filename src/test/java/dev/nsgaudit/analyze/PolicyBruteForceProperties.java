package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.policies.PolicyChecker;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.AddressPrefixItem;
import dev.nsgaudit.model.AdminRule;
import dev.nsgaudit.model.AdminRuleCollection;
import dev.nsgaudit.model.NetworkGroup;
import dev.nsgaudit.model.SecurityAdminConfiguration;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.reference.ReferenceEvaluator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Policies against brute force, on topologies small enough to list every host: two VNets of /29 subnets (three
 * usable addresses each), peered or not, the second one sometimes reusing the first one's addresses (allowed when
 * unpeered), static and dynamic NICs with one or two IP configurations in ASGs, random NSGs on subnets and NICs.
 * For every policy, every pair of concrete hosts of its endpoints ({@link PathOracle}: reserved addresses hold no
 * host), but a host's traffic to itself, every protocol and every class of destination ports the rules do not split,
 * each side evaluated as IP flow verify reads the other end ({@link PathOracle#seen}, the reference evaluator's D8):
 * the policy passes exactly when no packet gets the other access, fails exactly when one does, and says nothing
 * (inconclusive) exactly when there is no packet. The access is the independent reference evaluator's (and the
 * production evaluator must agree). The one policy question runs over both set algebras with the same status, message
 * and witness, and a failure's witness is one of the failing packets. ASGs have static and dynamic members, or none
 * ({@code AsgEmpty}); VNets are peered or not, and a NIC's traffic to itself (two configurations) is left out.
 */
class PolicyBruteForceProperties {

    private static final List<String> EXTERNAL = List.of("8.8.8.8", "8.8.8.9");

    record Case(Topology topology, List<Policy> policies) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            for (Policy p : policies) {
                b.append("\n  policy ").append(p.from()).append(" -> ").append(p.to()).append(' ').append(p.protocol())
                        .append(' ').append(p.ports()).append(' ').append(p.expect().label());
            }
            return b + "\n  " + topology;
        }
    }

    record NicSpec(int subnet, int address, boolean dynamic, List<String> asgs, boolean second, int nsg) {
    }


    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<NicSpec> nic = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(4, 6), Arbitraries.of(false, false, true),
                Arbitraries.<List<String>>of(List.of(), List.of("AsgA"), List.of("AsgB"), List.of("AsgA", "AsgB")),
                Arbitraries.of(false, false, true), Arbitraries.integers().between(-1, 1))
                .as(NicSpec::new);
        Arbitrary<List<SecurityRule>> rules = rule().list().ofMinSize(0).ofMaxSize(6)
                .uniqueElements(r -> r.direction() + r.priority());
        Arbitrary<Topology> topologies = Combinators.combine(Arbitraries.integers().between(0, 2),
                nic.list().ofMinSize(1).ofMaxSize(4), rules.list().ofSize(2), Arbitraries.integers().between(-1, 1),
                Arbitraries.integers().between(-1, 1), Arbitraries.integers().between(-1, 1))
                .as(PolicyBruteForceProperties::topology);
        Arbitrary<Topology> withAdmin = Combinators.combine(topologies, Arbitraries.integers().between(0, 4),
                adminRule().list().ofMinSize(1).ofMaxSize(5).uniqueElements(r -> r.direction() + r.priority()))
                .as(PolicyBruteForceProperties::withAdminRules);
        return withAdmin.flatMap(t -> policy(t).list().ofMinSize(1).ofMaxSize(4).map(ps -> new Case(t, ps)));
    }

    /**
     * Security admin rules in front of the NSGs: one configuration whose one collection applies to a network group
     * of {@code members}: 0 none (no admin rule at all), 1 VNet va, 2 VNet vb, 3 both, 4 the subnet va/s1.
     */
    static Topology withAdminRules(Topology t, int members, List<AdminRule> rules) {
        if (members == 0) {
            return t;
        }
        List<String> names = List.<List<String>>of(List.of(), List.of("va"), List.of("vb"), List.of("va", "vb"),
                List.of("va/s1"))
                .get(members);
        NetworkGroup group = new NetworkGroup("nm", "group", null, members == 4 ? NetworkGroup.MEMBER_SUBNET
                : NetworkGroup.MEMBER_VIRTUAL_NETWORK, names, false, null, null);
        SecurityAdminConfiguration configuration = new SecurityAdminConfiguration("nm", "config", null,
                List.of(new AdminRuleCollection("collection", null, List.of("group"), rules, null, null)), null, null);
        return t.withNetworkManagers(List.of(group), List.of(configuration));
    }

    static Arbitrary<AdminRule> adminRule() {
        Arbitrary<List<AddressPrefixItem>> side = Arbitraries.of(List.of(), List.of(AddressPrefixItem.ipPrefix("*")),
                List.of(AddressPrefixItem.ipPrefix("10.0.0.0/29")), List.of(AddressPrefixItem.ipPrefix("10.0.0.5")),
                List.of(AddressPrefixItem.ipPrefix("10.0.0.8/29"), AddressPrefixItem.ipPrefix("10.0.1.0/29")),
                List.of(AddressPrefixItem.ipPrefix("8.8.8.8")), List.of(AddressPrefixItem.serviceTag("VirtualNetwork")),
                List.of(AddressPrefixItem.serviceTag("Internet")));
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.of("Inbound", "Outbound"),
                        Arbitraries.of("Allow", "AlwaysAllow", "Deny"), Arbitraries.of("Any", "Tcp", "Udp", "Icmp"),
                        side, side, Arbitraries.<List<String>>of(List.of(), List.of("22"), List.of("80"),
                                List.of("20-25", "80")))
                .as((priority, direction, access, protocol, src, dst, ports) -> AdminRule.builder(
                                "a" + direction.charAt(0) + priority).priority(priority).direction(direction)
                        .access(access).protocol(protocol).sources(src).destinations(dst).destinationPortRanges(ports)
                        .build());
    }

    /**
     * {@code network}: 0 the VNets are peered, 1 not peered, 2 not peered and vb reuses the addresses of va/s1.
     * NSG indexes -1 mean none.
     */
    static Topology topology(int network, List<NicSpec> specs, List<List<SecurityRule>> nsgRules, int onS1, int onS2,
                             int onVb) {
        String vbSpace = network == 2 ? "10.0.0.0/29" : "10.0.1.0/29";
        List<VirtualNetwork> vnets = List.of(
                new VirtualNetwork("va", List.of("10.0.0.0/28"), network == 0 ? List.of("vb") : List.of(), List.of(),
                        List.of(new Subnet("s1", List.of("10.0.0.0/29"), nsg(onS1), null),
                                new Subnet("s2", List.of("10.0.0.8/29"), nsg(onS2), null)), null),
                new VirtualNetwork("vb", List.of(vbSpace), List.of(), List.of(),
                        List.of(new Subnet("s1", List.of(vbSpace), nsg(onVb), null)), null));
        String[] bases = {"10.0.0.", "10.0.0.", network == 2 ? "10.0.0." : "10.0.1."};
        int[] offsets = {0, 8, 0};
        String[] refs = {"va/s1", "va/s2", "vb/s1"};
        List<NetworkInterface> nics = new ArrayList<>();
        Set<String> taken = new TreeSet<>();
        for (int i = 0; i < specs.size(); i++) {
            NicSpec n = specs.get(i);
            List<IpConfiguration> ips = new ArrayList<>();
            String address = bases[n.subnet()] + (offsets[n.subnet()] + n.address());
            if (n.dynamic() || !taken.add(refs[n.subnet()] + address)) {
                ips.add(new IpConfiguration("ipconfig1", refs[n.subnet()], null, "IPv4", n.asgs(), null));
            } else {
                ips.add(new IpConfiguration("ipconfig1", refs[n.subnet()], address, "IPv4", n.asgs(), null));
            }
            if (n.second()) {
                // A second configuration in the same subnet, dynamic: the VM has two addresses.
                ips.add(new IpConfiguration("ipconfig2", refs[n.subnet()], null, "IPv4", List.of("AsgB"), null));
            }
            nics.add(new NetworkInterface("nic" + i, ips, nsg(n.nsg()), null));
        }
        List<NetworkSecurityGroup> nsgs = List.of(new NetworkSecurityGroup("nsg0", nsgRules.get(0), null),
                new NetworkSecurityGroup("nsg1", nsgRules.get(1), null));
        // AsgEmpty has no member: a rule naming it never matches, a policy endpoint naming it stands for no host.
        return new Topology(vnets, List.of(new ApplicationSecurityGroup("AsgA", null),
                new ApplicationSecurityGroup("AsgB", null), new ApplicationSecurityGroup("AsgEmpty", null)), nics, nsgs);
    }

    private static String nsg(int i) {
        return i < 0 ? null : "nsg" + i;
    }

    static Arbitrary<SecurityRule> rule() {
        Arbitrary<String> address = Arbitraries.of("*", "VirtualNetwork", "Internet", "10.0.0.0/29", "10.0.0.4/31",
                "10.0.0.5", "10.0.0.8/29", "10.0.1.0/29", "10.0.0.0/16", "8.8.8.8", "ASG:AsgA", "ASG:AsgB",
                "ASG:AsgEmpty");
        return Combinators.combine(Arbitraries.integers().between(100, 140), Arbitraries.of("Inbound", "Outbound"),
                        Arbitraries.of("Allow", "Deny"), Arbitraries.of("*", "Tcp", "Udp", "Icmp"), address, address,
                        Arbitraries.of("*", "22", "80", "20-25", "80-443"))
                .as((priority, direction, access, protocol, src, dst, ports) -> {
                    SecurityRule.Builder b = SecurityRule.builder("r" + direction.charAt(0) + priority).priority(priority)
                            .direction(direction).access(access).protocol(protocol).sourcePortRange("*")
                            .destinationPortRange(ports);
                    b = src.startsWith("ASG:") ? b.sourceApplicationSecurityGroups(List.of(src.substring(4)))
                            : b.sourceAddressPrefix(src);
                    b = dst.startsWith("ASG:") ? b.destinationApplicationSecurityGroups(List.of(dst.substring(4)))
                            : b.destinationAddressPrefix(dst);
                    return b.build();
                });
    }

    static Arbitrary<Policy> policy(Topology t) {
        List<String> named = new ArrayList<>();
        t.networkInterfaces().forEach(n -> named.add("nic:" + n.name()));
        named.addAll(List.of("asg:AsgA", "asg:AsgB", "asg:AsgEmpty", "subnet:va/s1", "subnet:va/s2", "subnet:vb/s1", "vnet:va",
                "vnet:vb", "10.0.0.4/31", "10.0.0.5", "10.0.0.0/28", "8.8.8.8/31"));
        Arbitrary<String> endpoint = Arbitraries.of(named);
        return Combinators.combine(endpoint, endpoint, Arbitraries.of("Tcp", "Udp", "*", "Icmp"),
                        Arbitraries.of("*", "22", "80", "20-25"), Arbitraries.of(Policy.Expect.values()))
                .as((from, to, protocol, ports, expect) -> new Policy("p", null, from, to, protocol, ports, "*", expect,
                        Severity.ERROR, SourceRef.UNKNOWN));
    }

    /**
     * The one policy question ({@code PolicyQuestion}) over both set algebras (box lists where they cover the policy,
     * BDDs for every policy) against brute force with the independent reference evaluator, which shares no code with
     * production; the production evaluator's brute force must give the same failing packets.
     */
    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void statusIsTheReferenceAnswerOnBothAlgebras(@ForAll("cases") Case c) {
        FlowEvaluator evaluator = new FlowEvaluator(c.topology(), ServiceTags.bundled());
        PathOracle oracle = new PathOracle(c.topology(), evaluator);
        ReferenceEvaluator reference = new ReferenceEvaluator(c.topology());
        try (Analyzer analyzer = new Analyzer(c.topology(), ServiceTags.bundled())) {
            PolicyChecker boxes = analyzer.policyChecker(true);
            PolicyChecker bdds = analyzer.policyChecker(false);
            for (Policy p : c.policies()) {
                int before = boxes.decidedOnBoxes();
                PolicyResult onBoxes = boxes.check(p);
                PolicyResult onBdds = bdds.check(p);
                String what = "\n  boxes: " + onBoxes.message() + "\n  BDDs:  " + onBdds.message() + "\n" + c;
                assertEquals(onBdds.status(), onBoxes.status(), what);
                assertEquals(onBdds.message(), onBoxes.message(), what);
                assertEquals(onBdds.witness(), onBoxes.witness(), what);
                Truth truth = bruteForce(oracle, p, (s, d, seen) -> referenceAccess(c.topology(), reference, s, d,
                        seen[0], seen[1]).equals(EnumSet.of(p.expect() == Policy.Expect.ALLOW ? Access.DENY : Access.ALLOW)));
                Truth byEvaluator = bruteForce(oracle, p, (s, d, seen) -> oracle.possible(s, d, seen[0], seen[1])
                        .contains(p.expect() == Policy.Expect.ALLOW ? Access.DENY : Access.ALLOW));
                assertEquals(truth.failing(), byEvaluator.failing(), "the evaluator and the reference disagree" + what);
                Statistics.label("status").collect(onBoxes.status().label() + " " + p.expect().label()
                        + (boxes.decidedOnBoxes() > before ? " (box lists)" : " (BDDs only)"));
                PolicyResult.Status expected = truth.packets() == 0 ? PolicyResult.Status.INCONCLUSIVE
                        : truth.failing().isEmpty() ? PolicyResult.Status.PASS : PolicyResult.Status.FAIL;
                assertEquals(expected, onBoxes.status(), "brute force: " + truth.packets() + " packets, failing "
                        + truth.failing().stream().limit(5).toList() + what);
                if (expected == PolicyResult.Status.FAIL) {
                    Witness w = onBoxes.witness();
                    String key = w.sourceAddress() + ">" + w.destinationAddress() + " " + w.protocol() + " "
                            + truth.portClass(w.destinationPort());
                    assertTrue(truth.failing().contains(key), "witness " + key + " is no failing packet: "
                            + truth.failing().stream().limit(5).toList() + what);
                }
            }
            boxes.free();
            bdds.free();
        }
    }

    /** Whether the packet, as each side's rules see it ({@code seen}: source's view, destination's view), fails. */
    interface Fails {
        boolean test(PathOracle.Host s, PathOracle.Host d, Packet[] seen);
    }

    /**
     * The access the reference evaluator gives a packet between two hosts: the source's NSGs outbound on {@code p} (the
     * packet as the source's rules see it), then the destination's inbound on {@code q}; denied when either denies.
     */
    static Set<Access> referenceAccess(Topology t, ReferenceEvaluator reference, PathOracle.Host s, PathOracle.Host d,
                                       Packet p, Packet q) {
        if (denies(t, reference, s, false, p) || denies(t, reference, d, true, q)) {
            return EnumSet.of(Access.DENY);
        }
        return EnumSet.of(Access.ALLOW);
    }

    private static boolean denies(Topology t, ReferenceEvaluator reference, PathOracle.Host h, boolean inbound, Packet p) {
        if (h.kind() == PathOracle.Kind.EXTERNAL) {
            return false;
        }
        ReferenceEvaluator.Pkt pkt = new ReferenceEvaluator.Pkt(p.protocol().label(), p.sourceAddress().toString(),
                p.sourcePort(), p.sourceAsgs(), p.destinationAddress().toString(), p.destinationPort(),
                p.destinationAsgs());
        // The security admin rules first: AlwaysAllow and Deny end the evaluation, the NSGs decide the rest.
        String admin = reference.adminOutcome(h.subnet().virtualNetwork(), h.subnet().subnet(), inbound, pkt);
        if (!admin.equals("Continue")) {
            return admin.equals("Deny");
        }
        List<ReferenceEvaluator.PathNsg> path = new ArrayList<>();
        String subnetNsg = h.subnet().subnet().networkSecurityGroup();
        if (subnetNsg != null) {
            path.add(new ReferenceEvaluator.PathNsg(t.networkSecurityGroup(subnetNsg).orElseThrow(),
                    "subnet:" + h.subnet().reference()));
        }
        if (h.kind() == PathOracle.Kind.NIC && h.nic().networkSecurityGroup() != null) {
            ReferenceEvaluator.PathNsg nic = new ReferenceEvaluator.PathNsg(
                    t.networkSecurityGroup(h.nic().networkSecurityGroup()).orElseThrow(), "nic:" + h.nic().name());
            path.add(inbound ? path.size() : 0, nic);
        }
        return ReferenceEvaluator.evaluate(path, inbound, reference.vnetTag(h.subnet().virtualNetwork()), pkt)
                .access().equals("Deny");
    }

    /** How many packets the policy is about, and those that get the other access (source>destination protocol port). */
    record Truth(int packets, Set<String> failing, List<Integer> cuts) {
        /** The port standing for the port's class (the start of its stretch), "-" for none. */
        String portClass(Integer port) {
            if (port == null) {
                return "-";
            }
            int start = 0;
            for (int c : cuts) {
                if (c <= port) {
                    start = c;
                }
            }
            return String.valueOf(start);
        }
    }

    static Truth bruteForce(PathOracle oracle, Policy p, Fails fails) {
        Topology t = oracle.topology();
        List<IpAddress> universe = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            universe.add(IpAddress.parse("10.0.0." + i));
        }
        for (int i = 0; i < 8; i++) {
            universe.add(IpAddress.parse("10.0.1." + i));
        }
        EXTERNAL.forEach(a -> universe.add(IpAddress.parse(a)));
        // Destination ports: one port per stretch that no rule or the policy splits.
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0));
        List<PortSet> sets = new ArrayList<>();
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            for (SecurityRule r : nsg.securityRules()) {
                sets.add(PortField.parse("p", r.destinationPortRange(), List.of()).ports());
            }
        }
        t.securityAdminConfigurations().forEach(c -> c.ruleCollections().forEach(col -> col.rules().forEach(r ->
                r.destinationPortRanges().forEach(x -> sets.add(PortField.parse("p", x, List.of()).ports())))));
        PortSet policyPorts = PortField.parse("ports", p.ports(), List.of()).ports();
        sets.add(policyPorts);
        for (PortSet s : sets) {
            for (int i = 0; i < s.rangeCount(); i++) {
                cuts.add(s.start(i));
                if (s.end(i) < PortSet.MAX_PORT) {
                    cuts.add(s.end(i) + 1);
                }
            }
        }
        List<Protocol> protocols = new ArrayList<>();
        for (Protocol proto : Protocol.values()) {
            if ((Protocol.ruleMask(p.protocol()).orElseThrow() & proto.mask()) != 0
                    && (proto.hasPorts() || policyPorts.isAll())) {
                protocols.add(proto);
            }
        }
        int packets = 0;
        Set<String> failing = new TreeSet<>();
        List<PathOracle.Host> sources = new ArrayList<>();
        List<PathOracle.Host> destinations = new ArrayList<>();
        for (IpAddress a : universe) {
            sources.addAll(oracle.hosts(p.from(), a, false));
            destinations.addAll(oracle.hosts(p.to(), a, false));
        }
        for (PathOracle.Host s : sources) {
            for (PathOracle.Host d : destinations) {
                for (Protocol proto : protocols) {
                    for (int port : proto.hasPorts() ? List.copyOf(cuts) : List.of(-1)) {
                        if (proto.hasPorts() && !policyPorts.contains(port)) {
                            continue;
                        }
                        Packet packet = new Packet(proto, s.address(), proto.hasPorts() ? 1000 : -1, s.asgs(),
                                d.address(), port, d.asgs());
                        if (PathOracle.self(s, d, packet)) {
                            continue;
                        }
                        packets++;
                        for (Packet[] seen : oracle.seen(s, d, packet)) {
                            if (fails.test(s, d, seen)) {
                                failing.add(s.address() + ">" + d.address() + " " + proto.label() + " "
                                        + (port < 0 ? "-" : String.valueOf(port)));
                            }
                        }
                    }
                }
            }
        }
        return new Truth(packets, failing, List.copyOf(cuts));
    }
}
