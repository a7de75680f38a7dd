package dev.nsgaudit.model;

import java.util.List;

/**
 * A subnet of a virtual network.
 *
 * @param addressPrefixes the subnet's prefixes (ARM's addressPrefix and addressPrefixes together)
 * @param networkSecurityGroup the associated NSG's name, or null
 */
public record Subnet(String name, List<String> addressPrefixes, String networkSecurityGroup, SourceRef source) {

    public Subnet {
        addressPrefixes = List.copyOf(addressPrefixes);
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
