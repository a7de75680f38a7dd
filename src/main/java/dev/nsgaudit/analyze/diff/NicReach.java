package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.analyze.space.Membership;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.semantics.NetworkView;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one version of the input lets reach (inbound) or leave (outbound) one NIC IP configuration, through the
 * security admin rules of its network and its subnet's and its NIC's NSG, as bounds over plain packets (protocol, addresses, ports; no ASG membership), so that
 * two versions with different memberships can be compared packet by packet.
 *
 * <p>The remote end is read as IP flow verify reads it (D8, {@link Endpoints#holders}): an address is whoever may hold
 * it in the NIC's own and peered networks. Where several holders may answer differently, the packet is allowed in the
 * low bound only when every holder is allowed, and in the high bound when one is. The bounds of the layers come from
 * {@link FirstMatch} (unresolved values, tied priorities, D7) over the box algebra shared by both versions.
 */
final class NicReach {

    /** Packets allowed whatever unresolved values turn out ({@code low}) and packets that may be allowed ({@code high}). */
    record Bounds(BoxSet low, BoxSet high) {
        static final Bounds NONE = new Bounds(BoxSet.EMPTY, BoxSet.EMPTY);
    }

    private final BoxAlgebra algebra;
    private final FirstMatch<BoxSet> firstMatch;
    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final Endpoints endpoints;
    private final Map<CompiledRule, BoxSet> matches = new java.util.IdentityHashMap<>();
    /** The security admin rules in front of the NSGs ({@link AdminSets}, as the policies compose them). */
    private final AdminRules admin;
    private final AdminSets<BoxSet> adminSets;

    NicReach(BoxAlgebra algebra, Topology topology, FlowEvaluator evaluator) {
        this(algebra, topology, evaluator, new AdminRules(topology, evaluator.serviceTags(), evaluator::view));
    }

    NicReach(BoxAlgebra algebra, Topology topology, FlowEvaluator evaluator, AdminRules admin) {
        this.admin = admin;
        this.algebra = algebra;
        this.firstMatch = new FirstMatch<>(algebra);
        this.adminSets = new AdminSets<>(firstMatch);
        this.topology = topology;
        this.evaluator = evaluator;
        this.endpoints = new Endpoints(topology);
    }

    /** The local addresses of a configuration: its static address, or its subnet's usable range (D8); empty if unknown. */
    AddressSet localAddresses(IpConfiguration ip) {
        if (!ip.isDynamic() && !ip.isUnresolved("privateIPAddress")) {
            IpAddress a = Endpoints.parseOrNull(ip.privateIPAddress());
            return a == null ? AddressSet.EMPTY : AddressSet.ofRanges(List.of(new IpRange(a, a)));
        }
        Optional<IpRange> range = endpoints.usableRange(ip);
        return range.map(r -> AddressSet.ofRanges(List.of(r))).orElse(AddressSet.EMPTY);
    }

    /** The bounds of one configuration and direction; null when its subnet is not known (nothing can be said). */
    Bounds of(NetworkInterface nic, IpConfiguration ip, Direction direction) {
        return of(nic, ip, direction, null);
    }

    /**
     * The bounds within {@code focus}, a set of packets without memberships (null: everywhere): first match and the
     * projection over memberships decide packet by packet, so these are the whole bounds within the focus.
     */
    Bounds of(NetworkInterface nic, IpConfiguration ip, Direction direction, BoxSet focus) {
        return of(nic, ip, direction, focus, localAddresses(ip));
    }

    /** The same with the configuration's local addresses given (the other hosts of a subnet: all its prefixes). */
    Bounds of(NetworkInterface nic, IpConfiguration ip, Direction direction, BoxSet focus, AddressSet local) {
        Optional<Topology.SubnetRef> subnet = topology.subnet(ip.subnet());
        if (subnet.isEmpty() || local.isEmpty()) {
            return null;
        }
        VirtualNetwork vnet = subnet.get().virtualNetwork();
        NetworkView view = evaluator.view(vnet);
        boolean inbound = direction == Direction.INBOUND;
        BoxSet region = region(ip, local, inbound, vnet);
        if (focus != null) {
            region = algebra.intersect(region, focus);
        }
        AdminLayer adminLayer = admin.layer(subnet.get());
        AdminSets.Parts<BoxSet> lowAdmin = adminSets.split(adminLayer, direction, region, FirstMatch.Bound.LOW);
        AdminSets.Parts<BoxSet> highAdmin = adminSets.split(adminLayer, direction, region, FirstMatch.Bound.HIGH);
        BoxSet[] low = {lowAdmin.toNsgs()};
        BoxSet[] high = {highAdmin.toNsgs()};
        // What the low bound leaves out of the region, as the layers deny it: first match cuts its input into what it
        // allows and what it denies, so these parts are the region minus the low bound without subtracting it.
        List<BoxSet> lowDenied = new ArrayList<>();
        lowDenied.add(lowAdmin.denied());
        layer(subnet.get().subnet().networkSecurityGroup(), subnet.get().subnet().isUnresolved("networkSecurityGroup"),
                view, direction, low, high, lowDenied);
        layer(nic.networkSecurityGroup(), nic.isUnresolved("networkSecurityGroup"), view, direction, low, high,
                lowDenied);
        high[0] = algebra.union(highAdmin.alwaysAllowed(), high[0]);
        // Low: every holder of the remote address allowed, i.e. no holder of it outside the low bound.
        BoxSet lowProjected = algebra.minus(anyMembership(region), anyMembership(algebra.unionAll(lowDenied)));
        return new Bounds(lowProjected, anyMembership(high[0]));
    }

    /** The packets at this configuration: its addresses with its membership locally, every producible remote end. */
    private BoxSet region(IpConfiguration ip, AddressSet local, boolean inbound, VirtualNetwork vnet) {
        BoxSet localEnd = inbound ? algebra.destinationAddresses(local) : algebra.sourceAddresses(local);
        if (!ip.isUnresolved("applicationSecurityGroups")) {
            Set<String> asgs = new LinkedHashSet<>();
            ip.applicationSecurityGroups().forEach(a -> asgs.add(Topology.key(a)));
            BoxSet member = inbound ? algebra.destinationMembership(asgs) : algebra.sourceMembership(asgs);
            localEnd = algebra.intersect(localEnd, member);
        }
        List<HostUniverse.Hosts> groups = new ArrayList<>();
        for (Endpoints.Holder h : endpoints.holders(AddressSet.ALL, endpoints.reachableFrom(vnet))) {
            if (h.member() == null) {
                groups.add(new HostUniverse.Hosts(h.addresses(), Set.of()));
            } else if (h.member().ipConfiguration().isUnresolved("applicationSecurityGroups")) {
                groups.add(new HostUniverse.Hosts(h.addresses(), null));
            } else {
                groups.add(new HostUniverse.Hosts(h.addresses(), h.member().asgKeys()));
            }
        }
        BoxSet remoteEnd = algebra.hosts(new HostUniverse(groups, List.of()), inbound);
        return algebra.intersect(algebra.intersect(localEnd, remoteEnd), algebra.anyTraffic());
    }

    /** Narrows the bounds by one NSG layer: a missing NSG lets everything through, an unknown one bounds nothing. */
    private void layer(String nsgName, boolean unresolved, NetworkView view, Direction direction,
                       BoxSet[] low, BoxSet[] high, List<BoxSet> lowDenied) {
        if (nsgName == null && !unresolved) {
            return;
        }
        if (unresolved || topology.networkSecurityGroup(nsgName).isEmpty()) {
            lowDenied.add(low[0]);
            low[0] = BoxSet.EMPTY;
            return;
        }
        List<CompiledRule> rules = evaluator.compiled(nsgName, view).rules(direction);
        int[] order = FirstMatch.every(rules);
        BoxSet l = firstMatch.allowed(rules, i -> match(rules.get(i)), order, low[0], FirstMatch.Bound.LOW,
                direction, lowDenied::add);
        // The bound only reaches first match through uncertain rules and ties of another access: without either, the
        // same packets in give the same packets out, so the high bound is the low one.
        BoxSet h = sameBoxes(low[0], high[0]) && boundFree(rules) ? l : firstMatch.allowed(rules,
                i -> match(rules.get(i)), order, high[0], FirstMatch.Bound.HIGH, direction, null);
        low[0] = l;
        high[0] = h;
    }

    /** Whether both sets are the same boxes in the same order (then first match gives both the same result). */
    private static boolean sameBoxes(BoxSet a, BoxSet b) {
        return a == b || a.boxes().equals(b.boxes());
    }

    /**
     * Whether {@link FirstMatch#effect} and the ties of {@code FirstMatch} read nothing of the bound: every rule is
     * certain, and no two rules of one priority (adjacent in the list, which is in priority order) differ in access.
     */
    static boolean boundFree(List<CompiledRule> rules) {
        for (int k = 0; k < rules.size(); k++) {
            CompiledRule r = rules.get(k);
            if (!r.certain()) {
                return false;
            }
            if (k + 1 < rules.size() && rules.get(k + 1).priority() == r.priority()
                    && rules.get(k + 1).access() != r.access()) {
                return false;
            }
        }
        return true;
    }

    private BoxSet match(CompiledRule rule) {
        return matches.computeIfAbsent(rule, algebra::matches);
    }

    /** The same packets whatever the ends' ASG memberships: the verdict of a packet is then a question of its fields. */
    static BoxSet anyMembership(BoxSet set) {
        List<PacketBox> out = new ArrayList<>(set.boxes().size());
        Set<PacketBox> seen = new java.util.HashSet<>();
        for (PacketBox b : set.boxes()) {
            PacketBox p = new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(),
                    b.destinationAddresses(), b.destinationPorts(), Membership.ANY, Membership.ANY);
            if (seen.add(p)) {
                out.add(p);
            }
        }
        return BoxSet.owning(out);
    }
}
