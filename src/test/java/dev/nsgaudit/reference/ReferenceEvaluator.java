package dev.nsgaudit.reference;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * THE ORACLE for the property tests: a deliberately naive IP flow verify written straight from SPEC section 2.
 * It reads only the model records (rule strings as written) and shares no code with the production evaluator
 * (no RuleCompiler, AddressField, PortField, AddressSet, IpAddress, BitsetClassifier, CompiledRule,
 * NetworkView, DefaultRules). Everything is recomputed for every packet; speed does not matter here.
 *
 * <p>Not covered, so the generators avoid them: D7 platform addresses as outbound destinations, service tags
 * other than VirtualNetwork/Internet/AzureLoadBalancer, unresolved values, duplicate priorities.
 */
public final class ReferenceEvaluator {

    /** What one NSG decided. Access is "Allow" or "Deny". */
    public record Layer(String nsg, String appliedTo, String matchedRule, String access) {
    }

    /** A verdict: access, deciding rule and NSG (D1), the NSGs evaluated in order. */
    public record Outcome(String access, String ruleName, String nsg, List<Layer> layers) {
    }

    /** A packet; ASG sets are lower-cased names; ports are ignored for Icmp/Esp/Ah. */
    public record Pkt(String protocol, String src, int srcPort, Set<String> srcAsgs,
                      String dst, int dstPort, Set<String> dstAsgs) {
    }

    /** An NSG on the path and what it is attached to. */
    public record PathNsg(NetworkSecurityGroup nsg, String appliedTo) {
    }

    /** SPEC: the six default rules, written out here rather than taken from production. */
    static final List<SecurityRule> DEFAULTS = List.of(
            dflt("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
            dflt("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
            dflt("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
            dflt("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
            dflt("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
            dflt("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"));

    /** D3: VirtualNetwork when no virtual network is known. */
    public static final List<String> ASSUMED_VNET = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "168.63.129.16/32");

    /** D4: never Internet. */
    static final List<String> NON_PUBLIC = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4",
            "::1/128", "fc00::/7", "fe80::/10", "ff00::/8");

    private static SecurityRule dflt(String name, int priority, String dir, String access, String src, String dst) {
        return SecurityRule.builder(name).priority(priority).direction(dir).access(access).protocol("*")
                .sourceAddressPrefix(src).sourcePortRange("*").destinationAddressPrefix(dst)
                .destinationPortRange("*").build();
    }

    private final Topology topo;

    public ReferenceEvaluator(Topology topo) {
        this.topo = topo;
    }

    // ------------------------------------------------------------------ addresses, the obvious way

    /** An address as (bits, value). */
    record Addr(int bits, BigInteger value) {
    }

    static Addr addr(String text) {
        if (text.contains(":")) {
            try {
                byte[] b = InetAddress.getByName(text).getAddress(); // a literal: no DNS
                BigInteger v = new BigInteger(1, b);
                // java.net returns ::ffff:a.b.c.d as the IPv4 address a.b.c.d: put the ffff back
                return new Addr(128, b.length == 16 ? v : v.or(BigInteger.valueOf(0xFFFF).shiftLeft(32)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(text, e);
            }
        }
        String[] parts = text.split("\\.");
        long v = 0;
        for (String p : parts) {
            v = v * 256 + Integer.parseInt(p);
        }
        return new Addr(32, BigInteger.valueOf(v));
    }

    /** Is {@code a} inside the CIDR (or single address) {@code cidr}? Host bits of the CIDR are ignored (D2). */
    static boolean inPrefix(Addr a, String cidr) {
        String[] parts = cidr.split("/");
        Addr net = addr(parts[0]);
        if (net.bits() != a.bits()) {
            return false;
        }
        int len = parts.length > 1 ? Integer.parseInt(parts[1]) : net.bits();
        int shift = net.bits() - len;
        return a.value().shiftRight(shift).equals(net.value().shiftRight(shift));
    }

    static boolean inAny(Addr a, List<String> cidrs) {
        return cidrs.stream().anyMatch(c -> inPrefix(a, c));
    }

    // ------------------------------------------------------------------ topology

    VirtualNetwork vnetOf(IpConfiguration ip) {
        String vnetName = ip.subnet().substring(0, ip.subnet().indexOf('/'));
        return topo.virtualNetworks().stream().filter(v -> v.name().equalsIgnoreCase(vnetName)).findFirst()
                .orElseThrow();
    }

    Subnet subnetOf(IpConfiguration ip) {
        String subnetName = ip.subnet().substring(ip.subnet().indexOf('/') + 1);
        return vnetOf(ip).subnets().stream().filter(s -> s.name().equalsIgnoreCase(subnetName)).findFirst()
                .orElseThrow();
    }

    boolean peered(VirtualNetwork a, VirtualNetwork b) {
        return a != b && (a.peerings().stream().anyMatch(p -> p.equalsIgnoreCase(b.name()))
                || b.peerings().stream().anyMatch(p -> p.equalsIgnoreCase(a.name())));
    }

    /** The VNet and the VNets peered with it (a peering counts whichever side declares it). */
    public List<VirtualNetwork> reachable(VirtualNetwork vnet) {
        List<VirtualNetwork> out = new ArrayList<>();
        out.add(vnet);
        for (VirtualNetwork other : topo.virtualNetworks()) {
            if (peered(vnet, other)) {
                out.add(other);
            }
        }
        return out;
    }

    /** VirtualNetwork seen from {@code vnet}: own and peers' spaces, on-premises prefixes, 168.63.129.16. */
    List<String> virtualNetworkTag(VirtualNetwork vnet) {
        List<String> out = new ArrayList<>();
        for (VirtualNetwork v : reachable(vnet)) {
            out.addAll(v.addressSpace());
        }
        out.addAll(vnet.onPremisesPrefixes());
        out.add("168.63.129.16/32");
        return out;
    }

    NetworkSecurityGroup nsg(String name) {
        return topo.networkSecurityGroups().stream().filter(n -> n.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow();
    }

    static Set<String> lower(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /**
     * The ASG sets the remote address may stand for (D8): the static NICs of reachable VNets that have it;
     * if none, a host in no ASG, or any dynamic configuration of a reachable VNet whose subnet's usable range
     * (prefix minus first four and last address) contains it.
     */
    public List<Set<String>> remoteIdentities(String remote, VirtualNetwork from) {
        Addr a = addr(remote);
        List<VirtualNetwork> vnets = reachable(from);
        List<Set<String>> statics = new ArrayList<>();
        List<Set<String>> out = new ArrayList<>();
        out.add(Set.of());
        for (NetworkInterface nic : topo.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (!vnets.contains(vnetOf(ip))) {
                    continue;
                }
                if (!ip.isDynamic() && addr(ip.privateIPAddress()).equals(a)) {
                    statics.add(lower(ip.applicationSecurityGroups()));
                }
                if (ip.isDynamic() && usable(ip, a)) {
                    out.add(lower(ip.applicationSecurityGroups()));
                }
            }
        }
        return statics.isEmpty() ? out : statics;
    }

    boolean usable(IpConfiguration ip, Addr a) {
        int bits = ip.privateIPAddressVersion().equalsIgnoreCase("IPv6") ? 128 : 32;
        for (String p : subnetOf(ip).addressPrefixes()) {
            String[] parts = p.split("/");
            Addr net = addr(parts[0]);
            if (net.bits() != bits || a.bits() != bits || !inPrefix(a, p)) {
                continue;
            }
            int hostBits = bits - Integer.parseInt(parts[1]);
            BigInteger offset = a.value().subtract(net.value().shiftRight(hostBits).shiftLeft(hostBits));
            BigInteger size = BigInteger.ONE.shiftLeft(hostBits);
            return offset.compareTo(BigInteger.valueOf(4)) >= 0 && offset.compareTo(size.subtract(BigInteger.ONE)) < 0;
        }
        return false;
    }

    // ------------------------------------------------------------------ one NSG, for the rule-list properties

    /**
     * The ASG sets an address given to {@code verify --nsg} may stand for, seen from {@code from} (null: D3, every
     * virtual network in reach): as {@link #remoteIdentities}.
     */
    public List<Set<String>> identities(String address, VirtualNetwork from) {
        if (from != null) {
            return remoteIdentities(address, from);
        }
        Addr a = addr(address);
        List<Set<String>> statics = new ArrayList<>();
        List<Set<String>> out = new ArrayList<>();
        out.add(Set.of());
        for (NetworkInterface nic : topo.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                if (!ip.isDynamic() && addr(ip.privateIPAddress()).equals(a)) {
                    statics.add(lower(ip.applicationSecurityGroups()));
                }
                if (ip.isDynamic() && usable(ip, a)) {
                    out.add(lower(ip.applicationSecurityGroups()));
                }
            }
        }
        return statics.isEmpty() ? out : statics;
    }

    /** VirtualNetwork seen from {@code vnet}; D3 when null. */
    public List<String> vnetTag(VirtualNetwork vnet) {
        return vnet == null ? ASSUMED_VNET : virtualNetworkTag(vnet);
    }

    /** The rules of the NSG (user rules, then the defaults) that match the packet, in evaluation order. */
    public static List<SecurityRule> matching(NetworkSecurityGroup nsg, boolean inbound, List<String> vnetTag, Pkt p) {
        List<SecurityRule> out = new ArrayList<>();
        for (SecurityRule r : ordered(nsg, inbound)) {
            if (matches(r, vnetTag, p)) {
                out.add(r);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ verify

    /**
     * Every outcome the question can have, one per distinct remote identity and source port (usually one).
     *
     * @param localPort null for protocols without ports, or, outbound, for any source port
     * @param remotePort null for protocols without ports, or, inbound, for any source port
     */
    public Set<Outcome> verify(String nicName, boolean inbound, String protocol, String local, Integer localPort,
                               String remote, Integer remotePort) {
        NetworkInterface nic = topo.networkInterfaces().stream().filter(n -> n.name().equalsIgnoreCase(nicName))
                .findFirst().orElseThrow();
        Addr localAddr = addr(local);
        IpConfiguration ip = nic.ipConfigurations().stream()
                .filter(c -> c.isDynamic() ? usable(c, localAddr) : addr(c.privateIPAddress()).equals(localAddr))
                .findFirst().orElseThrow();
        VirtualNetwork vnet = vnetOf(ip);
        Subnet subnet = subnetOf(ip);
        List<PathNsg> path = new ArrayList<>();
        PathNsg subnetNsg = subnet.networkSecurityGroup() == null ? null
                : new PathNsg(nsg(subnet.networkSecurityGroup()), "subnet:" + vnet.name() + "/" + subnet.name());
        PathNsg nicNsg = nic.networkSecurityGroup() == null ? null
                : new PathNsg(nsg(nic.networkSecurityGroup()), "nic:" + nic.name());
        PathNsg first = inbound ? subnetNsg : nicNsg;
        PathNsg second = inbound ? nicNsg : subnetNsg;
        if (first != null) {
            path.add(first);
        }
        if (second != null) {
            path.add(second);
        }
        List<String> vnetTag = virtualNetworkTag(vnet);
        Set<String> localAsgs = lower(ip.applicationSecurityGroups());
        boolean hasPorts = protocol.equalsIgnoreCase("Tcp") || protocol.equalsIgnoreCase("Udp");
        Integer sourcePort = inbound ? remotePort : localPort;
        List<Integer> sourcePorts = !hasPorts ? List.of(-1)
                : sourcePort != null ? List.of(sourcePort) : sourcePortsWorthTrying(path);
        int dp = hasPorts ? (inbound ? localPort : remotePort) : -1;
        Set<Outcome> out = new LinkedHashSet<>();
        for (Set<String> remoteAsgs : remoteIdentities(remote, vnet)) {
            for (int sp : sourcePorts) {
                Pkt p = inbound
                        ? new Pkt(protocol, remote, sp, remoteAsgs, local, dp, localAsgs)
                        : new Pkt(protocol, local, sp, localAsgs, remote, dp, remoteAsgs);
                out.add(evaluate(path, inbound, vnetTag, p));
            }
        }
        return out;
    }

    /**
     * For a source port of '*': the verdict only changes where some rule's source port range starts or ends,
     * so 0, 65535 and every range end and its neighbour cover every verdict there is.
     */
    static List<Integer> sourcePortsWorthTrying(List<PathNsg> path) {
        Set<Integer> out = new java.util.TreeSet<>(List.of(0, 65535));
        for (PathNsg n : path) {
            for (SecurityRule r : n.nsg().securityRules()) {
                for (int[] range : ports(r.sourcePortRange(), r.sourcePortRanges())) {
                    for (int port : new int[] {range[0] - 1, range[0], range[1], range[1] + 1}) {
                        if (port >= 0 && port <= 65535) {
                            out.add(port);
                        }
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** Evaluates the NSGs in path order; the first Deny stops; the last evaluated decides (D1). */
    public static Outcome evaluate(List<PathNsg> path, boolean inbound, List<String> vnetTag, Pkt p) {
        List<Layer> layers = new ArrayList<>();
        for (PathNsg n : path) {
            SecurityRule rule = firstMatch(n.nsg(), inbound, vnetTag, p);
            String name = (DEFAULTS.contains(rule) ? "defaultSecurityRules/" : "securityRules/") + rule.name();
            String access = rule.access().equalsIgnoreCase("Deny") ? "Deny" : "Allow";
            layers.add(new Layer(n.nsg().name(), n.appliedTo(), name, access));
            if (access.equals("Deny")) {
                break;
            }
        }
        if (layers.isEmpty()) {
            return new Outcome("Allow", null, null, layers);
        }
        Layer last = layers.get(layers.size() - 1);
        return new Outcome(last.access(), last.matchedRule(), last.nsg(), layers);
    }

    static SecurityRule firstMatch(NetworkSecurityGroup nsg, boolean inbound, List<String> vnetTag, Pkt p) {
        String dir = inbound ? "Inbound" : "Outbound";
        List<SecurityRule> rules = new ArrayList<>();
        for (SecurityRule r : nsg.securityRules()) {
            if (r.direction().equalsIgnoreCase(dir)) {
                rules.add(r);
            }
        }
        for (SecurityRule r : DEFAULTS) {
            if (r.direction().equals(dir)) {
                rules.add(r);
            }
        }
        rules.sort(Comparator.comparingInt(SecurityRule::priority)); // stable: user rules before defaults
        for (SecurityRule r : rules) {
            if (matches(r, vnetTag, p)) {
                return r;
            }
        }
        throw new AssertionError("the default deny always matches");
    }

    static boolean matches(SecurityRule r, List<String> vnetTag, Pkt p) {
        return matchesTraffic(r, p) && matchesEnd(r, true, vnetTag, p.src(), p.srcAsgs())
                && matchesEnd(r, false, vnetTag, p.dst(), p.dstAsgs());
    }

    /** Whether the rule's protocol and ports match the packet's (D5, D6); the addresses aside. */
    public static boolean matchesTraffic(SecurityRule r, Pkt p) {
        if (!r.protocol().equals("*") && !r.protocol().equalsIgnoreCase(p.protocol())) {
            return false;
        }
        boolean hasPorts = p.protocol().equalsIgnoreCase("Tcp") || p.protocol().equalsIgnoreCase("Udp");
        if (hasPorts) {
            return inPorts(ports(r.sourcePortRange(), r.sourcePortRanges()), p.srcPort())
                    && inPorts(ports(r.destinationPortRange(), r.destinationPortRanges()), p.dstPort());
        }
        return allPorts(r.sourcePortRange(), r.sourcePortRanges())
                && allPorts(r.destinationPortRange(), r.destinationPortRanges());
    }

    /** Whether one side of the rule (source or destination) matches an end: its address and ASGs. */
    public static boolean matchesEnd(SecurityRule r, boolean source, List<String> vnetTag, String address,
                                     Set<String> asgs) {
        return source
                ? side(r.sourceAddressPrefix(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(),
                vnetTag, address, asgs)
                : side(r.destinationAddressPrefix(), r.destinationAddressPrefixes(),
                r.destinationApplicationSecurityGroups(), vnetTag, address, asgs);
    }

    /** The rules of one direction of the NSG, user rules then the defaults, in evaluation order. */
    public static List<SecurityRule> ordered(NetworkSecurityGroup nsg, boolean inbound) {
        String dir = inbound ? "Inbound" : "Outbound";
        List<SecurityRule> rules = new ArrayList<>();
        for (SecurityRule r : nsg.securityRules()) {
            if (r.direction().equalsIgnoreCase(dir)) {
                rules.add(r);
            }
        }
        for (SecurityRule r : DEFAULTS) {
            if (r.direction().equals(dir)) {
                rules.add(r);
            }
        }
        rules.sort(Comparator.comparingInt(SecurityRule::priority)); // stable: user rules before defaults
        return rules;
    }

    static boolean side(String single, List<String> plural, List<String> asgs, List<String> vnetTag,
                        String address, Set<String> endpointAsgs) {
        if (!asgs.isEmpty()) {
            return lower(asgs).stream().anyMatch(endpointAsgs::contains);
        }
        List<String> tokens = single != null ? List.of(single) : plural;
        Addr a = addr(address);
        for (String t : tokens) {
            boolean hit;
            if (t.equals("*") || t.equalsIgnoreCase("Any")) {
                hit = true;
            } else if (t.equalsIgnoreCase("VirtualNetwork")) {
                hit = inAny(a, vnetTag);
            } else if (t.equalsIgnoreCase("Internet")) {
                hit = !inAny(a, vnetTag) && !inAny(a, NON_PUBLIC);
            } else if (t.equalsIgnoreCase("AzureLoadBalancer")) {
                hit = inPrefix(a, "168.63.129.16/32");
            } else {
                hit = inPrefix(a, t);
            }
            if (hit) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ security admin rules

    /**
     * What the security admin rules in front of a host in {@code vnet}/{@code subnet} do with the packet (nsg-semantics
     * 4.3): "AlwaysAllow", "Deny", or "Continue" (an Allow rule matched, or none did; the NSGs decide). A collection
     * applies when one of its groups lists the VNet, or the subnet as {@code vnet/subnet}; the rules of every
     * applying collection, sorted by priority (stable), first match. Only IPPrefix items and the VirtualNetwork and
     * Internet tags, groups of known static members, no unresolved values and no priority ties.
     */
    public String adminOutcome(VirtualNetwork vnet, Subnet subnet, boolean inbound, Pkt p) {
        List<dev.nsgaudit.model.AdminRule> rules = new ArrayList<>();
        for (dev.nsgaudit.model.SecurityAdminConfiguration c : topo.securityAdminConfigurations()) {
            for (dev.nsgaudit.model.AdminRuleCollection col : c.ruleCollections()) {
                boolean applies = false;
                for (String group : col.appliesToGroups()) {
                    for (dev.nsgaudit.model.NetworkGroup g : topo.networkGroups()) {
                        if (g.name().equalsIgnoreCase(group) && g.networkManager().equalsIgnoreCase(c.networkManager())) {
                            for (String member : g.staticMembers()) {
                                applies |= member.equalsIgnoreCase(vnet.name())
                                        || member.equalsIgnoreCase(vnet.name() + "/" + subnet.name());
                            }
                        }
                    }
                }
                if (applies) {
                    for (dev.nsgaudit.model.AdminRule r : col.rules()) {
                        if (r.direction().equalsIgnoreCase(inbound ? "Inbound" : "Outbound")) {
                            rules.add(r);
                        }
                    }
                }
            }
        }
        rules.sort(Comparator.comparingInt(dev.nsgaudit.model.AdminRule::priority));
        List<String> vnetTag = virtualNetworkTag(vnet);
        for (dev.nsgaudit.model.AdminRule r : rules) {
            if (adminMatches(r, vnetTag, p)) {
                return r.access().equalsIgnoreCase("Allow") ? "Continue"
                        : r.access().equalsIgnoreCase("Deny") ? "Deny" : "AlwaysAllow";
            }
        }
        return "Continue";
    }

    static boolean adminMatches(dev.nsgaudit.model.AdminRule r, List<String> vnetTag, Pkt p) {
        if (!r.protocol().equalsIgnoreCase("Any") && !r.protocol().equalsIgnoreCase(p.protocol())) {
            return false;
        }
        List<int[]> srcPorts = r.sourcePortRanges().isEmpty() ? ports("*", List.of()) : ports(null, r.sourcePortRanges());
        List<int[]> dstPorts = r.destinationPortRanges().isEmpty() ? ports("*", List.of())
                : ports(null, r.destinationPortRanges());
        boolean hasPorts = p.protocol().equalsIgnoreCase("Tcp") || p.protocol().equalsIgnoreCase("Udp");
        boolean everyPort = (r.sourcePortRanges().isEmpty() || allPorts(null, r.sourcePortRanges()))
                && (r.destinationPortRanges().isEmpty() || allPorts(null, r.destinationPortRanges()));
        if (hasPorts ? !inPorts(srcPorts, p.srcPort()) || !inPorts(dstPorts, p.dstPort()) : !everyPort) {
            return false;
        }
        return adminSide(r.sources(), vnetTag, p.src()) && adminSide(r.destinations(), vnetTag, p.dst());
    }

    /** No item is any address; otherwise one item must hold it. */
    private static boolean adminSide(List<dev.nsgaudit.model.AddressPrefixItem> items, List<String> vnetTag,
                                     String address) {
        if (items.isEmpty()) {
            return true;
        }
        List<String> tokens = new ArrayList<>();
        items.forEach(i -> tokens.add(i.addressPrefix()));
        return side(null, tokens, List.of(), vnetTag, address, Set.of());
    }

    /** A port field as ranges: the singular (a comma list counts as its items) or the plural items. */
    static List<int[]> ports(String single, List<String> plural) {
        List<String> tokens = new ArrayList<>(plural);
        if (single != null) {
            tokens.addAll(List.of(single.split(",")));
        }
        List<int[]> out = new ArrayList<>();
        for (String t : tokens) {
            t = t.trim();
            if (t.equals("*")) {
                out.add(new int[] {0, 65535});
            } else if (t.contains("-")) {
                out.add(new int[] {Integer.parseInt(t.substring(0, t.indexOf('-'))),
                        Integer.parseInt(t.substring(t.indexOf('-') + 1))});
            } else {
                out.add(new int[] {Integer.parseInt(t), Integer.parseInt(t)});
            }
        }
        return out;
    }

    static boolean inPorts(List<int[]> ranges, int port) {
        for (int[] r : ranges) {
            if (r[0] <= port && port <= r[1]) {
                return true;
            }
        }
        return false;
    }

    /** Memo for {@link #allPorts}, keyed by the field's text; only for speed. */
    private static final Map<String, Boolean> ALL_PORTS = new ConcurrentHashMap<>();

    /** D6: a port-less packet matches only fields that cover every port; checked port by port. */
    static boolean allPorts(String single, List<String> plural) {
        return ALL_PORTS.computeIfAbsent(single + "|" + plural, k -> {
            List<int[]> ranges = ports(single, plural);
            for (int port = 0; port <= 65535; port++) {
                if (!inPorts(ranges, port)) {
                    return false;
                }
            }
            return true;
        });
    }
}
