package dev.nsgaudit.model;

import java.util.List;

/**
 * One IP configuration of a NIC.
 *
 * @param subnet the subnet as {@code vnet/subnet}
 * @param privateIPAddress the static private address, or null when the address is dynamic
 * @param privateIPAddressVersion IPv4 or IPv6 (decides the family of a dynamic address)
 * @param applicationSecurityGroups names of the ASGs this configuration is a member of
 * @param unresolved properties the loader could not determine; an unresolved address is treated as dynamic,
 *     unresolved ASG membership as "possibly in any ASG"
 */
public record IpConfiguration(
        String name,
        String subnet,
        String privateIPAddress,
        String privateIPAddressVersion,
        List<String> applicationSecurityGroups,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public IpConfiguration {
        applicationSecurityGroups = List.copyOf(applicationSecurityGroups);
        privateIPAddressVersion = privateIPAddressVersion == null ? "IPv4" : privateIPAddressVersion;
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    public IpConfiguration(String name, String subnet, String privateIPAddress, String privateIPAddressVersion,
                           List<String> applicationSecurityGroups, SourceRef source) {
        this(name, subnet, privateIPAddress, privateIPAddressVersion, applicationSecurityGroups, List.of(), source);
    }

    public boolean isUnresolved(String property) {
        return unresolved.stream().anyMatch(u -> u.property().equals(property));
    }

    public boolean isDynamic() {
        return privateIPAddress == null;
    }
}
