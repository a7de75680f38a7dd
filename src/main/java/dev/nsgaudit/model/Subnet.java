package dev.nsgaudit.model;

import java.util.List;

/**
 * A subnet of a virtual network.
 *
 * @param addressPrefixes the subnet's prefixes (ARM's addressPrefix and addressPrefixes together)
 * @param networkSecurityGroup the associated NSG's name, or null
 * @param unresolved properties the loader could not determine (an NSG outside the input, an unknown prefix)
 */
public record Subnet(String name, List<String> addressPrefixes, String networkSecurityGroup,
                     List<UnresolvedValue> unresolved, SourceRef source) {

    public Subnet {
        addressPrefixes = List.copyOf(addressPrefixes);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public Subnet(String name, List<String> addressPrefixes, String networkSecurityGroup, SourceRef source) {
        this(name, addressPrefixes, networkSecurityGroup, List.of(), source);
    }

    /** True when the loader could not determine {@code property}. */
    public boolean isUnresolved(String property) {
        return unresolved.stream().anyMatch(u -> u.property().equals(property));
    }
}
