package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.semantics.AddressField;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Expands a policy endpoint into the places it stands for (SPEC section 4): {@code nic:}, {@code subnet:},
 * {@code asg:}, {@code vnet:}; an address, CIDR, tag or {@code *} is cut along the modeled subnets (their NICs
 * and other hosts) and what lies outside every modeled virtual network is external. Tags are read as seen from
 * the given view.
 */
final class PlaceResolver {

    private final Topology topology;
    private final EndpointSpaces spaces;
    private final ServiceTags serviceTags;

    PlaceResolver(Topology topology, EndpointSpaces spaces, ServiceTags serviceTags) {
        this.topology = topology;
        this.spaces = spaces;
        this.serviceTags = serviceTags;
    }

    /** Throws IllegalArgumentException naming what is wrong with the endpoint. */
    List<Place> places(String endpoint, NetworkView view) {
        String text = endpoint.trim();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("nic:")) {
            String name = text.substring(4);
            NetworkInterface nic = topology.networkInterface(name).orElseThrow(() ->
                    new IllegalArgumentException("no NIC named '" + name + "'"));
            List<Place> out = new ArrayList<>();
            for (IpConfiguration ip : nic.ipConfigurations()) {
                out.add(nicPlace(nic, ip, spaces.addresses(ip)));
            }
            return out;
        }
        if (lower.startsWith("subnet:")) {
            String ref = text.substring(7);
            Topology.SubnetRef subnet = topology.subnet(ref).orElseThrow(() ->
                    new IllegalArgumentException("no subnet '" + ref + "' (write subnet:<vnet>/<subnet>)"));
            return inSubnet(subnet, spaces.prefixes(subnet));
        }
        if (lower.startsWith("asg:")) {
            String name = text.substring(4);
            topology.applicationSecurityGroup(name).orElseThrow(() ->
                    new IllegalArgumentException("no application security group named '" + name + "'"));
            List<Place> out = new ArrayList<>();
            for (NetworkInterface nic : topology.networkInterfaces()) {
                for (IpConfiguration ip : nic.ipConfigurations()) {
                    if (ip.applicationSecurityGroups().stream().anyMatch(a -> a.equalsIgnoreCase(name))) {
                        out.add(nicPlace(nic, ip, spaces.addresses(ip)));
                    } else if (ip.isUnresolved("applicationSecurityGroups")) {
                        // may be a member: never a silent pass, never a failure on a guess
                        Place maybe = nicPlace(nic, ip, spaces.addresses(ip));
                        out.add(new Place(maybe.kind(), maybe.description() + " (ASG membership not known)",
                                maybe.nic(), maybe.ipConfiguration(), maybe.subnet(), maybe.addresses(), null, true));
                    }
                }
            }
            return out;
        }
        if (lower.startsWith("vnet:")) {
            String name = text.substring(5);
            VirtualNetwork vnet = topology.virtualNetwork(name).orElseThrow(() ->
                    new IllegalArgumentException("no virtual network named '" + name + "'"));
            List<Place> out = new ArrayList<>();
            for (Topology.SubnetRef s : topology.subnets()) {
                if (s.virtualNetwork() == vnet) {
                    out.addAll(inSubnet(s, spaces.prefixes(s)));
                }
            }
            return out;
        }
        return byAddresses(addresses(text, view));
    }

    private AddressSet addresses(String text, NetworkView view) {
        if (AddressField.isAny(text)) {
            return AddressSet.ALL;
        }
        String builtIn = AddressField.builtInTag(text);
        if (builtIn != null) {
            return AddressField.tagAddresses(builtIn, view, serviceTags, null);
        }
        var tag = serviceTags.lookup(text);
        if (tag.isPresent()) {
            return AddressField.tagAddresses(tag.get().name(), view, serviceTags, null);
        }
        try {
            return AddressSet.ofPrefixes(List.of(IpPrefix.parse(text).prefix()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an endpoint: use Internet, VirtualNetwork, a"
                    + " service tag, *, an address or CIDR, nic:<name>, subnet:<vnet>/<subnet>, asg:<name> or"
                    + " vnet:<name>");
        }
    }

    /** Addresses cut along the modeled subnets; what is outside every modeled virtual network is external. */
    private List<Place> byAddresses(AddressSet addresses) {
        List<Place> out = new ArrayList<>();
        AddressSet inNetworks = AddressSet.EMPTY;
        for (VirtualNetwork vnet : topology.virtualNetworks()) {
            for (String p : vnet.addressSpace()) {
                try {
                    inNetworks = inNetworks.union(AddressSet.ofPrefixes(List.of(IpPrefix.parse(p).prefix())));
                } catch (IllegalArgumentException ignored) {
                    // reported by the topology validator
                }
            }
        }
        for (Topology.SubnetRef s : topology.subnets()) {
            AddressSet part = intersect(addresses, spaces.prefixes(s));
            if (!part.isEmpty()) {
                out.addAll(inSubnet(s, part));
            }
            inNetworks = inNetworks.union(spaces.prefixes(s));
        }
        AddressSet external = addresses.minus(inNetworks);
        if (!external.isEmpty()) {
            out.add(new Place(Place.Kind.EXTERNAL, "hosts outside the modeled networks", null, null, null, external,
                    Set.of()));
        }
        return out;
    }

    /**
     * The NICs of a subnet within {@code part}, and its other host addresses ({@link EndpointSpaces#hostAddresses}:
     * never the addresses Azure reserves in each prefix) as hosts in no ASG.
     */
    private List<Place> inSubnet(Topology.SubnetRef subnet, AddressSet part) {
        List<Place> out = new ArrayList<>();
        AddressSet others = intersect(part, spaces.hostAddresses(subnet));
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (!subnet.reference().equalsIgnoreCase(ip.subnet())) {
                    continue;
                }
                AddressSet mine = intersect(spaces.addresses(ip), part);
                if (mine.isEmpty()) {
                    continue;
                }
                out.add(nicPlace(nic, ip, mine));
                if (!ip.isDynamic()) {
                    others = others.minus(mine);
                }
            }
        }
        if (!others.isEmpty()) {
            out.add(new Place(Place.Kind.SUBNET_HOSTS, "other hosts of subnet " + subnet.reference(), null, null,
                    subnet, others, Set.of()));
        }
        return out;
    }

    private Place nicPlace(NetworkInterface nic, IpConfiguration ip, AddressSet addresses) {
        Set<String> membership = ip.isUnresolved("applicationSecurityGroups") ? null : spaces.membership(ip);
        Topology.SubnetRef subnet = topology.subnet(ip.subnet()).orElse(null);
        return new Place(Place.Kind.NIC, "NIC " + nic.name() + (ip.isDynamic() ? " (dynamic address)" : ""), nic, ip,
                subnet, addresses, membership);
    }

    static AddressSet intersect(AddressSet a, AddressSet b) {
        return a.minus(a.minus(b));
    }
}
