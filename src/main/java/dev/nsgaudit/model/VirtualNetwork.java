package dev.nsgaudit.model;

import java.util.List;

/**
 * A virtual network.
 *
 * @param peerings names of other virtual networks in the input that this one is peered with
 * @param onPremisesPrefixes address spaces reached through a gateway; they count as VirtualNetwork
 */
public record VirtualNetwork(
        String name,
        List<String> addressSpace,
        List<String> peerings,
        List<String> onPremisesPrefixes,
        List<Subnet> subnets,
        SourceRef source) {

    public VirtualNetwork {
        addressSpace = List.copyOf(addressSpace);
        peerings = List.copyOf(peerings);
        onPremisesPrefixes = List.copyOf(onPremisesPrefixes);
        subnets = List.copyOf(subnets);
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
