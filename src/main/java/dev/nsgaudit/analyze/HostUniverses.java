package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which ends {@code verify} can produce seen from one virtual network, read the way {@link Endpoints} reads an
 * address (D8): a NIC IP configuration of that network or a peered one is its static address with exactly its ASGs,
 * or, when dynamic and in an ASG, its subnet's usable range less the static addresses in reach with exactly its
 * ASGs; every address no static configuration in reach holds is also a host in no ASG (an address of an unpeered
 * network too: it is unreachable and may be reused). A configuration whose membership is not known is its
 * address(es) with any membership. Seen from no network (D3), every network is in reach.
 */
final class HostUniverses {

    private final Topology topology;
    private final Endpoints endpoints;

    HostUniverses(Topology topology) {
        this.topology = topology;
        this.endpoints = new Endpoints(topology);
    }

    HostUniverse of(VirtualNetwork view) {
        Set<String> reachable = view == null ? null : endpoints.reachableFrom(view);
        List<Config> configs = new ArrayList<>();
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                String vnet = ip.subnet() == null ? null : topology.subnet(ip.subnet()).map(s -> Topology.key(s.virtualNetwork().name())).orElse(null);
                if (reachable == null || (vnet != null && reachable.contains(vnet))) {
                    configs.add(new Config(nic, ip));
                }
            }
        }
        AddressSet statics = AddressSet.EMPTY;
        AddressSet nobodyStatics = AddressSet.EMPTY; // static addresses in reach that a host in no ASG has
        for (Config c : configs) {
            AddressSet at = c.staticAddress();
            if (at != null) {
                statics = statics.union(at);
                if (c.asgs() != null && c.asgs().isEmpty()) {
                    nobodyStatics = nobodyStatics.union(at);
                }
            }
        }
        Map<Set<String>, AddressSet> known = new LinkedHashMap<>();
        AddressSet anyMembership = AddressSet.EMPTY;
        Set<String> unknown = new TreeSet<>();
        for (Config c : configs) {
            AddressSet at = c.staticAddress();
            if (at == null) {
                boolean inAsg = c.asgs() == null || !c.asgs().isEmpty();
                IpRange range = inAsg ? endpoints.usableRange(c.ip()).orElse(null) : null;
                if (range == null) {
                    continue; // a dynamic host in no ASG is a host in no ASG, which every free address is
                }
                at = AddressSet.ofRanges(List.of(range)).minus(statics);
            }
            if (c.asgs() == null) {
                anyMembership = anyMembership.union(at);
                unknown.add(c.nic().name());
            } else if (!c.asgs().isEmpty()) {
                known.merge(c.asgs(), at, AddressSet::union);
            }
        }
        List<HostUniverse.Hosts> groups = new ArrayList<>();
        groups.add(new HostUniverse.Hosts(AddressSet.ALL.minus(statics.minus(nobodyStatics)), Set.of()));
        known.forEach((asgs, at) -> groups.add(new HostUniverse.Hosts(at, asgs)));
        if (!anyMembership.isEmpty()) {
            groups.add(new HostUniverse.Hosts(anyMembership, null));
        }
        return new HostUniverse(groups, List.copyOf(unknown));
    }

    /** One IP configuration in reach. */
    private record Config(NetworkInterface nic, IpConfiguration ip) {

        /** Its static address as a set, or null when it has none that can be read. */
        AddressSet staticAddress() {
            if (ip.isDynamic()) {
                return null;
            }
            try {
                IpAddress address = IpAddress.parse(ip.privateIPAddress().trim());
                return AddressSet.ofPrefixes(List.of(IpPrefix.host(address)));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** Its ASGs, lower-cased; null when they are not known. */
        Set<String> asgs() {
            if (ip.isUnresolved("applicationSecurityGroups")) {
                return null;
            }
            Set<String> out = new LinkedHashSet<>();
            ip.applicationSecurityGroups().forEach(a -> out.add(Topology.key(a)));
            return Set.copyOf(out);
        }
    }
}
