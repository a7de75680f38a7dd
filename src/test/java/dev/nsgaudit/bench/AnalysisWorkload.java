package dev.nsgaudit.bench;

import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic workloads for the analysis engine (java.util.Random with a fixed seed, so the same seed gives the
 * same input on any JVM), built directly as model records.
 *
 * <ul>
 *   <li>{@link #singleNsg}: one NSG of N user rules, half inbound and half outbound, attached to one subnet of a
 *       small peered VNet pair with 40 NICs in 12 ASGs. The rules mix single IPs, CIDRs, augmented rules (plural
 *       prefix lists; the explicit IPs and CIDRs of the whole NSG total about 4 per rule, 4,000 for N = 1,000, the
 *       Azure limit), built-in tags and real service tags from the bundled file, ASGs and {@code *}; single ports,
 *       ranges, plural lists and {@code *}; Tcp, Udp, {@code *}, Icmp; Allow and Deny. About one rule in eight is a
 *       narrowed copy of an earlier generated rule of the same direction (a sub-CIDR, one list element, part of
 *       the ports, one protocol), placed at a random priority, so shadowed, redundant, correlated and
 *       generalization findings all occur. Priorities are unique per direction, drawn from 100-4096 (wider when a
 *       direction has more rules than that range holds: synthetic sizes beyond Azure's limits).</li>
 *   <li>{@link #policyMatrix}: 200 NICs in a hub and four spoke VNets (hub peered with every spoke), 18 subnets,
 *       each with its own subnet NSG of 40-160 rules, 12 shared NIC NSGs of 8-40 rules on about a third of the
 *       NICs, 24 ASGs (each NIC in 0-3), and a 50 x 50 matrix of flow policies between 50 source and 50
 *       destination endpoints (asg:, subnet:, nic:, vnet:, internal and external CIDRs, Internet, a service tag),
 *       each with its own protocol and port set and an expectation (2,500 policies).</li>
 * </ul>
 */
public final class AnalysisWorkload {

    public static final long DEFAULT_SEED = 20240611L;

    public static final String NSG = "nsg-under-test";
    public static final String VNET = "vnet-an";
    public static final String PEER = "vnet-an-peer";

    /** Remote-side tags: built-in ones and real service tags from the bundled ServiceTags_Public.json. */
    static final List<String> TAGS = List.of("Internet", "VirtualNetwork", "AzureLoadBalancer", "Storage", "Sql",
            "AzureCloud.westeurope", "Storage.WestEurope", "Sql.WestEurope", "AzureKeyVault", "EventHub",
            "AzureMonitor", "AzureActiveDirectory", "AppService", "AzureFrontDoor.Backend");

    private static final int[] POPULAR_PORTS = {22, 25, 53, 80, 123, 389, 443, 445, 636, 1433, 1521, 2049, 3306,
            3389, 5432, 5671, 5672, 5985, 5986, 6379, 8080, 8443, 9000, 9092, 9200, 11211, 27017};

    private AnalysisWorkload() {
    }

    // ================================================================================================ single NSG

    /** A generated single-NSG topology and the shape of its rules. */
    public record NsgWorkload(Topology topology, int rules, int explicitPrefixes, int augmentedRules,
                              int narrowedCopies, int tagRules, int asgRules) {
        public String describe() {
            return rules + " user rules (" + rules / 2 + " per direction), " + explicitPrefixes
                    + " explicit IPs/CIDRs in total, " + augmentedRules + " rules with plural prefix lists, "
                    + tagRules + " with a tag, " + asgRules + " with ASGs, " + narrowedCopies + " narrowed copies";
        }
    }

    private static final List<String> SMALL_ASGS = List.of("asg-web", "asg-app", "asg-db", "asg-admin",
            "asg-monitor", "asg-batch", "asg-cache", "asg-jump", "asg-build", "asg-partner", "asg-api", "asg-queue");

    public static NsgWorkload singleNsg(int rules, long seed) {
        Random rnd = new Random(seed * 31 + rules);
        List<VirtualNetwork> vnets = List.of(
                new VirtualNetwork(VNET, List.of("10.0.0.0/16"), List.of(PEER), List.of(), List.of(
                        new Subnet("app", List.of("10.0.1.0/24"), NSG, null),
                        new Subnet("web", List.of("10.0.2.0/24"), null, null),
                        new Subnet("data", List.of("10.0.3.0/24"), null, null)), null),
                new VirtualNetwork(PEER, List.of("10.1.0.0/16"), List.of(), List.of(), List.of(
                        new Subnet("shared", List.of("10.1.0.0/24"), null, null)), null));
        List<ApplicationSecurityGroup> asgs = SMALL_ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList();
        List<NetworkInterface> nics = new ArrayList<>();
        String[][] placements = {{VNET + "/app", "10.0.1."}, {VNET + "/web", "10.0.2."}, {VNET + "/data", "10.0.3."},
                {PEER + "/shared", "10.1.0."}};
        int n = 0;
        for (String[] place : placements) {
            for (int host = 4; host < 14; host++) {
                nics.add(new NetworkInterface(String.format("nic-%02d", ++n), List.of(new IpConfiguration("ipconfig1",
                        place[0], place[1] + host, "IPv4", pickAsgs(rnd, SMALL_ASGS, 3), null)), null, null));
            }
        }
        NsgGen gen = new NsgGen(rnd, 4 * rules, SMALL_ASGS);
        List<SecurityRule> list = new ArrayList<>(rules);
        for (Direction d : Direction.values()) {
            list.addAll(gen.direction(d, d == Direction.INBOUND ? rules / 2 : rules - rules / 2, "r"));
        }
        NetworkSecurityGroup nsg = new NetworkSecurityGroup(NSG, list, SourceRef.of("generated-" + rules + ".yaml", 1));
        return new NsgWorkload(new Topology(vnets, asgs, nics, List.of(nsg)), rules, gen.prefixesUsed,
                gen.augmented, gen.narrowed, gen.tagRules, gen.asgRules);
    }

    private static List<String> pickAsgs(Random rnd, List<String> pool, int max) {
        Set<String> out = new LinkedHashSet<>();
        int count = rnd.nextInt(max + 1);
        for (int k = 0; k < count; k++) {
            out.add(pool.get(rnd.nextInt(pool.size())));
        }
        return List.copyOf(out);
    }

    /**
     * Rule generator for one NSG. Local sides come from {@code localPrefixes} (the attachment's addresses and
     * neighbours), remote sides from anywhere; {@code prefixBudget} bounds the explicit IPs and CIDRs.
     */
    static final class NsgGen {
        private final Random rnd;
        private final List<String> asgs;
        private final List<String> localPrefixes;
        private final List<String> localAddresses;
        private final int prefixBudget;
        int prefixesUsed;
        int augmented;
        int narrowed;
        int tagRules;
        int asgRules;

        NsgGen(Random rnd, int prefixBudget, List<String> asgs) {
            this(rnd, prefixBudget, asgs, List.of("10.0.1.0/24", "10.0.0.0/16", "10.0.0.0/22", "10.0.2.0/24",
                    "10.0.1.0/26", "10.0.1.128/25"), List.of("10.0.1.4", "10.0.1.5", "10.0.1.6", "10.0.1.9"));
        }

        NsgGen(Random rnd, int prefixBudget, List<String> asgs, List<String> localPrefixes, List<String> localAddresses) {
            this.rnd = rnd;
            this.prefixBudget = prefixBudget;
            this.asgs = asgs;
            this.localPrefixes = localPrefixes;
            this.localAddresses = localAddresses;
        }

        /** {@code count} rules of one direction with unique priorities. */
        List<SecurityRule> direction(Direction d, int count, String prefix) {
            int top = Math.max(4096, 100 + count + count / 4);
            List<Integer> priorities = new ArrayList<>();
            for (int p = 100; p <= top; p++) {
                priorities.add(p);
            }
            Collections.shuffle(priorities, rnd);
            List<Spec> made = new ArrayList<>();
            List<SecurityRule> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Spec s = !made.isEmpty() && rnd.nextInt(8) == 0 ? narrow(made.get(rnd.nextInt(made.size()))) : fresh(d);
                made.add(s);
                String dir = d == Direction.INBOUND ? "in" : "out";
                out.add(s.build(String.format("%s-%s-%05d-%s", prefix, dir, i, s.allow ? "allow" : "deny"),
                        priorities.get(i), d));
            }
            return out;
        }

        private Spec fresh(Direction d) {
            boolean allow = rnd.nextInt(100) < 60;
            int pr = rnd.nextInt(100);
            String protocol = pr < 50 ? "Tcp" : pr < 75 ? "Udp" : pr < 95 ? "*" : "Icmp";
            Side remote = remote();
            Side local = local();
            boolean inbound = d == Direction.INBOUND;
            Spec s = new Spec(allow, protocol, inbound ? remote : local, inbound ? local : remote, null, null);
            if (protocol.equals("Icmp")) {
                return s.ports(List.of("*"), List.of("*"));
            }
            List<String> sp;
            int k = rnd.nextInt(100);
            if (k < 85) {
                sp = List.of("*");
            } else if (k < 95) {
                sp = List.of(range(1024, 65535, 30000));
            } else {
                sp = portList();
            }
            boolean broad = "*".equals(remote.prefix) || "Internet".equals(remote.prefix)
                    || "VirtualNetwork".equals(remote.prefix);
            List<String> dp;
            k = rnd.nextInt(100);
            if (k < 35 || (k >= 90 && broad)) {
                dp = List.of(Integer.toString(port()));
            } else if (k < 60) {
                dp = List.of(range(1, 65000, 2000));
            } else if (k < 90) {
                dp = portList();
            } else {
                dp = List.of("*");
            }
            return s.ports(sp, dp);
        }

        /** A rule inside {@code base}: one field narrowed, access drawn again. */
        private Spec narrow(Spec base) {
            narrowed++;
            boolean allow = rnd.nextBoolean();
            Spec s = new Spec(allow, base.protocol, base.source, base.destination, base.sourcePorts, base.destinationPorts);
            switch (rnd.nextInt(4)) {
                case 0 -> s = new Spec(allow, base.protocol, narrowSide(base.source), base.destination,
                        base.sourcePorts, base.destinationPorts);
                case 1 -> s = new Spec(allow, base.protocol, base.source, narrowSide(base.destination),
                        base.sourcePorts, base.destinationPorts);
                case 2 -> {
                    if (!base.protocol.equals("Icmp")) {
                        s = new Spec(allow, base.protocol.equals("*") ? "Tcp" : base.protocol, base.source,
                                base.destination, base.sourcePorts, narrowPorts(base.destinationPorts));
                    }
                }
                default -> {
                    if (base.protocol.equals("*")) {
                        s = new Spec(allow, rnd.nextBoolean() ? "Tcp" : "Udp", base.source, base.destination,
                                base.sourcePorts, base.destinationPorts);
                    }
                }
            }
            if (prefixesUsed + size(s.source) + size(s.destination) > prefixBudget) {
                s = new Spec(allow, s.protocol, narrowSide(s.source), narrowSide(s.destination), s.sourcePorts,
                        s.destinationPorts);
            }
            count(s.source);
            count(s.destination);
            return s;
        }

        private static int size(Side s) {
            boolean single = s.prefix != null && !s.prefix.equals("*") && Character.isDigit(s.prefix.charAt(0));
            return (single ? 1 : 0) + s.prefixes.size();
        }

        private Side narrowSide(Side side) {
            if (!side.prefixes.isEmpty()) {
                return Side.prefix(side.prefixes.get(rnd.nextInt(side.prefixes.size())));
            }
            if (side.asgs.size() > 1) {
                return new Side(null, List.of(), List.of(side.asgs.get(0)));
            }
            if (side.prefix != null && side.prefix.contains("/")) {
                String[] parts = side.prefix.split("/");
                int length = Integer.parseInt(parts[1]);
                if (length < 32) {
                    long base = parse(parts[0]);
                    int longer = Math.min(32, length + 1 + rnd.nextInt(4));
                    long offset = (long) rnd.nextInt(1 << Math.min(30, longer - length)) << (32 - longer);
                    return Side.prefix(v4(base | offset) + "/" + longer);
                }
            }
            return side;
        }

        private List<String> narrowPorts(List<String> ports) {
            String pick = ports.get(rnd.nextInt(ports.size()));
            if (pick.equals("*")) {
                return List.of(Integer.toString(port()));
            }
            if (pick.contains("-")) {
                String[] p = pick.split("-");
                int a = Integer.parseInt(p[0]);
                int b = Integer.parseInt(p[1]);
                int start = a + rnd.nextInt(b - a + 1);
                int end = start + rnd.nextInt(b - start + 1);
                return List.of(start == end ? Integer.toString(start) : start + "-" + end);
            }
            return List.of(pick);
        }

        private Side remote() {
            int k = rnd.nextInt(100);
            if (k < 12) {
                return count(Side.prefix(remoteAddress()));
            }
            if (k < 32) {
                return count(Side.prefix(remoteCidr()));
            }
            if (k < 57) {
                int size = 2 + rnd.nextInt(23);
                if (prefixBudget - prefixesUsed < size + 2) {
                    return count(Side.prefix(remoteCidr()));
                }
                List<String> list = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    list.add(rnd.nextBoolean() ? remoteAddress() : remoteCidr());
                }
                augmented++;
                return count(new Side(null, List.copyOf(new LinkedHashSet<>(list)), List.of()));
            }
            if (k < 82) {
                tagRules++;
                String tag = TAGS.get(rnd.nextInt(TAGS.size()));
                if (Boolean.getBoolean("bench.builtinTagsOnly") && TAGS.indexOf(tag) > 2) {
                    tag = TAGS.get(rnd.nextInt(3));
                }
                return Side.prefix(tag);
            }
            if (k < 96) {
                asgRules++;
                List<String> list = new ArrayList<>();
                list.add(asgs.get(rnd.nextInt(asgs.size())));
                if (rnd.nextInt(3) == 0) {
                    String second = asgs.get(rnd.nextInt(asgs.size()));
                    if (!list.contains(second)) {
                        list.add(second);
                    }
                }
                return new Side(null, List.of(), list);
            }
            return Side.prefix("*");
        }

        private Side local() {
            int k = rnd.nextInt(100);
            if (k < 35) {
                return Side.prefix("*");
            }
            if (k < 60) {
                return count(Side.prefix(localPrefixes.get(rnd.nextInt(localPrefixes.size()))));
            }
            if (k < 68) {
                return count(Side.prefix(localAddresses.get(rnd.nextInt(localAddresses.size()))));
            }
            if (k < 83) {
                asgRules++;
                return new Side(null, List.of(), List.of(asgs.get(rnd.nextInt(Math.min(6, asgs.size())))));
            }
            if (k < 93) {
                tagRules++;
                return Side.prefix("VirtualNetwork");
            }
            List<String> list = new ArrayList<>();
            list.add(localAddresses.get(rnd.nextInt(localAddresses.size())));
            list.add(localPrefixes.get(rnd.nextInt(localPrefixes.size())));
            augmented++;
            return count(new Side(null, List.copyOf(new LinkedHashSet<>(list)), List.of()));
        }

        private Side count(Side s) {
            prefixesUsed += size(s);
            return s;
        }

        private String remoteAddress() {
            int pool = rnd.nextInt(10);
            if (pool < 6) {
                return v4(publicAddress(rnd));
            }
            return v4((pool < 8 ? 0x0A000000L : 0x0A010000L) | rnd.nextInt(1 << 16));
        }

        private String remoteCidr() {
            int pool = rnd.nextInt(10);
            long base;
            int length;
            if (pool < 6) {
                base = publicAddress(rnd);
                length = 12 + rnd.nextInt(18);
            } else {
                base = (pool < 8 ? 0x0A000000L : 0x0A010000L) | rnd.nextInt(1 << 16);
                length = 18 + rnd.nextInt(11);
            }
            long mask = (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
            return v4(base & mask) + "/" + length;
        }

        private int port() {
            return AnalysisWorkload.port(rnd);
        }

        private String range(int min, int max, int maxLength) {
            return AnalysisWorkload.range(rnd, min, max, maxLength);
        }

        private List<String> portList() {
            Set<String> out = new LinkedHashSet<>();
            int count = 2 + rnd.nextInt(5);
            for (int i = 0; i < count; i++) {
                out.add(rnd.nextInt(3) == 0 ? range(1, 65000, 500) : Integer.toString(port()));
            }
            return List.copyOf(out);
        }
    }

    /** One side of a rule: exactly one of prefix, prefixes, asgs is set. */
    record Side(String prefix, List<String> prefixes, List<String> asgs) {
        static Side prefix(String p) {
            return new Side(p, List.of(), List.of());
        }
    }

    /** A rule before its name, priority and direction are known. */
    record Spec(boolean allow, String protocol, Side source, Side destination, List<String> sourcePorts,
                List<String> destinationPorts) {

        Spec ports(List<String> sp, List<String> dp) {
            return new Spec(allow, protocol, source, destination, sp, dp);
        }

        SecurityRule build(String name, int priority, Direction d) {
            SecurityRule.Builder b = SecurityRule.builder(name).priority(priority).direction(d.label())
                    .access(allow ? "Allow" : "Deny").protocol(protocol)
                    .sourceAddressPrefix(source.prefix).sourceAddressPrefixes(source.prefixes)
                    .sourceApplicationSecurityGroups(source.asgs)
                    .destinationAddressPrefix(destination.prefix).destinationAddressPrefixes(destination.prefixes)
                    .destinationApplicationSecurityGroups(destination.asgs);
            if (sourcePorts.size() == 1) {
                b.sourcePortRange(sourcePorts.get(0));
            } else {
                b.sourcePortRanges(sourcePorts);
            }
            if (destinationPorts.size() == 1) {
                b.destinationPortRange(destinationPorts.get(0));
            } else {
                b.destinationPortRanges(destinationPorts);
            }
            return b.build();
        }
    }

    // ============================================================================================= policy matrix

    /** The 200-NIC topology and its 2,500 policies. */
    public record MatrixWorkload(Topology topology, List<String> sources, List<String> destinations,
                                 List<Policy> policies, int subnetNsgRules, int nicNsgRules, int nicsWithNsg) {
        public String describe() {
            return topology.networkInterfaces().size() + " NICs (" + nicsWithNsg + " with a NIC NSG), "
                    + topology.subnets().size() + " subnets, " + topology.applicationSecurityGroups().size()
                    + " ASGs, " + topology.networkSecurityGroups().size() + " NSGs (" + subnetNsgRules
                    + " subnet NSG rules, " + nicNsgRules + " NIC NSG rules), " + sources.size() + " x "
                    + destinations.size() + " endpoints, " + policies.size() + " policies";
        }
    }

    public static final int MATRIX_NICS = 200;

    public static MatrixWorkload policyMatrix(long seed) {
        Random rnd = new Random(seed);
        List<String> asgNames = new ArrayList<>();
        String[] roles = {"web", "app", "api", "db", "cache", "queue", "batch", "admin", "jump", "monitor", "build",
                "backup", "dns", "ad", "file", "search", "etl", "ml", "report", "edge", "proxy", "vpn", "log", "partner"};
        for (String r : roles) {
            asgNames.add("asg-" + r);
        }
        // hub 10.0.0.0/16 and spokes 10.1-10.4.0.0/16; the hub is peered with every spoke.
        String[] vnetNames = {"hub", "spoke-prod", "spoke-stage", "spoke-data", "spoke-ops"};
        String[][] subnetNames = {
                {"shared", "mgmt", "dmz"},
                {"web", "app", "api", "db"},
                {"web", "app", "db"},
                {"ingest", "store", "analytics", "ml"},
                {"build", "monitor", "backup", "jump"}};
        List<String[]> subnetRefs = new ArrayList<>(); // {vnet, subnet, prefixBase "10.v.s."}
        List<VirtualNetwork> vnets = new ArrayList<>();
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        int subnetRules = 0;
        for (int v = 0; v < vnetNames.length; v++) {
            List<Subnet> subnets = new ArrayList<>();
            for (int s = 0; s < subnetNames[v].length; s++) {
                String cidr = "10." + v + "." + (s + 1) + ".0/24";
                String nsgName = "nsg-" + vnetNames[v] + "-" + subnetNames[v][s];
                subnets.add(new Subnet(subnetNames[v][s], List.of(cidr), nsgName, null));
                subnetRefs.add(new String[] {vnetNames[v], subnetNames[v][s], "10." + v + "." + (s + 1) + "."});
                int count = 40 + rnd.nextInt(121);
                subnetRules += count;
                NsgGen gen = new NsgGen(rnd, 4 * count, asgNames, List.of(cidr, "10." + v + ".0.0/16",
                        "10." + v + "." + (s + 1) + ".0/26", "10." + v + "." + (s + 1) + ".128/25"),
                        List.of("10." + v + "." + (s + 1) + ".4", "10." + v + "." + (s + 1) + ".5",
                                "10." + v + "." + (s + 1) + ".10"));
                List<SecurityRule> rules = new ArrayList<>();
                rules.addAll(gen.direction(Direction.INBOUND, count / 2, "s"));
                rules.addAll(gen.direction(Direction.OUTBOUND, count - count / 2, "s"));
                nsgs.add(new NetworkSecurityGroup(nsgName, rules, SourceRef.of("matrix-topology.yaml", 1)));
            }
            List<String> peers = v == 0 ? List.of() : List.of("hub");
            vnets.add(new VirtualNetwork(vnetNames[v], List.of("10." + v + ".0.0/16"), peers, List.of(), subnets, null));
        }
        // Shared NIC NSGs.
        List<String> nicNsgNames = new ArrayList<>();
        int nicRules = 0;
        for (int k = 0; k < 12; k++) {
            String name = "nsg-nic-" + k;
            nicNsgNames.add(name);
            int count = 8 + rnd.nextInt(33);
            nicRules += count;
            NsgGen gen = new NsgGen(rnd, 4 * count, asgNames, List.of("10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16"),
                    List.of("10.1.1.4", "10.1.2.4", "10.3.2.5"));
            List<SecurityRule> rules = new ArrayList<>();
            rules.addAll(gen.direction(Direction.INBOUND, count / 2, "n"));
            rules.addAll(gen.direction(Direction.OUTBOUND, count - count / 2, "n"));
            nsgs.add(new NetworkSecurityGroup(name, rules, SourceRef.of("matrix-topology.yaml", 1)));
        }
        // 200 NICs spread over the subnets; a few dynamic addresses.
        List<NetworkInterface> nics = new ArrayList<>();
        int withNsg = 0;
        int[] nextHost = new int[subnetRefs.size()];
        java.util.Arrays.fill(nextHost, 4);
        for (int i = 0; i < MATRIX_NICS; i++) {
            int s = rnd.nextInt(subnetRefs.size());
            String[] ref = subnetRefs.get(s);
            String address = rnd.nextInt(25) == 0 ? null : ref[2] + (nextHost[s]++);
            String nicNsg = rnd.nextInt(3) == 0 ? nicNsgNames.get(rnd.nextInt(nicNsgNames.size())) : null;
            if (nicNsg != null) {
                withNsg++;
            }
            nics.add(new NetworkInterface(String.format("nic-%03d", i), List.of(new IpConfiguration("ipconfig1",
                    ref[0] + "/" + ref[1], address, "IPv4", pickAsgs(rnd, asgNames, 3), null)), nicNsg, null));
        }
        List<ApplicationSecurityGroup> asgs = asgNames.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList();
        Topology topology = new Topology(vnets, asgs, nics, nsgs);

        List<String> sources = endpoints(rnd, asgNames, subnetRefs, nics, true);
        List<String> destinations = endpoints(rnd, asgNames, subnetRefs, nics, false);
        List<Policy> policies = new ArrayList<>(sources.size() * destinations.size());
        String[] portSets = {"443", "80,443", "22", "3389", "22,3389", "1433", "5432", "8080-8090", "1000-2000",
                "53", "6379", "9092", "*", "443,8443", "27017", "10000-20000"};
        for (int r = 0; r < sources.size(); r++) {
            for (int c = 0; c < destinations.size(); c++) {
                int pk = rnd.nextInt(100);
                String protocol = pk < 65 ? "Tcp" : pk < 85 ? "Udp" : pk < 95 ? "*" : "Icmp";
                String ports = protocol.equals("Icmp") ? "*" : portSets[rnd.nextInt(portSets.length)];
                Policy.Expect expect = rnd.nextInt(100) < 45 ? Policy.Expect.ALLOW : Policy.Expect.DENY;
                policies.add(new Policy("matrix[" + (r + 1) + "," + (c + 1) + "]", null, sources.get(r),
                        destinations.get(c), protocol, ports, "*", expect, Severity.ERROR,
                        new SourceRef("matrix-policies.yaml", r + 1, c + 1)));
            }
        }
        return new MatrixWorkload(topology, sources, destinations, policies, subnetRules, nicRules, withNsg);
    }

    /** 50 endpoints: 12 asg:, 12 subnet:, 14 nic:, 2 vnet:, 6 CIDRs (internal and external), Internet, a tag... */
    private static List<String> endpoints(Random rnd, List<String> asgNames, List<String[]> subnetRefs,
                                          List<NetworkInterface> nics, boolean source) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < 12) {
            out.add("asg:" + asgNames.get(rnd.nextInt(asgNames.size())));
        }
        while (out.size() < 24) {
            String[] ref = subnetRefs.get(rnd.nextInt(subnetRefs.size()));
            out.add("subnet:" + ref[0] + "/" + ref[1]);
        }
        while (out.size() < 38) {
            out.add("nic:" + nics.get(rnd.nextInt(nics.size())).name());
        }
        out.add(source ? "vnet:spoke-ops" : "vnet:spoke-data");
        out.add(source ? "vnet:hub" : "vnet:spoke-prod");
        while (out.size() < 44) {
            int v = rnd.nextInt(5);
            out.add("10." + v + "." + (1 + rnd.nextInt(3)) + "." + (rnd.nextInt(2) * 64) + "/26");
        }
        out.add("Internet");
        out.add(source ? "203.0.113.0/24" : "198.51.100.7");
        out.add(source ? "AzureLoadBalancer" : "Storage.WestEurope");
        out.add("VirtualNetwork");
        out.add(source ? "172.16.5.0/24" : "52.160.0.0/11");
        while (out.size() < 50) {
            out.add("nic:" + nics.get(rnd.nextInt(nics.size())).name());
        }
        return List.copyOf(out);
    }

    // ================================================================================================== helpers

    static long publicAddress(Random rnd) {
        while (true) {
            long a = rnd.nextInt() & 0xFFFFFFFFL;
            int first = (int) (a >>> 24);
            int second = (int) ((a >>> 16) & 0xFF);
            boolean nonPublic = first == 0 || first == 10 || first == 127 || first >= 224
                    || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254)
                    || (first == 172 && second >= 16 && second < 32) || (first == 192 && second == 168);
            if (!nonPublic) {
                return a;
            }
        }
    }

    static int port(Random rnd) {
        return rnd.nextInt(100) < 70 ? POPULAR_PORTS[rnd.nextInt(POPULAR_PORTS.length)] : 1 + rnd.nextInt(65535);
    }

    static String range(Random rnd, int min, int max, int maxLength) {
        int start = min + rnd.nextInt(max - min);
        int end = Math.min(max, start + 1 + rnd.nextInt(maxLength));
        return start + "-" + end;
    }

    static String v4(long a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    static long parse(String v4) {
        String[] p = v4.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8) | Long.parseLong(p[3]);
    }
}
