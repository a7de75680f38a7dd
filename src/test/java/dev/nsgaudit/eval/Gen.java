package dev.nsgaudit.eval;

import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generators for the property tests: rules, NSGs and small topologies over a small address universe
 * (10.0.0.0/16 split into two VNets, a few public and non-public ranges, a little IPv6).
 */
final class Gen {

    private Gen() {
    }

    static final List<String> ASGS = List.of("asg-web", "asg-db", "asg-ops");

    /** Destinations D7 treats specially outbound; the oracle does not implement D7, so they are avoided. */
    static final Set<String> PLATFORM = Set.of("168.63.129.16", "169.254.169.254", "20.118.99.224",
            "40.83.235.53", "23.102.135.246");

    // ------------------------------------------------------------------ rule pieces

    record AddrSpec(String single, List<String> plural, List<String> asgs) {
    }

    record PortSpec(String single, List<String> plural) {
    }

    record RuleSpec(int priority, String direction, String access, String protocol,
                    AddrSpec src, PortSpec srcPorts, AddrSpec dst, PortSpec dstPorts) {

        SecurityRule toRule(String name) {
            return SecurityRule.builder(name).priority(priority).direction(direction).access(access)
                    .protocol(protocol)
                    .sourceAddressPrefix(src.single()).sourceAddressPrefixes(src.plural())
                    .sourceApplicationSecurityGroups(src.asgs())
                    .sourcePortRange(srcPorts.single()).sourcePortRanges(srcPorts.plural())
                    .destinationAddressPrefix(dst.single()).destinationAddressPrefixes(dst.plural())
                    .destinationApplicationSecurityGroups(dst.asgs())
                    .destinationPortRange(dstPorts.single()).destinationPortRanges(dstPorts.plural())
                    .build();
        }
    }

    static Arbitrary<String> v4Cidr() {
        Arbitrary<String> fixed = Arbitraries.of("10.0.0.0/16", "10.0.0.0/17", "10.0.128.0/17", "10.0.1.0/24",
                "10.0.2.0/24", "10.0.129.0/24", "10.0.1.0/25", "10.0.1.128/25", "10.0.1.17/28", "10.0.0.0/8",
                "0.0.0.0/0", "52.160.0.0/11", "52.170.0.0/16", "13.64.0.0/11", "8.8.8.8", "8.8.8.0/24",
                "192.168.0.0/16", "172.16.0.0/12", "100.64.0.0/10", "168.63.129.16", "168.63.129.16/32",
                "169.254.0.0/16", "224.0.0.0/4", "10.0.1.10", "10.0.1.11", "10.0.2.12", "10.0.129.10/32");
        Arbitrary<String> inUniverse = Combinators.combine(Arbitraries.of(0, 1, 2, 127, 128, 129, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(8, 32))
                .as((c, d, len) -> "10.0." + c + "." + d + "/" + len);
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(2, inUniverse));
    }

    static Arbitrary<String> v6Cidr() {
        return Arbitraries.of("::/0", "fd00:a::/48", "fd00:a:0:1::/64", "fd00:a:0:1::10", "fd00:a:0:1::11/128",
                "fd00:b::/48", "fd00:b:0:1::/64", "2001:db8::/32", "2001:db8::1", "fe80::/10", "fc00::/7",
                "2603:1000::/24", "fd00:c::/48", "FD00:A:0:2::/64");
    }

    static Arbitrary<String> asgName() {
        return Arbitraries.of(ASGS).flatMap(n -> Arbitraries.of(n, n.toUpperCase(Locale.ROOT),
                Character.toUpperCase(n.charAt(0)) + n.substring(1)));
    }

    static Arbitrary<AddrSpec> addrSpec() {
        Arbitrary<String> token = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just("*")),
                Tuple.of(1, Arbitraries.of("Any", "virtualnetwork", "INTERNET")),
                Tuple.of(2, Arbitraries.just("VirtualNetwork")),
                Tuple.of(2, Arbitraries.just("Internet")),
                Tuple.of(1, Arbitraries.just("AzureLoadBalancer")),
                Tuple.of(5, v4Cidr()),
                Tuple.of(2, v6Cidr()));
        Arbitrary<String> pluralItem = Arbitraries.frequencyOf(
                Tuple.of(8, v4Cidr()), Tuple.of(2, v6Cidr()),
                Tuple.of(1, Arbitraries.of("VirtualNetwork", "Internet"))); // rejected by Azure, still evaluated
        return Arbitraries.frequencyOf(
                Tuple.of(5, token.map(t -> new AddrSpec(t, List.of(), List.of()))),
                Tuple.of(2, pluralItem.list().ofMinSize(1).ofMaxSize(3).map(l -> new AddrSpec(null, l, List.of()))),
                Tuple.of(2, asgName().list().ofMinSize(1).ofMaxSize(2).map(l -> new AddrSpec(null, List.of(), l))));
    }

    static Arbitrary<String> portToken() {
        Arbitrary<String> range = Combinators.combine(Arbitraries.integers().between(0, 65535),
                Arbitraries.integers().between(0, 65535)).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("22", "53", "80", "443", "1000-2000", "0-1023", "1024-65535", "0-65535",
                        "3389", "65535", "0", "1500")),
                Tuple.of(1, Arbitraries.integers().between(0, 65535).map(String::valueOf)),
                Tuple.of(1, range));
    }

    static Arbitrary<PortSpec> portSpec() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(new PortSpec("*", List.of()))),
                Tuple.of(3, portToken().map(t -> new PortSpec(t, List.of()))),
                Tuple.of(2, portToken().list().ofMinSize(1).ofMaxSize(3).map(l -> new PortSpec(null, l))),
                // a comma list in the singular: rejected by the API, evaluated as the list
                Tuple.of(1, portToken().list().ofMinSize(2).ofMaxSize(3).map(l -> new PortSpec(String.join(",", l), List.of()))));
    }

    static Arbitrary<String> ruleProtocol() {
        return Arbitraries.frequency(Tuple.of(4, "*"), Tuple.of(3, "Tcp"), Tuple.of(2, "Udp"), Tuple.of(1, "Icmp"),
                Tuple.of(1, "Esp"), Tuple.of(1, "Ah"), Tuple.of(1, "TCP"), Tuple.of(1, "udp"));
    }

    static Arbitrary<RuleSpec> ruleSpec() {
        return Combinators.combine(
                Arbitraries.integers().between(100, 4096),
                Arbitraries.frequency(Tuple.of(4, "Inbound"), Tuple.of(4, "Outbound"), Tuple.of(1, "inbound"),
                        Tuple.of(1, "OUTBOUND")),
                Arbitraries.of("Allow", "Deny", "deny"),
                ruleProtocol(), addrSpec(), portSpec(), addrSpec(), portSpec())
                .as(RuleSpec::new);
    }

    /** 0-max rules, priorities unique per direction (Azure rejects duplicates). */
    static Arbitrary<List<SecurityRule>> nsgRules(int max) {
        return ruleSpec().list().ofMaxSize(max)
                .uniqueElements(r -> r.direction().toLowerCase(Locale.ROOT) + r.priority())
                .map(specs -> {
                    List<SecurityRule> out = new ArrayList<>();
                    for (int i = 0; i < specs.size(); i++) {
                        out.add(specs.get(i).toRule("r" + i));
                    }
                    return out;
                });
    }

    // ------------------------------------------------------------------ packets

    static Arbitrary<Protocol> packetProtocol() {
        return Arbitraries.frequency(Tuple.of(4, Protocol.TCP), Tuple.of(2, Protocol.UDP), Tuple.of(2, Protocol.ICMP),
                Tuple.of(1, Protocol.ESP), Tuple.of(1, Protocol.AH));
    }

    static Arbitrary<Integer> port() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0, 22, 53, 80, 443, 999, 1000, 1023, 1024, 1500, 2000, 2001, 3389, 65535)),
                Tuple.of(1, Arbitraries.integers().between(0, 65535)));
    }

    /** Remote IPv4 addresses for the plain flows path: mostly random, one in five a platform service's (D7). */
    static Arbitrary<List<String>> v4Remotes(int max) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, v4Address()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(PLATFORM.stream().filter(a -> !a.contains(":")).sorted()
                        .toList()))).list().ofMinSize(1).ofMaxSize(max);
    }

    static Arbitrary<String> v4Address() {
        Arbitrary<String> nearNics = Combinators.combine(Arbitraries.of(1, 2, 129), Arbitraries.integers().between(8, 16))
                .as((c, d) -> "10.0." + c + "." + d);
        Arbitrary<String> inUniverse = Combinators.combine(Arbitraries.of(0, 1, 2, 3, 127, 128, 129, 200, 255),
                Arbitraries.integers().between(0, 255)).as((c, d) -> "10.0." + c + "." + d);
        Arbitrary<String> fixed = Arbitraries.of("52.170.1.2", "52.161.0.1", "13.64.1.1", "8.8.8.8", "192.168.1.1",
                "172.16.5.5", "100.64.1.1", "169.254.1.1", "127.0.0.1", "224.0.0.1", "255.255.255.255", "0.0.0.1",
                "11.1.1.1", "168.63.129.16", "10.200.0.1");
        Arbitrary<String> any = Arbitraries.longs().between(0, 0xFFFF_FFFFL)
                .map(v -> (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255));
        // the ends of each subnet, where the addresses Azure reserves (D8's usable range) begin and end
        Arbitrary<String> subnetEdges = Combinators.combine(Arbitraries.of(1, 2, 129),
                Arbitraries.of(0, 3, 4, 254, 255)).as((c, d) -> "10.0." + c + "." + d);
        return Arbitraries.frequencyOf(Tuple.of(3, nearNics), Tuple.of(2, inUniverse), Tuple.of(3, fixed),
                Tuple.of(2, subnetEdges), Tuple.of(1, any));
    }

    static Arbitrary<String> v6Address() {
        Arbitrary<String> nearNics = Combinators.combine(Arbitraries.of("fd00:a:0:1::", "fd00:a:0:2::", "fd00:b:0:1::"),
                Arbitraries.integers().between(8, 16)).as((p, d) -> p + d);
        Arbitrary<String> fixed = Arbitraries.of("2001:db8::1", "2603:1000::5", "fe80::1", "::1", "ff02::1",
                "fd00:c::1", "fd00:a:ffff::1", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "::");
        Arbitrary<String> any = Arbitraries.integers().between(0, 0xFFFF).map(Integer::toHexString).list().ofSize(8)
                .map(l -> String.join(":", l));
        Arbitrary<String> subnetEdges = Combinators.combine(Arbitraries.of("fd00:a:0:1:", "fd00:a:0:2:", "fd00:b:0:1:"),
                Arbitraries.of(":", ":3", ":4", "ffff:ffff:ffff:fffe", "ffff:ffff:ffff:ffff"))
                .as((p, d) -> p + d);
        return Arbitraries.frequencyOf(Tuple.of(3, nearNics), Tuple.of(3, fixed), Tuple.of(1, subnetEdges),
                Tuple.of(1, any));
    }

    // ------------------------------------------------------------------ topologies

    /** A static NIC: subnet index, whether it also has an IPv6 configuration, ASGs per configuration, NSG index. */
    record NicSpec(int subnet, boolean v6, Set<String> asgs4, Set<String> asgs6, int nsg) {
    }

    /** A NIC with a dynamic IPv4 address. */
    record DynSpec(int subnet, Set<String> asgs, int nsg) {
    }

    record Scenario(int vnetCount, int peering, boolean v6, int onPrem, List<NicSpec> statics, List<DynSpec> dynamics,
                    List<List<SecurityRule>> nsgs, List<Integer> subnetNsgs) {

        static final String[][] SUBNETS = {
                {"vnet-a", "s1", "10.0.1.", "fd00:a:0:1::"},
                {"vnet-a", "s2", "10.0.2.", "fd00:a:0:2::"},
                {"vnet-b", "s1", "10.0.129.", "fd00:b:0:1::"}};

        int subnetCount() {
            return vnetCount == 1 ? 2 : 3;
        }

        /** References are case-insensitive: some are written in upper case. */
        String nsgName(int index, boolean upper) {
            String name = index >= 0 && !nsgs.isEmpty() ? "nsg-" + (index % nsgs.size()) : null;
            return name != null && upper ? name.toUpperCase(Locale.ROOT) : name;
        }

        static String ref(int s, boolean upper) {
            String ref = SUBNETS[s][0] + "/" + SUBNETS[s][1];
            return upper ? ref.toUpperCase(Locale.ROOT) : ref;
        }

        static List<String> names(Set<String> asgs, boolean upper) {
            return asgs.stream().map(a -> upper ? a.toUpperCase(Locale.ROOT) : a).sorted().toList();
        }

        Topology topology() {
            int n = subnetCount();
            List<Subnet> aSubnets = new ArrayList<>();
            List<Subnet> bSubnets = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                List<String> prefixes = new ArrayList<>();
                prefixes.add(SUBNETS[s][2] + "0/24");
                if (v6) {
                    prefixes.add(SUBNETS[s][3] + "/64");
                }
                Subnet subnet = new Subnet(SUBNETS[s][1], prefixes, nsgName(subnetNsgs.get(s), s == 1), null);
                (s < 2 ? aSubnets : bSubnets).add(subnet);
            }
            List<String> onPremA = switch (onPrem) {
                case 1 -> List.of("192.168.0.0/20");
                case 2 -> List.of("52.170.0.0/16");
                case 3 -> List.of("fd00:c::/48", "11.0.0.0/8");
                default -> List.of();
            };
            List<VirtualNetwork> vnets = new ArrayList<>();
            vnets.add(new VirtualNetwork("vnet-a", v6 ? List.of("10.0.0.0/17", "fd00:a::/48") : List.of("10.0.0.0/17"),
                    vnetCount == 2 && peering == 1 ? List.of("VNET-B") : List.of(), onPremA, aSubnets, null));
            if (vnetCount == 2) {
                vnets.add(new VirtualNetwork("vnet-b", v6 ? List.of("10.0.128.0/17", "fd00:b::/48")
                        : List.of("10.0.128.0/17"), peering == 2 ? List.of("vnet-a") : List.of(), List.of(),
                        bSubnets, null));
            }
            List<NetworkInterface> nics = new ArrayList<>();
            for (int i = 0; i < statics.size(); i++) {
                NicSpec spec = statics.get(i);
                int s = spec.subnet() % n;
                boolean odd = i % 2 == 1;
                List<IpConfiguration> ips = new ArrayList<>();
                ips.add(new IpConfiguration("ipconfig1", ref(s, odd), SUBNETS[s][2] + (10 + i), "IPv4",
                        names(spec.asgs4(), odd), null));
                if (v6 && spec.v6()) {
                    ips.add(new IpConfiguration("ipconfig2", ref(s, odd), SUBNETS[s][3] + (10 + i), "IPv6",
                            names(spec.asgs6(), !odd), null));
                }
                nics.add(new NetworkInterface("nic-" + i, ips, nsgName(spec.nsg(), odd), null));
            }
            for (int i = 0; i < dynamics.size(); i++) {
                DynSpec spec = dynamics.get(i);
                int s = spec.subnet() % n;
                List<IpConfiguration> ips = new ArrayList<>();
                ips.add(new IpConfiguration("ipconfig1", ref(s, false), null, "IPv4", names(spec.asgs(), false), null));
                if (v6) {
                    ips.add(new IpConfiguration("ipconfig2", ref(s, false), null, "IPv6", names(spec.asgs(), true),
                            null));
                }
                nics.add(new NetworkInterface("dyn-" + i, ips, nsgName(spec.nsg(), false), null));
            }
            List<NetworkSecurityGroup> nsgList = new ArrayList<>();
            for (int i = 0; i < nsgs.size(); i++) {
                nsgList.add(new NetworkSecurityGroup("nsg-" + i, nsgs.get(i), null));
            }
            return new Topology(vnets, asgs(), nics, nsgList);
        }
    }

    static List<ApplicationSecurityGroup> asgs() {
        return ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList();
    }

    static net.jqwik.api.arbitraries.SetArbitrary<String> asgSet() {
        return Arbitraries.subsetOf(ASGS);
    }

    static Arbitrary<Scenario> scenario() {
        Arbitrary<Integer> nsgIndex = Arbitraries.frequency(Tuple.of(1, -1), Tuple.of(3, 0), Tuple.of(2, 1),
                Tuple.of(1, 2));
        Arbitrary<NicSpec> nic = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, true, false),
                asgSet(), asgSet(), nsgIndex).as(NicSpec::new);
        Arbitrary<DynSpec> dyn = Combinators.combine(Arbitraries.integers().between(0, 2),
                asgSet().ofMinSize(1), nsgIndex).as(DynSpec::new);
        return Combinators.combine(
                Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.of(true, true, false),
                Arbitraries.integers().between(0, 3),
                nic.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(List.<DynSpec>of())),
                        Tuple.of(1, dyn.list().ofMinSize(1).ofMaxSize(2))),
                nsgRules(30).list().ofMinSize(1).ofMaxSize(3),
                nsgIndex.list().ofSize(3))
                .as(Scenario::new);
    }
}
