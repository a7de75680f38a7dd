package dev.nsgaudit.semantics;

import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpPrefix;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses behind the per-NIC tags VirtualNetwork and Internet, as seen from one virtual network
 * (SPEC section 2, D3 and D4).
 *
 * @param vnetName the virtual network, or null for the D3 assumption (no virtual network known)
 * @param uncertainties why VirtualNetwork (and so Internet) may be incomplete: address spaces the loader could
 *     not determine; rules using these tags are then uncertain
 */
public record NetworkView(String vnetName, AddressSet virtualNetwork, AddressSet internet,
                          List<String> uncertainties) {

    public NetworkView {
        uncertainties = List.copyOf(uncertainties);
    }

    public static final AddressSet AZURE_HOST = AddressSet.of("168.63.129.16/32");
    public static final AddressSet IMDS = AddressSet.of("169.254.169.254/32");
    /** Azure's KMS endpoints for Windows activation (azkms.core.windows.net and kms.core.windows.net). */
    public static final AddressSet KMS = AddressSet.of("20.118.99.224/32", "40.83.235.53/32", "23.102.135.246/32");

    /** D4: addresses that are never Internet. */
    public static final AddressSet NON_PUBLIC = AddressSet.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
            "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    /** D3: VirtualNetwork when the input has no virtual network. */
    public static final AddressSet ASSUMED_VIRTUAL_NETWORK = AddressSet.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "168.63.129.16/32");

    public static final String D3_NOTE = "D3: no virtual network is known here, so VirtualNetwork is taken as "
            + "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 168.63.129.16/32";

    public static NetworkView assumed() {
        return of(null, ASSUMED_VIRTUAL_NETWORK, List.of());
    }

    /** VirtualNetwork: the VNet's address space, its peers' spaces, its on-premises prefixes and the host IP. */
    public static NetworkView of(Topology topology, VirtualNetwork vnet) {
        List<IpPrefix> prefixes = new ArrayList<>();
        List<String> uncertain = new ArrayList<>();
        addAll(prefixes, vnet.addressSpace());
        addAll(prefixes, vnet.onPremisesPrefixes());
        uncertainties(vnet, uncertain, List.of("addressSpace", "onPremisesPrefixes", "peerings"));
        for (VirtualNetwork peer : topology.peersOf(vnet)) {
            addAll(prefixes, peer.addressSpace());
            uncertainties(peer, uncertain, List.of("addressSpace"));
        }
        return of(vnet.name(), AddressSet.ofPrefixes(prefixes).union(AZURE_HOST), uncertain);
    }

    private static void uncertainties(VirtualNetwork vnet, List<String> out, List<String> properties) {
        vnet.unresolved().stream().filter(u -> properties.contains(u.property())).forEach(u ->
                out.add("VirtualNetwork of " + vnet.name() + " is not fully known: " + u.property() + " ("
                        + u.expression() + "): " + u.reason()));
    }

    private static NetworkView of(String name, AddressSet virtualNetwork, List<String> uncertain) {
        AddressSet internet = AddressSet.ALL.minus(virtualNetwork).minus(NON_PUBLIC);
        return new NetworkView(name, virtualNetwork, internet, uncertain);
    }

    /** Prefixes that do not parse are left out here; the validator reports them as errors. */
    private static void addAll(List<IpPrefix> out, List<String> texts) {
        for (String text : texts) {
            try {
                out.add(IpPrefix.parse(text).prefix());
            } catch (IllegalArgumentException ignored) {
                // reported by InputValidator
            }
        }
    }

    public boolean isAssumed() {
        return vnetName == null;
    }
}
