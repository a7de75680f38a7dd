package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header-space side of modeled hosts: a NIC IP configuration is its address (every usable address of its
 * subnet when dynamic, D8) together with its exact ASG membership; a subnet's other addresses are hosts in no
 * ASG. Unknown membership leaves the ASG variables free.
 */
public final class EndpointSpaces {

    private final Topology topology;
    private final HeaderSpace space;
    private final Endpoints endpoints;

    /**
     * NIC configurations by TopologyIndex.bucket of their subnet reference, in input order (compared ignoring case
     * on use): a scan of every NIC per configuration and per subnet was quadratic on large estates.
     */
    private final Map<String, List<IpConfiguration>> bySubnet = new HashMap<>();

    public EndpointSpaces(Topology topology, HeaderSpace space) {
        this.topology = topology;
        this.space = space;
        this.endpoints = new Endpoints(topology);
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (ip.subnet() != null) {
                    bySubnet.computeIfAbsent(TopologyIndex.bucket(ip.subnet()), k -> new ArrayList<>()).add(ip);
                }
            }
        }
    }

    /** The configurations whose subnet reference equals {@code reference} ignoring case, in input order. */
    private List<IpConfiguration> namingSubnet(String reference) {
        List<IpConfiguration> out = new ArrayList<>();
        for (IpConfiguration ip : bySubnet.getOrDefault(TopologyIndex.bucket(reference), List.of())) {
            if (reference.equalsIgnoreCase(ip.subnet())) {
                out.add(ip);
            }
        }
        return out;
    }

    /**
     * The addresses an IP configuration may have. A dynamic one gets an address of its subnet's usable range that
     * no static configuration of the subnet has (as the evaluator reads an address, D8).
     */
    public AddressSet addresses(IpConfiguration ip) {
        if (!ip.isDynamic()) {
            return staticAddress(ip);
        }
        // Unknown subnet or prefix: the address could be anything (never shrink what a host may be).
        AddressSet range = endpoints.usableRange(ip).map(r -> AddressSet.ofRanges(List.of(r))).orElse(null);
        if (range == null) {
            return AddressSet.ALL;
        }
        AddressSet taken = AddressSet.EMPTY;
        if (ip.subnet() != null) {
            for (IpConfiguration other : namingSubnet(ip.subnet())) {
                if (!other.isDynamic()) {
                    taken = taken.union(staticAddress(other));
                }
            }
        }
        return range.minus(taken);
    }

    private static AddressSet staticAddress(IpConfiguration ip) {
        try {
            return AddressSet.ofPrefixes(List.of(IpPrefix.host(IpAddress.parse(ip.privateIPAddress().trim()))));
        } catch (IllegalArgumentException e) {
            return AddressSet.EMPTY; // reported by the topology validator
        }
    }

    public Set<String> membership(IpConfiguration ip) {
        Set<String> out = new LinkedHashSet<>();
        ip.applicationSecurityGroups().forEach(a -> out.add(Topology.key(a)));
        return out;
    }

    public BDD asDestination(IpConfiguration ip) {
        return asDestination(ip, null);
    }

    /**
     * The configuration as a destination, its membership fixed among {@code named} only (null: among every ASG): for
     * a question whose rules name no other ASG ({@link HeaderSpace#destinationMembership(Set, Set)}).
     */
    public BDD asDestination(IpConfiguration ip, Set<String> named) {
        BDD out = space.destinationAddresses(addresses(ip));
        return ip.isUnresolved("applicationSecurityGroups") ? out
                : out.andWith(space.destinationMembership(membership(ip), named));
    }

    public BDD asSource(IpConfiguration ip) {
        return asSource(ip, null);
    }

    /** The configuration as a source, its membership fixed among {@code named} only (null: among every ASG). */
    public BDD asSource(IpConfiguration ip, Set<String> named) {
        BDD out = space.sourceAddresses(addresses(ip));
        return ip.isUnresolved("applicationSecurityGroups") ? out
                : out.andWith(space.sourceMembership(membership(ip), named));
    }

    /**
     * Every host a subnet can hold: its NIC configurations, and any other address a host can have there
     * ({@link #hostAddresses}: never one Azure keeps) as a host in no ASG.
     */
    public BDD subnetAsDestination(Topology.SubnetRef subnet) {
        return subnetAsDestination(subnet, null);
    }

    /** {@link #subnetAsDestination(Topology.SubnetRef)} with memberships fixed among {@code named} only. */
    public BDD subnetAsDestination(Topology.SubnetRef subnet, Set<String> named) {
        BDD out = space.destinationAddresses(hostAddresses(subnet)).andWith(space.destinationMembership(Set.of(), named));
        for (IpConfiguration ip : configurationsIn(subnet)) {
            out.orWith(asDestination(ip, named));
        }
        return out;
    }

    public BDD subnetAsSource(Topology.SubnetRef subnet) {
        return subnetAsSource(subnet, null);
    }

    /** {@link #subnetAsSource(Topology.SubnetRef)} with memberships fixed among {@code named} only. */
    public BDD subnetAsSource(Topology.SubnetRef subnet, Set<String> named) {
        BDD out = space.sourceAddresses(hostAddresses(subnet)).andWith(space.sourceMembership(Set.of(), named));
        for (IpConfiguration ip : configurationsIn(subnet)) {
            out.orWith(asSource(ip, named));
        }
        return out;
    }

    /**
     * The hosts of a subnet that are no NIC: every host address of it ({@link #hostAddresses}) that no static
     * configuration of the subnet has, as a host in no ASG (an address a dynamic NIC may get can also be such a host,
     * D8). No NIC NSG filters them. Their membership is fixed among {@code named} only (null: among every ASG).
     */
    public BDD subnetOtherHostsAsSource(Topology.SubnetRef subnet, Set<String> named) {
        AddressSet others = hostAddresses(subnet);
        for (IpConfiguration ip : configurationsIn(subnet)) {
            if (!ip.isDynamic()) {
                others = others.minus(staticAddress(ip));
            }
        }
        return space.sourceAddresses(others).andWith(space.sourceMembership(Set.of(), named));
    }

    public AddressSet prefixes(Topology.SubnetRef subnet) {
        if (subnet.subnet().isUnresolved("addressPrefix") || subnet.subnet().isUnresolved("addressPrefixes")) {
            return AddressSet.ALL;
        }
        List<IpPrefix> out = new ArrayList<>();
        for (String p : subnet.subnet().addressPrefixes()) {
            try {
                out.add(IpPrefix.parse(p).prefix());
            } catch (IllegalArgumentException e) {
                // reported by the topology validator
            }
        }
        return AddressSet.ofPrefixes(out);
    }

    /**
     * The addresses a host of the subnet can have: its prefixes but the five addresses Azure keeps in each (the first
     * four and the last, by {@link Endpoints#usableRange(IpPrefix)}, where dynamic NICs get
     * theirs too). Every place of a policy that stands for a subnet's hosts takes its addresses from here, so that no
     * engine can count a reserved address as a host. Every address when the prefixes are not known.
     */
    public AddressSet hostAddresses(Topology.SubnetRef subnet) {
        if (subnet.subnet().isUnresolved("addressPrefix") || subnet.subnet().isUnresolved("addressPrefixes")) {
            return AddressSet.ALL;
        }
        List<dev.nsgaudit.net.IpRange> out = new ArrayList<>();
        for (String p : subnet.subnet().addressPrefixes()) {
            try {
                Endpoints.usableRange(IpPrefix.parse(p).prefix()).ifPresent(out::add);
            } catch (IllegalArgumentException e) {
                // reported by the topology validator
            }
        }
        return AddressSet.ofRanges(out);
    }

    public List<IpConfiguration> configurationsIn(Topology.SubnetRef subnet) {
        return namingSubnet(subnet.reference());
    }
}
