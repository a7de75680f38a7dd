package dev.nsgaudit.model;

import java.util.List;

/**
 * A virtual network.
 *
 * @param peerings names of other virtual networks in the input that this one is peered with
 * @param onPremisesPrefixes address spaces reached through a gateway; they count as VirtualNetwork
 * @param unresolved properties the loader could not determine (an address space, a peered network)
 */
public record VirtualNetwork(
        String name,
        List<String> addressSpace,
        List<String> peerings,
        List<String> onPremisesPrefixes,
        List<Subnet> subnets,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public VirtualNetwork {
        addressSpace = List.copyOf(addressSpace);
        peerings = List.copyOf(peerings);
        onPremisesPrefixes = List.copyOf(onPremisesPrefixes);
        subnets = List.copyOf(subnets);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public VirtualNetwork(String name, List<String> addressSpace, List<String> peerings,
                          List<String> onPremisesPrefixes, List<Subnet> subnets, SourceRef source) {
        this(name, addressSpace, peerings, onPremisesPrefixes, subnets, List.of(), source);
    }

    public boolean isUnresolved(String property) {
        return unresolved.stream().anyMatch(u -> u.property().equals(property));
    }
}
