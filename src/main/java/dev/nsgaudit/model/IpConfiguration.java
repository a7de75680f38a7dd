package dev.nsgaudit.model;

import java.util.List;

/**
 * One IP configuration of a NIC.
 *
 * @param subnet the subnet as {@code vnet/subnet}
 * @param privateIPAddress the static private address, or null when the address is dynamic
 * @param privateIPAddressVersion IPv4 or IPv6 (decides the family of a dynamic address)
 * @param applicationSecurityGroups names of the ASGs this configuration is a member of
 */
public record IpConfiguration(
        String name,
        String subnet,
        String privateIPAddress,
        String privateIPAddressVersion,
        List<String> applicationSecurityGroups,
        SourceRef source) {

    public IpConfiguration {
        applicationSecurityGroups = List.copyOf(applicationSecurityGroups);
        privateIPAddressVersion = privateIPAddressVersion == null ? "IPv4" : privateIPAddressVersion;
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public boolean isDynamic() {
        return privateIPAddress == null;
    }
}
