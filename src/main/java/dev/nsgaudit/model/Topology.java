package dev.nsgaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything loaded from the input: virtual networks (with subnets), ASGs, NICs and NSGs, Virtual Network
 * Manager network groups and security admin configurations, and the suppressions declared in the input itself
 * (ARM {@code metadata}). Names are looked up case-insensitively, as Azure resource
 * names are.
 */
public record Topology(
        List<VirtualNetwork> virtualNetworks,
        List<ApplicationSecurityGroup> applicationSecurityGroups,
        List<NetworkInterface> networkInterfaces,
        List<NetworkSecurityGroup> networkSecurityGroups,
        List<Suppression> suppressions,
        List<StandIn> standIns,
        List<NetworkGroup> networkGroups,
        List<SecurityAdminConfiguration> securityAdminConfigurations) {

    public static final Topology EMPTY = new Topology(List.of(), List.of(), List.of(), List.of());

    public Topology {
        virtualNetworks = List.copyOf(virtualNetworks);
        applicationSecurityGroups = List.copyOf(applicationSecurityGroups);
        networkInterfaces = List.copyOf(networkInterfaces);
        networkSecurityGroups = List.copyOf(networkSecurityGroups);
        suppressions = suppressions == null ? List.of() : List.copyOf(suppressions);
        standIns = standIns == null ? List.of() : List.copyOf(standIns);
        networkGroups = networkGroups == null ? List.of() : List.copyOf(networkGroups);
        securityAdminConfigurations = securityAdminConfigurations == null ? List.of()
                : List.copyOf(securityAdminConfigurations);
    }

    /** Without Virtual Network Manager definitions: for inputs that know nothing of them. */
    public Topology(List<VirtualNetwork> virtualNetworks, List<ApplicationSecurityGroup> applicationSecurityGroups,
                    List<NetworkInterface> networkInterfaces, List<NetworkSecurityGroup> networkSecurityGroups,
                    List<Suppression> suppressions, List<StandIn> standIns) {
        this(virtualNetworks, applicationSecurityGroups, networkInterfaces, networkSecurityGroups, suppressions,
                standIns, List.of(), List.of());
    }

    /** The same topology with these Virtual Network Manager definitions instead of its own. */
    public Topology withNetworkManagers(List<NetworkGroup> groups, List<SecurityAdminConfiguration> configurations) {
        return new Topology(virtualNetworks, applicationSecurityGroups, networkInterfaces, networkSecurityGroups,
                suppressions, standIns, groups, configurations);
    }

    /** True when the input defines any Virtual Network Manager network group or security admin configuration. */
    public boolean hasNetworkManagers() {
        return !networkGroups.isEmpty() || !securityAdminConfigurations.isEmpty();
    }

    /** A network group by network manager and group name (case-insensitive). */
    public Optional<NetworkGroup> networkGroup(String networkManager, String name) {
        return networkGroups.stream().filter(g -> g.networkManager().equalsIgnoreCase(networkManager)
                && g.name().equalsIgnoreCase(name)).findFirst();
    }

    public Topology(List<VirtualNetwork> virtualNetworks, List<ApplicationSecurityGroup> applicationSecurityGroups,
                    List<NetworkInterface> networkInterfaces, List<NetworkSecurityGroup> networkSecurityGroups,
                    List<Suppression> suppressions) {
        this(virtualNetworks, applicationSecurityGroups, networkInterfaces, networkSecurityGroups, suppressions,
                List.of());
    }

    /** What is said about a name computed from the stand-in deployment context, if it is one. */
    public Optional<String> standIn(String kind, String name) {
        return standIns.stream().filter(s -> s.is(kind, name)).map(StandIn::note).findFirst();
    }

    public Topology(List<VirtualNetwork> virtualNetworks, List<ApplicationSecurityGroup> applicationSecurityGroups,
                    List<NetworkInterface> networkInterfaces, List<NetworkSecurityGroup> networkSecurityGroups) {
        this(virtualNetworks, applicationSecurityGroups, networkInterfaces, networkSecurityGroups, List.of());
    }

    public static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    // Lookups by name: a scan for a small input, else the TopologyIndex built once for this topology (the first
    // object in input order whose name equals the given one ignoring case, either way). A linear scan per lookup
    // made per-NIC and per-NSG work quadratic on large estates (bench/README.md, "The largest estate").

    public Optional<VirtualNetwork> virtualNetwork(String name) {
        if (virtualNetworks.size() < TopologyIndex.SCAN_BELOW) {
            return virtualNetworks.stream().filter(v -> v.name().equalsIgnoreCase(name)).findFirst();
        }
        return TopologyIndex.of(this).virtualNetwork(name);
    }

    public Optional<NetworkSecurityGroup> networkSecurityGroup(String name) {
        if (networkSecurityGroups.size() < TopologyIndex.SCAN_BELOW) {
            return networkSecurityGroups.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
        }
        return TopologyIndex.of(this).networkSecurityGroup(name);
    }

    public Optional<NetworkInterface> networkInterface(String name) {
        if (networkInterfaces.size() < TopologyIndex.SCAN_BELOW) {
            return networkInterfaces.stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst();
        }
        return TopologyIndex.of(this).networkInterface(name);
    }

    public Optional<ApplicationSecurityGroup> applicationSecurityGroup(String name) {
        if (applicationSecurityGroups.size() < TopologyIndex.SCAN_BELOW) {
            return applicationSecurityGroups.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
        }
        return TopologyIndex.of(this).applicationSecurityGroup(name);
    }

    /** A subnet by its {@code vnet/subnet} reference. */
    public Optional<SubnetRef> subnet(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        if (virtualNetworks.size() >= TopologyIndex.SCAN_BELOW) {
            return TopologyIndex.of(this).subnet(reference);
        }
        String vnetName = reference.substring(0, slash);
        String subnetName = reference.substring(slash + 1);
        return virtualNetwork(vnetName).flatMap(vnet -> vnet.subnets().stream()
                .filter(s -> s.name().equalsIgnoreCase(subnetName))
                .findFirst()
                .map(s -> new SubnetRef(vnet, s)));
    }

    /** A subnet together with the virtual network it belongs to. */
    public record SubnetRef(VirtualNetwork virtualNetwork, Subnet subnet) {
        public String reference() {
            return virtualNetwork.name() + "/" + subnet.name();
        }
    }

    /** Every subnet of every virtual network, in input order. */
    public List<SubnetRef> subnets() {
        List<SubnetRef> out = new ArrayList<>();
        for (VirtualNetwork vnet : virtualNetworks) {
            for (Subnet s : vnet.subnets()) {
                out.add(new SubnetRef(vnet, s));
            }
        }
        return out;
    }

    /** The virtual networks peered with {@code vnet}: declared on either side, since a peering links both. */
    public List<VirtualNetwork> peersOf(VirtualNetwork vnet) {
        Map<String, VirtualNetwork> out = new LinkedHashMap<>();
        for (String peer : vnet.peerings()) {
            virtualNetwork(peer).ifPresent(p -> out.put(key(p.name()), p));
        }
        List<VirtualNetwork> declaring = virtualNetworks.size() < TopologyIndex.SCAN_BELOW ? virtualNetworks
                : TopologyIndex.of(this).declaringPeeringWith(vnet.name());
        for (VirtualNetwork other : declaring) {
            if (other != vnet && other.peerings().stream().anyMatch(p -> p.equalsIgnoreCase(vnet.name()))) {
                out.put(key(other.name()), other);
            }
        }
        out.remove(key(vnet.name()));
        return Collections.unmodifiableList(new ArrayList<>(out.values()));
    }

    /** Merges two topologies; the caller has already checked that names do not clash. */
    public Topology merge(Topology other) {
        return new Topology(
                concat(virtualNetworks, other.virtualNetworks),
                concat(applicationSecurityGroups, other.applicationSecurityGroups),
                concat(networkInterfaces, other.networkInterfaces),
                concat(networkSecurityGroups, other.networkSecurityGroups),
                concat(suppressions, other.suppressions),
                concat(standIns, other.standIns),
                concat(networkGroups, other.networkGroups),
                concat(securityAdminConfigurations, other.securityAdminConfigurations));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
