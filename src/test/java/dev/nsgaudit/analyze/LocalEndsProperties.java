package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.rules.LocalEnds;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.GenTopologies;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.ServiceTags;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rule-outside-attachments} decided on address sets and memberships ({@link LocalEnds}) against the header
 * space's decision it replaced (the rule's {@code HeaderSpace.matches} met with the union of the attachments'
 * endpoint sets, memberships fixed among the ASGs the NSG names): the same answer for every certain rule of every
 * attached NSG, direction and view, on the evaluator's random topologies changed at random to hold what the
 * decision reads: NICs of unresolved membership, subnets of unresolved prefixes, networks of unresolved address
 * space (their ASGs' members then anywhere) or of one that leaves out their subnets (their ASGs' members then
 * placed where no NIC is), an ASG with no member, and rules aimed at single NICs and at ASGs.
 */
class LocalEndsProperties {

    private static final ServiceTags TAGS = ServiceTags.bundled();
    private static final String EMPTY_ASG = "asg-empty";

    record Case(Topology topology, long seed) {
        @Override
        public String toString() {
            return "seed " + seed + ": " + topology;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(GenTopologies.topologies(), Arbitraries.longs())
                .as((t, seed) -> new Case(changed(t, new Random(seed)), seed));
    }

    @Property(tries = 300)
    void theSameAnswerAsTheHeaderSpace(@ForAll("cases") Case c) {
        Topology t = c.topology();
        Set<String> asgs = Analyzer.asgNames(t);
        Map<String, AddressSet> where = Analyzer.memberAddresses(t);
        FlowEvaluator evaluator = new FlowEvaluator(t, TAGS);
        Attachments attachments = new Attachments(t);
        try (HeaderSpace space = new HeaderSpace(asgs, where)) {
            EndpointSpaces endpoints = new EndpointSpaces(t, space);
            for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
                if (!attachments.isAttached(nsg)) {
                    continue;
                }
                for (Direction d : Direction.values()) {
                    List<List<CompiledRule>> views = new ArrayList<>();
                    Set<String> named = new HashSet<>();
                    for (VirtualNetwork vnet : attachments.views(nsg)) {
                        List<CompiledRule> rules = evaluator.compiled(nsg.name(), evaluator.view(vnet)).rules(d);
                        views.add(rules);
                        named.addAll(NsgSets.namedBy(rules));
                    }
                    LocalEnds ends = LocalEnds.of(nsg, d, attachments, endpoints, named, asgs::contains, where);
                    BDD local = localSpace(space, endpoints, attachments, nsg, d, named);
                    for (List<CompiledRule> rules : views) {
                        for (CompiledRule r : rules) {
                            if (r.isDefault() || !r.certain()) {
                                continue;
                            }
                            boolean expected = outside(space, r, local);
                            Statistics.label("outside").collect(expected);
                            assertThat(ends.outside(r)).as("%s %s %s", nsg.name(), d, r).isEqualTo(expected);
                        }
                    }
                    local.free();
                }
            }
        }
    }

    /** The header space's decision: the rule matches some packet, and none whose local end is in {@code local}. */
    private static boolean outside(HeaderSpace space, CompiledRule r, BDD local) {
        BDD match = space.matches(r);
        BDD inside = match.and(local);
        boolean out = !match.isZero() && inside.isZero();
        match.free();
        inside.free();
        return out;
    }

    /** Every local endpoint of the NSG's attachments as a header-space set: subnet hosts and NIC configurations. */
    private static BDD localSpace(HeaderSpace space, EndpointSpaces endpoints, Attachments attachments,
                                  NetworkSecurityGroup nsg, Direction d, Set<String> named) {
        BDD local = space.none();
        for (Topology.SubnetRef subnet : attachments.subnets(nsg)) {
            local.orWith(d == Direction.INBOUND ? endpoints.subnetAsDestination(subnet, named)
                    : endpoints.subnetAsSource(subnet, named));
        }
        for (NetworkInterface nic : attachments.nics(nsg)) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                local.orWith(d == Direction.INBOUND ? endpoints.asDestination(ip, named)
                        : endpoints.asSource(ip, named));
            }
        }
        return local;
    }

    // ---- the changes ----------------------------------------------------------------------------------------------

    private static final UnresolvedValue UNKNOWN = new UnresolvedValue("x", "[parameters('x')]", "test");

    private static UnresolvedValue unresolved(String property) {
        return new UnresolvedValue(property, UNKNOWN.expression(), UNKNOWN.reason());
    }

    static Topology changed(Topology t, Random random) {
        List<VirtualNetwork> vnets = new ArrayList<>();
        for (VirtualNetwork v : t.virtualNetworks()) {
            List<Subnet> subnets = new ArrayList<>();
            for (Subnet s : v.subnets()) {
                subnets.add(random.nextInt(8) == 0 ? new Subnet(s.name(), s.addressPrefixes(),
                        s.networkSecurityGroup(), List.of(unresolved("addressPrefix")), s.source()) : s);
            }
            List<UnresolvedValue> unknown = random.nextInt(6) == 0 ? List.of(unresolved("addressSpace"))
                    : v.unresolved();
            // An address space that leaves out the subnets: its ASGs' members are placed where its NICs are not.
            List<String> space = random.nextInt(6) == 0 ? List.of("10.200.0.0/16", "fd00:ff::/48") : v.addressSpace();
            vnets.add(new VirtualNetwork(v.name(), space, v.peerings(), v.onPremisesPrefixes(), subnets, unknown,
                    v.source()));
        }
        List<NetworkInterface> nics = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (NetworkInterface n : t.networkInterfaces()) {
            List<IpConfiguration> ips = new ArrayList<>();
            for (IpConfiguration ip : n.ipConfigurations()) {
                if (ip.privateIPAddress() != null) {
                    addresses.add(ip.privateIPAddress());
                }
                ips.add(random.nextInt(5) == 0 ? new IpConfiguration(ip.name(), ip.subnet(), ip.privateIPAddress(),
                        ip.privateIPAddressVersion(), ip.applicationSecurityGroups(),
                        List.of(unresolved("applicationSecurityGroups")), ip.source()) : ip);
            }
            nics.add(new NetworkInterface(n.name(), ips, n.networkSecurityGroup(), n.unresolved(), n.source()));
        }
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            List<SecurityRule> rules = new ArrayList<>(nsg.securityRules());
            for (int i = 0; i < 6; i++) {
                rules.add(aimed(random, addresses, 4000 + i * 10, i % 2 == 0 ? "Inbound" : "Outbound", i));
            }
            nsgs.add(new NetworkSecurityGroup(nsg.name(), rules, nsg.unresolved(), nsg.source()));
        }
        List<ApplicationSecurityGroup> asgs = new ArrayList<>(t.applicationSecurityGroups());
        asgs.add(new ApplicationSecurityGroup(EMPTY_ASG, null));
        return new Topology(vnets, asgs, nics, nsgs);
    }

    /** A rule whose local side is one NIC's address, a subnet's range, an ASG (the empty one too) or anything. */
    private static SecurityRule aimed(Random random, List<String> addresses, int priority, String direction, int i) {
        String[] locals = {"asg-web", "asg-db", "asg-ops", EMPTY_ASG, "10.0.2.0/24", "10.0.1.0/25", "*",
                "fd00:a:0:1::/64", "192.168.7.0/24"};
        String[] remotes = {"*", "Internet", "VirtualNetwork", "asg-web", EMPTY_ASG, "10.0.0.0/8", "fd00::/8"};
        String local = random.nextInt(3) == 0 && !addresses.isEmpty()
                ? addresses.get(random.nextInt(addresses.size())) : locals[random.nextInt(locals.length)];
        String remote = remotes[random.nextInt(remotes.length)];
        String[] protocols = {"*", "Tcp", "Icmp", "Udp"};
        String[] ports = {"*", "443", "0-65535", "22"};
        boolean inbound = direction.equals("Inbound");
        SecurityRule.Builder b = SecurityRule.builder("aimed" + i).priority(priority).direction(direction)
                .access(random.nextBoolean() ? "Allow" : "Deny").protocol(protocols[random.nextInt(protocols.length)])
                .sourcePortRange("*").destinationPortRange(ports[random.nextInt(ports.length)]);
        side(b, inbound ? remote : local, true);
        side(b, inbound ? local : remote, false);
        return b.build();
    }

    private static void side(SecurityRule.Builder b, String value, boolean source) {
        boolean asg = value.startsWith("asg-");
        if (source) {
            if (asg) {
                b.sourceApplicationSecurityGroups(List.of(value));
            } else {
                b.sourceAddressPrefix(value);
            }
        } else if (asg) {
            b.destinationApplicationSecurityGroups(List.of(value));
        } else {
            b.destinationAddressPrefix(value);
        }
    }
}
