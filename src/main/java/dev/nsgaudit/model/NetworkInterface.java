package dev.nsgaudit.model;

import java.util.List;

/** A network interface: its IP configurations and the NSG associated with it directly (or null). */
public record NetworkInterface(
        String name,
        List<IpConfiguration> ipConfigurations,
        String networkSecurityGroup,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public NetworkInterface {
        ipConfigurations = List.copyOf(ipConfigurations);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public NetworkInterface(String name, List<IpConfiguration> ipConfigurations, String networkSecurityGroup,
                            SourceRef source) {
        this(name, ipConfigurations, networkSecurityGroup, List.of(), source);
    }

    public boolean isUnresolved(String property) {
        return unresolved.stream().anyMatch(u -> u.property().equals(property));
    }
}
