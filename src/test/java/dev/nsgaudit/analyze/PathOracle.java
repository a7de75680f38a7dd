package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.eval.Evaluation;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.AdminRules;
import java.util.Locale;
import java.util.Set;

/**
 * The reference for flow policies, packet by packet: who an endpoint's address can be (SPEC section 4 and D8,
 * written out here from the spec rather than taken from PlaceResolver), and what the NSGs on the path do with one
 * packet, taken from the evaluator ({@link CompiledNsg#decide}, {@link FlowEvaluator#evaluate}). A packet from
 * host s to host d is allowed when s's outbound layers and d's inbound layers all allow it.
 */
final class PathOracle {

    enum Kind { NIC, SUBNET_HOST, EXTERNAL }

    /** One host an endpoint address can be; {@code asgs} lower-cased. */
    record Host(Kind kind, IpAddress address, Set<String> asgs, Topology.SubnetRef subnet, NetworkInterface nic) {
    }

    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final AdminRules adminRules;

    PathOracle(Topology topology, FlowEvaluator evaluator) {
        this.topology = topology;
        this.evaluator = evaluator;
        this.adminRules = new AdminRules(topology, evaluator.serviceTags(), evaluator::view);
    }

    Topology topology() {
        return topology;
    }

    // ---- endpoints -------------------------------------------------------------------------------------------

    /**
     * The hosts of {@code endpoint} at {@code address}. Tags are seen from a virtual network; {@code strict} asks
     * for addresses that are in the tag from every view, otherwise from some view.
     */
    List<Host> hosts(String endpoint, IpAddress address, boolean strict) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        List<Host> out = new ArrayList<>();
        if (lower.startsWith("nic:") || lower.startsWith("asg:")) {
            String name = endpoint.substring(4);
            for (NetworkInterface nic : topology.networkInterfaces()) {
                for (IpConfiguration ip : nic.ipConfigurations()) {
                    boolean member = lower.startsWith("nic:") ? nic.name().equalsIgnoreCase(name)
                            : ip.applicationSecurityGroups().stream().anyMatch(a -> a.equalsIgnoreCase(name));
                    if (member && holds(ip, address)) {
                        out.add(nicHost(nic, ip, address));
                    }
                }
            }
            return out;
        }
        if (lower.startsWith("subnet:")) {
            topology.subnet(endpoint.substring(7)).ifPresent(s -> out.addAll(inSubnet(s, address)));
            return out;
        }
        if (lower.startsWith("vnet:")) {
            for (Topology.SubnetRef s : topology.subnets()) {
                if (s.virtualNetwork().name().equalsIgnoreCase(endpoint.substring(5))) {
                    out.addAll(inSubnet(s, address));
                }
            }
            return out;
        }
        if (!addresses(endpoint, strict).contains(address)) {
            return out;
        }
        boolean modeled = false;
        for (Topology.SubnetRef s : topology.subnets()) {
            if (prefixes(s).contains(address)) {
                modeled = true;
                out.addAll(inSubnet(s, address));
            }
        }
        for (VirtualNetwork vnet : topology.virtualNetworks()) {
            modeled |= AddressSet.of(vnet.addressSpace().toArray(String[]::new)).contains(address);
        }
        if (!modeled) {
            out.add(new Host(Kind.EXTERNAL, address, Set.of(), null, null));
        }
        return out;
    }

    /** A subnet's hosts at an address: NICs that have or may have it; anyone else there is a host in no ASG. */
    private List<Host> inSubnet(Topology.SubnetRef s, IpAddress address) {
        List<Host> out = new ArrayList<>();
        if (!prefixes(s).contains(address)) {
            return out;
        }
        boolean staticNic = false;
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (s.reference().equalsIgnoreCase(ip.subnet()) && holds(ip, address)) {
                    out.add(nicHost(nic, ip, address));
                    staticNic |= !ip.isDynamic();
                }
            }
        }
        if (!staticNic && !reserved(s, address)) {
            out.add(new Host(Kind.SUBNET_HOST, address, Set.of(), s, null));
        }
        return out;
    }

    /** Azure keeps the first four and the last address of each of a subnet's prefixes: no host has them. */
    private static boolean reserved(Topology.SubnetRef s, IpAddress address) {
        for (IpPrefix prefix : prefixList(s)) {
            if (prefix.family() == address.family() && AddressSet.ofPrefixes(List.of(prefix)).contains(address)) {
                IpAddress fifth = prefix.first().next().next().next().next();
                return address.compareTo(fifth) < 0 || address.equals(prefix.last());
            }
        }
        return false;
    }

    // ---- pairs -----------------------------------------------------------------------------------------------

    /**
     * A host's traffic to itself is no part of a policy (SPEC section 4): two hosts of one NIC (a VM's addresses),
     * or the same source and destination address.
     */
    static boolean self(Host s, Host d, Packet p) {
        return (s.nic() != null && d.nic() != null && s.nic().name().equalsIgnoreCase(d.nic().name()))
                || p.sourceAddress().equals(p.destinationAddress());
    }

    /**
     * The packet as each side's rules see it: {s's packet, d's packet}, one pair per way the other end can be read.
     * Hosts in networks that reach each other (same VNet, peered) see each other; otherwise the other end is whoever
     * holds its address in the local host's networks, as the reference IP flow verify reads a remote address (D8).
     */
    List<Packet[]> seen(Host s, Host d, Packet p) {
        List<Packet[]> out = new ArrayList<>();
        for (Set<String> dstSeen : seenBy(s, d)) {
            for (Set<String> srcSeen : seenBy(d, s)) {
                out.add(new Packet[] {
                        new Packet(p.protocol(), p.sourceAddress(), p.sourcePort(), p.sourceAsgs(), p.destinationAddress(),
                                p.destinationPort(), dstSeen),
                        new Packet(p.protocol(), p.sourceAddress(), p.sourcePort(), srcSeen, p.destinationAddress(),
                                p.destinationPort(), p.destinationAsgs())});
            }
        }
        return out;
    }

    /** The memberships {@code local}'s rules may see for {@code remote}. */
    private List<Set<String>> seenBy(Host local, Host remote) {
        if (local.subnet() == null || remote.subnet() == null) {
            return List.of(remote.asgs());
        }
        dev.nsgaudit.reference.ReferenceEvaluator reference = new dev.nsgaudit.reference.ReferenceEvaluator(topology);
        VirtualNetwork mine = local.subnet().virtualNetwork();
        if (reference.reachable(mine).contains(remote.subnet().virtualNetwork())) {
            return List.of(remote.asgs());
        }
        return reference.remoteIdentities(remote.address().toString(), mine).stream().distinct().toList();
    }

    private Host nicHost(NetworkInterface nic, IpConfiguration ip, IpAddress address) {
        Set<String> asgs = new LinkedHashSet<>();
        ip.applicationSecurityGroups().forEach(a -> asgs.add(a.toLowerCase(Locale.ROOT)));
        return new Host(Kind.NIC, address, asgs, topology.subnet(ip.subnet()).orElseThrow(), nic);
    }

    /**
     * A static configuration has its address; a dynamic one any of its subnet's usable addresses that no static
     * configuration of the subnet has (D8).
     */
    boolean holds(IpConfiguration ip, IpAddress address) {
        if (!ip.isDynamic()) {
            return IpAddress.parse(ip.privateIPAddress().trim()).equals(address);
        }
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration other : nic.ipConfigurations()) {
                if (!other.isDynamic() && other.subnet().equalsIgnoreCase(ip.subnet())
                        && IpAddress.parse(other.privateIPAddress().trim()).equals(address)) {
                    return false;
                }
            }
        }
        IpFamily family = ip.privateIPAddressVersion().equalsIgnoreCase("IPv6") ? IpFamily.V6 : IpFamily.V4;
        if (address.family() != family) {
            return false;
        }
        for (IpPrefix prefix : prefixList(topology.subnet(ip.subnet()).orElseThrow())) {
            if (prefix.family() == family && AddressSet.ofPrefixes(List.of(prefix)).contains(address)) {
                IpAddress first = prefix.first();
                for (int i = 0; i < 4; i++) {
                    first = first.next();
                }
                return address.compareTo(first) >= 0 && address.compareTo(prefix.last()) < 0;
            }
        }
        return false;
    }

    AddressSet prefixes(Topology.SubnetRef s) {
        return AddressSet.ofPrefixes(prefixList(s));
    }

    private static List<IpPrefix> prefixList(Topology.SubnetRef s) {
        return s.subnet().addressPrefixes().stream().map(p -> IpPrefix.parse(p).prefix()).toList();
    }

    /** The addresses of a tag, CIDR, address or {@code *} endpoint. */
    AddressSet addresses(String endpoint, boolean strict) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        if (lower.equals("*") || lower.equals("any")) {
            return AddressSet.ALL;
        }
        if (lower.equals("internet")) {
            List<NetworkView> views = new ArrayList<>();
            topology.virtualNetworks().forEach(v -> views.add(NetworkView.of(topology, v)));
            if (views.isEmpty()) {
                views.add(NetworkView.assumed());
            }
            AddressSet out = strict ? AddressSet.ALL : AddressSet.EMPTY;
            for (NetworkView v : views) {
                out = strict ? out.minus(AddressSet.ALL.minus(v.internet())) : out.union(v.internet());
            }
            return out;
        }
        return AddressSet.ofPrefixes(List.of(IpPrefix.parse(endpoint).prefix()));
    }

    // ---- verdicts --------------------------------------------------------------------------------------------

    private static Layer subnetLayer(Topology topology, Host h) {
        String nsg = h.subnet().subnet().networkSecurityGroup();
        return nsg == null || topology.networkSecurityGroup(nsg).isEmpty() ? null
                : new Layer(nsg, "subnet:" + h.subnet().reference());
    }

    private List<Layer> layers(Host h, Direction d) {
        if (h.kind() == Kind.EXTERNAL) {
            return List.of();
        }
        Layer nicLayer = null;
        if (h.kind() == Kind.NIC && h.nic().networkSecurityGroup() != null
                && topology.networkSecurityGroup(h.nic().networkSecurityGroup()).isPresent()) {
            nicLayer = new Layer(h.nic().networkSecurityGroup(), "nic:" + h.nic().name());
        }
        return FlowEvaluator.layers(d, subnetLayer(topology, h), nicLayer);
    }

    private NetworkView view(Host h) {
        return evaluator.view(h.subnet() == null ? null : h.subnet().virtualNetwork());
    }

    /**
     * The accesses the path may give the packet (one when the inputs decide it, both when they do not), {@code p} as
     * s's rules see it and {@code q} as d's do.
     */
    Set<Access> possible(Host s, Host d, Packet p, Packet q) {
        Set<Access> atSource = side(s, Direction.OUTBOUND, p);
        Set<Access> atDestination = side(d, Direction.INBOUND, q);
        Set<Access> out = EnumSet.noneOf(Access.class);
        if (atSource.contains(Access.ALLOW) && atDestination.contains(Access.ALLOW)) {
            out.add(Access.ALLOW);
        }
        if (atSource.contains(Access.DENY) || atDestination.contains(Access.DENY)) {
            out.add(Access.DENY);
        }
        return out;
    }

    /**
     * The accesses one host's side may give the packet: each outcome the security admin layer may have
     * ({@link AdminLayer#decide}), and for CONTINUE what the NSG layers may give.
     */
    private Set<Access> side(Host h, Direction direction, Packet p) {
        Set<Access> out = EnumSet.noneOf(Access.class);
        AdminLayer admin = h.kind() == Kind.EXTERNAL || h.subnet() == null ? null : adminRules.layer(h.subnet());
        Set<AdminOutcome> outcomes = admin == null ? EnumSet.of(AdminOutcome.CONTINUE)
                : admin.decide(direction, p).possibleOutcomes();
        if (outcomes.contains(AdminOutcome.ALWAYS_ALLOW)) {
            out.add(Access.ALLOW);
        }
        if (outcomes.contains(AdminOutcome.DENY)) {
            out.add(Access.DENY);
        }
        if (outcomes.contains(AdminOutcome.CONTINUE)) {
            boolean allow = true;
            for (Layer layer : layers(h, direction)) {
                Set<Access> here = layerPossible(evaluator.compiled(layer.networkSecurityGroup(), view(h)), direction, p);
                allow &= here.contains(Access.ALLOW);
                if (here.contains(Access.DENY)) {
                    out.add(Access.DENY);
                }
            }
            if (allow) {
                out.add(Access.ALLOW);
            }
        }
        return out;
    }

    /** One NSG: the first certain match and the uncertain rules before it; D7 for platform traffic. */
    private static Set<Access> layerPossible(CompiledNsg nsg, Direction d, Packet p) {
        return SmallUniverse.verdict(nsg, d, p).possible();
    }

    /** The layer decisions the evaluator gives the packet: source outbound, then (if allowed) destination inbound. */
    List<Witness.DecidedBy> trace(Host s, Host d, Packet p, Packet q) {
        List<Witness.DecidedBy> out = new ArrayList<>();
        if (stopsAtSource(s, p, out)) {
            return out;
        }
        if (d.kind() != Kind.EXTERNAL) {
            record(out, evaluator.evaluate(layers(d, Direction.INBOUND), view(d), Direction.INBOUND, q));
        }
        return out;
    }

    /** The direction of the layer that decides: the source's outbound layers when they deny, else the destination's. */
    String direction(Host s, Host d, Packet p) {
        return stopsAtSource(s, p, new ArrayList<>()) || d.kind() == Kind.EXTERNAL ? "Outbound" : "Inbound";
    }

    private boolean stopsAtSource(Host s, Packet p, List<Witness.DecidedBy> out) {
        return s.kind() != Kind.EXTERNAL
                && record(out, evaluator.evaluate(layers(s, Direction.OUTBOUND), view(s), Direction.OUTBOUND, p));
    }

    private static boolean record(List<Witness.DecidedBy> out, FlowResult r) {
        for (Evaluation e : r.evaluations()) {
            out.add(new Witness.DecidedBy(e.networkSecurityGroup(), e.appliedTo(), e.matchedRule(), e.access().label()));
        }
        if (!r.conclusive()) {
            out.add(new Witness.DecidedBy(null, null, null, "Unknown"));
            return true;
        }
        return r.access() == Access.DENY;
    }
}
