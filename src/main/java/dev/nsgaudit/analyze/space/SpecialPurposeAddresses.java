package dev.nsgaudit.analyze.space;

import dev.nsgaudit.net.AddressSet;

/**
 * Addresses that are no real host on the Internet, so that an example packet never comes "from" one: every block
 * of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890;
 * https://www.iana.org/assignments/iana-ipv4-special-registry and
 * https://www.iana.org/assignments/iana-ipv6-special-registry), the multicast blocks (RFC 5771, RFC 4291), and for
 * IPv6 everything outside 2000::/3, the only block IANA allocates as global unicast (RFC 4291, IANA IPv6 Address
 * Space registry). Entries of the registries marked globally reachable (AS112, AMT, ...) are left out too: they are
 * anycast services, not a client that opens a connection.
 */
public final class SpecialPurposeAddresses {

    /** IPv4 Special-Purpose Address Registry, each block with its RFC; then multicast (RFC 5771). */
    private static final String[] V4 = {
        "0.0.0.0/8",          // "this network", RFC 791
        "10.0.0.0/8",         // private use, RFC 1918
        "100.64.0.0/10",      // shared address space (carrier-grade NAT), RFC 6598
        "127.0.0.0/8",        // loopback, RFC 1122
        "169.254.0.0/16",     // link local, RFC 3927
        "172.16.0.0/12",      // private use, RFC 1918
        "192.0.0.0/24",       // IETF protocol assignments, RFC 6890 (DS-Lite, PCP, TURN, NAT64 discovery)
        "192.0.2.0/24",       // documentation TEST-NET-1, RFC 5737
        "192.31.196.0/24",    // AS112-v4, RFC 7535
        "192.52.193.0/24",    // AMT, RFC 7450
        "192.88.99.0/24",     // deprecated 6to4 relay anycast, RFC 7526
        "192.168.0.0/16",     // private use, RFC 1918
        "192.175.48.0/24",    // direct delegation AS112 service, RFC 7534
        "198.18.0.0/15",      // benchmarking, RFC 2544
        "198.51.100.0/24",    // documentation TEST-NET-2, RFC 5737
        "203.0.113.0/24",     // documentation TEST-NET-3, RFC 5737
        "224.0.0.0/4",        // multicast, RFC 5771
        "240.0.0.0/4",        // reserved, RFC 1112 (255.255.255.255/32, limited broadcast, RFC 919, inside it)
    };

    /** IPv6 Special-Purpose Address Registry, each block with its RFC; multicast; and what is not global unicast. */
    private static final String[] V6 = {
        "::/128",             // unspecified, RFC 4291
        "::1/128",            // loopback, RFC 4291
        "::ffff:0:0/96",      // IPv4-mapped, RFC 4291
        "64:ff9b::/96",       // IPv4-IPv6 translation, RFC 6052
        "64:ff9b:1::/48",     // local-use IPv4/IPv6 translation, RFC 8215
        "100::/64",           // discard-only, RFC 6666
        "2001::/23",          // IETF protocol assignments, RFC 2928 (TEREDO, benchmarking, AMT, AS112, ORCHIDv2, ...)
        "2001:db8::/32",      // documentation, RFC 3849
        "2002::/16",          // 6to4, RFC 3056
        "2620:4f:8000::/48",  // direct delegation AS112 service, RFC 7534
        "3fff::/20",          // documentation, RFC 9637
        "5f00::/16",          // segment routing SIDs, RFC 9602
        "fc00::/7",           // unique local, RFC 4193
        "fe80::/10",          // link-local unicast, RFC 4291
        "ff00::/8",           // multicast, RFC 4291
    };

    /** Every special-purpose address of both families. */
    public static final AddressSet ALL = AddressSet.of(V4).union(AddressSet.of(V6))
            .union(AddressSet.of("::/0").minus(AddressSet.of("2000::/3")));

    /** The addresses a real Internet host can have: every other address. */
    public static final AddressSet PUBLIC = AddressSet.ALL.minus(ALL);

    private SpecialPurposeAddresses() {
    }
}
