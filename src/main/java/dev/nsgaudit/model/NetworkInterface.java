package dev.nsgaudit.model;

import java.util.List;

/** A network interface: its IP configurations and the NSG associated with it directly (or null). */
public record NetworkInterface(
        String name,
        List<IpConfiguration> ipConfigurations,
        String networkSecurityGroup,
        SourceRef source) {

    public NetworkInterface {
        ipConfigurations = List.copyOf(ipConfigurations);
        source = source == null ? SourceRef.UNKNOWN : source;
    }
}
