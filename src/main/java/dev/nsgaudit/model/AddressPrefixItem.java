package dev.nsgaudit.model;

/**
 * One source or destination of a security admin rule, as written: ARM's {@code AddressPrefixItem}.
 *
 * @param addressPrefix an IP address or CIDR (v4 or v6), a service tag name, or (type NetworkGroup) a network
 *     group reference; null when absent
 * @param addressPrefixType {@code IPPrefix}, {@code ServiceTag} or {@code NetworkGroup} as written; null when absent
 */
public record AddressPrefixItem(String addressPrefix, String addressPrefixType) {

    public static final String IP_PREFIX = "IPPrefix";
    public static final String SERVICE_TAG = "ServiceTag";
    public static final String NETWORK_GROUP = "NetworkGroup";

    public static AddressPrefixItem ipPrefix(String prefix) {
        return new AddressPrefixItem(prefix, IP_PREFIX);
    }

    public static AddressPrefixItem serviceTag(String tag) {
        return new AddressPrefixItem(tag, SERVICE_TAG);
    }

    public boolean isType(String type) {
        return addressPrefixType != null && addressPrefixType.equalsIgnoreCase(type);
    }
}
