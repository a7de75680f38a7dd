package dev.nsgaudit.bench;

import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PlatformService;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.ApplicationSecurityGroup;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Subnet;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The deterministic benchmark workload shared by {@link EvaluatorBenchmark} and {@link FlowsFileGenerator}:
 * one virtual network (10.0.0.0/16) peered with a second one (10.1.0.0/16), the NIC under test
 * ({@value #NIC}, 10.0.1.4, in two ASGs) behind a subnet NSG and a NIC NSG of {@value #RULES_PER_NSG} user
 * rules each (half inbound, half outbound), a few dozen other NICs with ASG memberships as remote ends, and
 * a generator of flows to and from the NIC.
 *
 * <p>Rules mix single IPs, CIDRs, plural prefix lists (augmented rules), built-in and real service tags from
 * the bundled file, ASGs and {@code *} on the remote side; {@code *}, the subnet, the NIC's address, other
 * VNet CIDRs, ASGs and VirtualNetwork on the local side; single ports, ranges, plural lists and {@code *};
 * Tcp, Udp, Icmp and {@code *}; Allow and Deny. Priorities are unique per direction and drawn at random from
 * 100-4096, so broad rules are spread through the list as in a hand-grown NSG.
 *
 * <p>Flows: half are "background" traffic (random Internet, VNet and peered-VNet hosts, popular and random
 * ports); half are aimed at one user rule picked at random from either NSG (the remote address, ports and
 * protocol drawn from inside that rule), so that every depth of the rule lists gets exercised. Everything
 * comes from {@code java.util.Random} with a fixed seed, so the same seed gives the same workload on any JVM.
 */
public final class BenchWorkload {

    public static final long DEFAULT_SEED = 20240611L;
    public static final int RULES_PER_NSG = 1000;

    public static final String VNET = "vnet-bench";
    public static final String PEER_VNET = "vnet-shared";
    public static final String SUBNET = "app";
    public static final String SUBNET_NSG = "nsg-subnet-app";
    public static final String NIC_NSG = "nsg-nic-bench";
    public static final String NIC = "nic-bench";
    public static final String NIC_ADDRESS = "10.0.1.4";
    private static final List<String> NIC_ASGS = List.of("asg-app", "asg-web");

    private static final List<String> ASGS = List.of("asg-web", "asg-app", "asg-db", "asg-admin", "asg-monitor",
            "asg-batch", "asg-cache", "asg-jump", "asg-build", "asg-partner");

    /** Tags for the remote side; every one exists in the bundled ServiceTags_Public.json and is usable in NSGs. */
    static final List<String> REMOTE_TAGS = List.of("Internet", "VirtualNetwork", "AzureLoadBalancer", "Storage",
            "Sql", "AzureCloud.westeurope", "Storage.WestEurope", "Sql.WestEurope", "AzureKeyVault", "EventHub",
            "AzureMonitor", "AzureActiveDirectory", "AppService", "AzureFrontDoor.Backend");

    private static final int[] POPULAR_PORTS = {22, 25, 53, 80, 123, 389, 443, 445, 636, 1433, 1521, 2049, 3306,
            3389, 5432, 5671, 5672, 5985, 5986, 6379, 8080, 8443, 9000, 9092, 9200, 11211, 27017};

    /** One flow at the NIC under test, in the terms of a {@code verify} query. */
    public record Flow(Direction direction, Protocol protocol, IpAddress remote, int localPort, int remotePort,
                       Set<String> remoteAsgs) {

        /** The packet the Verifier builds for this query (ports -1 for protocols without ports). */
        public Packet packet(IpAddress local, Set<String> localAsgs) {
            int lp = protocol.hasPorts() ? localPort : -1;
            int rp = protocol.hasPorts() ? remotePort : -1;
            return direction == Direction.INBOUND
                    ? new Packet(protocol, remote, rp, remoteAsgs, local, lp, localAsgs)
                    : new Packet(protocol, local, lp, localAsgs, remote, rp, remoteAsgs);
        }

        /** One JSON line of a {@code verify --flows} file. */
        public String jsonLine() {
            String l = protocol.hasPorts() ? NIC_ADDRESS + ":" + localPort : NIC_ADDRESS;
            String r = protocol.hasPorts() ? remote + ":" + remotePort : remote.toString();
            return "{\"nic\":\"" + NIC + "\",\"direction\":\"" + direction.label() + "\",\"protocol\":\""
                    + protocol.name() + "\",\"local\":\"" + l + "\",\"remote\":\"" + r + "\"}";
        }
    }

    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final NetworkView view;
    private final CompiledNsg subnetNsg;
    private final CompiledNsg nicNsg;
    private final IpAddress nicAddress = IpAddress.parse(NIC_ADDRESS);
    private final Set<String> nicAsgKeys;
    /** Static addresses of the other NICs, and their ASG keys. */
    private final Map<IpAddress, Set<String>> asgsByAddress = new HashMap<>();
    private final Map<String, List<IpAddress>> membersByAsg = new HashMap<>();
    private final List<IpAddress> otherNicAddresses = new ArrayList<>();

    private BenchWorkload(Topology topology, ServiceTags tags) {
        this.topology = topology;
        this.evaluator = new FlowEvaluator(topology, tags);
        VirtualNetwork vnet = topology.virtualNetwork(VNET).orElseThrow();
        this.view = evaluator.view(vnet);
        this.subnetNsg = evaluator.compiled(SUBNET_NSG, view);
        this.nicNsg = evaluator.compiled(NIC_NSG, view);
        Set<String> keys = new LinkedHashSet<>();
        NIC_ASGS.forEach(a -> keys.add(Topology.key(a)));
        this.nicAsgKeys = Set.copyOf(keys);
        for (NetworkInterface nic : topology.networkInterfaces()) {
            if (nic.name().equals(NIC)) {
                continue;
            }
            for (IpConfiguration ip : nic.ipConfigurations()) {
                IpAddress a = IpAddress.parse(ip.privateIPAddress());
                Set<String> asgs = new LinkedHashSet<>();
                for (String asg : ip.applicationSecurityGroups()) {
                    asgs.add(Topology.key(asg));
                    membersByAsg.computeIfAbsent(Topology.key(asg), k -> new ArrayList<>()).add(a);
                }
                asgsByAddress.put(a, Set.copyOf(asgs));
                otherNicAddresses.add(a);
            }
        }
    }

    /** Builds the topology for {@code seed} and compiles both NSGs with the bundled service tags. */
    public static BenchWorkload create(long seed) {
        return new BenchWorkload(topology(seed), ServiceTags.bundled());
    }

    public Topology topology() {
        return topology;
    }

    public FlowEvaluator evaluator() {
        return evaluator;
    }

    public NetworkView view() {
        return view;
    }

    public CompiledNsg subnetNsg() {
        return subnetNsg;
    }

    public CompiledNsg nicNsg() {
        return nicNsg;
    }

    public IpAddress nicAddress() {
        return nicAddress;
    }

    public Set<String> nicAsgKeys() {
        return nicAsgKeys;
    }

    public Layer subnetLayer() {
        return new Layer(SUBNET_NSG, "subnet:" + VNET + "/" + SUBNET);
    }

    public Layer nicLayer() {
        return new Layer(NIC_NSG, "nic:" + NIC);
    }

    // ----------------------------------------------------------------------------------------------- topology

    static Topology topology(long seed) {
        Random rnd = new Random(seed);
        List<VirtualNetwork> vnets = List.of(
                new VirtualNetwork(VNET, List.of("10.0.0.0/16"), List.of(PEER_VNET), List.of(), List.of(
                        new Subnet(SUBNET, List.of("10.0.1.0/24"), SUBNET_NSG, null),
                        new Subnet("web", List.of("10.0.2.0/24"), null, null),
                        new Subnet("data", List.of("10.0.3.0/24"), null, null)), null),
                new VirtualNetwork(PEER_VNET, List.of("10.1.0.0/16"), List.of(), List.of(), List.of(
                        new Subnet("shared", List.of("10.1.0.0/24"), null, null),
                        new Subnet("tools", List.of("10.1.1.0/24"), null, null)), null));
        List<ApplicationSecurityGroup> asgs = ASGS.stream().map(a -> new ApplicationSecurityGroup(a, null)).toList();

        List<NetworkInterface> nics = new ArrayList<>();
        nics.add(new NetworkInterface(NIC, List.of(new IpConfiguration("ipconfig1", VNET + "/" + SUBNET,
                NIC_ADDRESS, "IPv4", NIC_ASGS, null)), NIC_NSG, null));
        String[][] placements = {
                {VNET + "/" + SUBNET, "10.0.1."}, {VNET + "/web", "10.0.2."}, {VNET + "/data", "10.0.3."},
                {PEER_VNET + "/shared", "10.1.0."}, {PEER_VNET + "/tools", "10.1.1."}};
        int n = 0;
        for (String[] place : placements) {
            for (int host = 5; host < 11; host++) {
                List<String> member = new ArrayList<>();
                int count = rnd.nextInt(3); // 0-2 ASGs
                for (int k = 0; k < count; k++) {
                    String asg = ASGS.get(rnd.nextInt(ASGS.size()));
                    if (!member.contains(asg)) {
                        member.add(asg);
                    }
                }
                String name = String.format("nic-%02d", ++n);
                nics.add(new NetworkInterface(name, List.of(new IpConfiguration("ipconfig1", place[0],
                        place[1] + host, "IPv4", member, null)), null, null));
            }
        }
        List<NetworkSecurityGroup> nsgs = List.of(
                new NetworkSecurityGroup(SUBNET_NSG, rules(rnd, "s"), null),
                new NetworkSecurityGroup(NIC_NSG, rules(rnd, "n"), null));
        return new Topology(vnets, asgs, nics, nsgs);
    }

    private static List<SecurityRule> rules(Random rnd, String tag) {
        List<SecurityRule> out = new ArrayList<>(RULES_PER_NSG);
        for (Direction d : Direction.values()) {
            List<Integer> priorities = new ArrayList<>();
            for (int p = 100; p <= 4096; p++) {
                priorities.add(p);
            }
            Collections.shuffle(priorities, rnd);
            for (int i = 0; i < RULES_PER_NSG / 2; i++) {
                out.add(rule(rnd, String.format("%s-%s-%03d", tag, d == Direction.INBOUND ? "in" : "out", i),
                        priorities.get(i), d));
            }
        }
        return out;
    }

    private static SecurityRule rule(Random rnd, String id, int priority, Direction direction) {
        boolean allow = rnd.nextInt(100) < 60;
        int pr = rnd.nextInt(100);
        String protocol = pr < 50 ? "Tcp" : pr < 75 ? "Udp" : pr < 95 ? "*" : "Icmp";
        SecurityRule.Builder b = SecurityRule.builder(id + (allow ? "-allow" : "-deny"))
                .priority(priority).direction(direction.label()).access(allow ? "Allow" : "Deny").protocol(protocol);
        boolean inbound = direction == Direction.INBOUND;
        Side remote = remoteSide(rnd);
        Side local = localSide(rnd);
        Side source = inbound ? remote : local;
        Side destination = inbound ? local : remote;
        b.sourceAddressPrefix(source.prefix).sourceAddressPrefixes(source.prefixes)
                .sourceApplicationSecurityGroups(source.asgs);
        b.destinationAddressPrefix(destination.prefix).destinationAddressPrefixes(destination.prefixes)
                .destinationApplicationSecurityGroups(destination.asgs);
        if (protocol.equals("Icmp")) {
            b.sourcePortRange("*").destinationPortRange("*");
        } else {
            int sp = rnd.nextInt(100);
            if (sp < 85) {
                b.sourcePortRange("*");
            } else if (sp < 95) {
                b.sourcePortRange(range(rnd, 1024, 65535, 30000));
            } else {
                b.sourcePortRanges(portList(rnd));
            }
            // The service port is restricted in nine rules out of ten, and always when the remote side is
            // '*', Internet or VirtualNetwork: a rule open on every port to a whole tag is the rare exception.
            boolean broadRemote = "*".equals(remote.prefix) || "Internet".equals(remote.prefix)
                    || "VirtualNetwork".equals(remote.prefix);
            int dp = rnd.nextInt(100);
            if (dp < 35 || (dp >= 90 && broadRemote)) {
                b.destinationPortRange(Integer.toString(port(rnd)));
            } else if (dp < 60) {
                b.destinationPortRange(range(rnd, 1, 65000, 2000));
            } else if (dp < 90) {
                b.destinationPortRanges(portList(rnd));
            } else {
                b.destinationPortRange("*");
            }
        }
        return b.build();
    }

    /** One side of a rule: exactly one of prefix, prefixes, asgs is set. */
    private record Side(String prefix, List<String> prefixes, List<String> asgs) {
        static Side prefix(String p) {
            return new Side(p, List.of(), List.of());
        }
    }

    private static Side remoteSide(Random rnd) {
        int k = rnd.nextInt(100);
        if (k < 15) {
            return Side.prefix(remoteAddress(rnd));
        }
        if (k < 40) {
            return Side.prefix(remoteCidr(rnd));
        }
        if (k < 65) {
            List<String> list = new ArrayList<>();
            int count = 2 + rnd.nextInt(7);
            for (int i = 0; i < count; i++) {
                list.add(rnd.nextBoolean() ? remoteAddress(rnd) : remoteCidr(rnd));
            }
            return new Side(null, List.copyOf(new LinkedHashSet<>(list)), List.of());
        }
        if (k < 85) {
            return Side.prefix(REMOTE_TAGS.get(rnd.nextInt(REMOTE_TAGS.size())));
        }
        if (k < 97) {
            List<String> list = new ArrayList<>();
            list.add(ASGS.get(rnd.nextInt(ASGS.size())));
            if (rnd.nextInt(3) == 0) {
                String second = ASGS.get(rnd.nextInt(ASGS.size()));
                if (!list.contains(second)) {
                    list.add(second);
                }
            }
            return new Side(null, List.of(), list);
        }
        return Side.prefix("*");
    }

    private static Side localSide(Random rnd) {
        int k = rnd.nextInt(100);
        if (k < 35) {
            return Side.prefix("*");
        }
        if (k < 50) {
            return Side.prefix("10.0.1.0/24");
        }
        if (k < 60) {
            return Side.prefix(NIC_ADDRESS);
        }
        if (k < 70) {
            String[] others = {"10.0.0.0/16", "10.0.0.0/22", "10.0.2.0/24", "10.0.1.0/26", "10.0.1.128/25"};
            return Side.prefix(others[rnd.nextInt(others.length)]);
        }
        if (k < 85) {
            return new Side(null, List.of(), List.of(ASGS.get(rnd.nextInt(4))));
        }
        if (k < 95) {
            return Side.prefix("VirtualNetwork");
        }
        return new Side(null, List.of(NIC_ADDRESS, "10.0.1.5", "10.0.2.0/24"), List.of());
    }

    private static String remoteAddress(Random rnd) {
        int pool = rnd.nextInt(10);
        if (pool < 6) {
            return v4(publicAddress(rnd));
        }
        return v4((pool < 8 ? 0x0A000000L : 0x0A010000L) | rnd.nextInt(1 << 16));
    }

    private static String remoteCidr(Random rnd) {
        int pool = rnd.nextInt(10);
        long base;
        int length;
        if (pool < 6) {
            base = publicAddress(rnd);
            length = 12 + rnd.nextInt(18); // /12 - /29
        } else {
            base = (pool < 8 ? 0x0A000000L : 0x0A010000L) | rnd.nextInt(1 << 16);
            length = 18 + rnd.nextInt(11); // /18 - /28
        }
        long mask = (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
        return v4(base & mask) + "/" + length;
    }

    private static long publicAddress(Random rnd) {
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

    private static int port(Random rnd) {
        return rnd.nextInt(100) < 70 ? POPULAR_PORTS[rnd.nextInt(POPULAR_PORTS.length)] : 1 + rnd.nextInt(65535);
    }

    private static String range(Random rnd, int min, int max, int maxLength) {
        int start = min + rnd.nextInt(max - min);
        int end = Math.min(max, start + 1 + rnd.nextInt(maxLength));
        return start + "-" + end;
    }

    private static List<String> portList(Random rnd) {
        Set<String> out = new LinkedHashSet<>();
        int count = 2 + rnd.nextInt(5);
        for (int i = 0; i < count; i++) {
            out.add(rnd.nextInt(3) == 0 ? range(rnd, 1, 65000, 500) : Integer.toString(port(rnd)));
        }
        return List.copyOf(out);
    }

    static String v4(long a) {
        return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
    }

    // -------------------------------------------------------------------------------------------------- flows

    /** A generator of flows; {@code seed} makes the sequence reproducible. */
    public Flows flows(long seed) {
        return new Flows(new Random(seed));
    }

    /** An endless, deterministic stream of flows at the NIC under test. */
    public final class Flows {
        private final Random rnd;

        private Flows(Random rnd) {
            this.rnd = rnd;
        }

        public Flow next() {
            while (true) {
                Flow f = rnd.nextBoolean() ? background() : aimed();
                if (f != null && !f.remote().equals(nicAddress)
                        && PlatformService.of(f.direction(), f.packet(nicAddress, nicAsgKeys)).isEmpty()) {
                    return f;
                }
            }
        }

        private Flow background() {
            Direction d = rnd.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
            int pr = rnd.nextInt(100);
            Protocol protocol = pr < 70 ? Protocol.TCP : pr < 95 ? Protocol.UDP : Protocol.ICMP;
            IpAddress remote;
            int pool = rnd.nextInt(10);
            if (pool < 5) {
                remote = IpAddress.v4(publicAddress(rnd));
            } else if (rnd.nextBoolean()) {
                remote = otherNicAddresses.get(rnd.nextInt(otherNicAddresses.size()));
            } else {
                remote = IpAddress.v4((pool < 8 ? 0x0A000000L : 0x0A010000L) | rnd.nextInt(1 << 16));
            }
            int ephemeral = 1024 + rnd.nextInt(65536 - 1024);
            int service = port(rnd);
            return d == Direction.INBOUND
                    ? flow(d, protocol, remote, service, ephemeral)
                    : flow(d, protocol, remote, ephemeral, service);
        }

        /** A flow inside one user rule of either NSG: its protocol, ports and remote side. */
        private Flow aimed() {
            Direction d = rnd.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND;
            CompiledNsg nsg = rnd.nextBoolean() ? subnetNsg : nicNsg;
            List<CompiledRule> user = nsg.rules(d).stream().filter(r -> !r.isDefault()).toList();
            CompiledRule rule = user.get(rnd.nextInt(user.size()));
            Protocol protocol;
            int mask = rule.protocolMask();
            if ((mask & Protocol.TCP.mask()) != 0 && (mask & Protocol.UDP.mask()) != 0) {
                protocol = rnd.nextInt(4) == 0 ? Protocol.UDP : Protocol.TCP;
            } else if ((mask & Protocol.TCP.mask()) != 0) {
                protocol = Protocol.TCP;
            } else if ((mask & Protocol.UDP.mask()) != 0) {
                protocol = Protocol.UDP;
            } else {
                protocol = Protocol.ICMP;
            }
            boolean inbound = d == Direction.INBOUND;
            PortSet sourcePorts = rule.sourcePorts();
            PortSet destinationPorts = rule.destinationPorts();
            int sp = sourcePorts.isAll() ? 1024 + rnd.nextInt(65536 - 1024) : pick(sourcePorts);
            int dp = destinationPorts.isAll() ? port(rnd) : pick(destinationPorts);
            IpAddress remote;
            Set<String> remoteAsgs = inbound ? rule.sourceAsgs() : rule.destinationAsgs();
            if (!remoteAsgs.isEmpty()) {
                List<IpAddress> members = new ArrayList<>();
                for (String asg : remoteAsgs) {
                    members.addAll(membersByAsg.getOrDefault(asg, List.of()));
                }
                if (members.isEmpty()) {
                    return null;
                }
                remote = members.get(rnd.nextInt(members.size()));
            } else {
                List<IpRange> v4 = (inbound ? rule.sourceAddresses() : rule.destinationAddresses()).ranges()
                        .stream().filter(r -> r.family() == IpFamily.V4).toList();
                if (v4.isEmpty()) {
                    return null;
                }
                IpRange r = v4.get(rnd.nextInt(v4.size()));
                long first = r.first().lo();
                long size = r.last().lo() - first + 1;
                remote = IpAddress.v4(first + (long) (rnd.nextDouble() * size));
            }
            return inbound ? flow(d, protocol, remote, dp, sp) : flow(d, protocol, remote, sp, dp);
        }

        private int pick(PortSet ports) {
            int r = rnd.nextInt(ports.rangeCount());
            return ports.start(r) + rnd.nextInt(ports.end(r) - ports.start(r) + 1);
        }

        private Flow flow(Direction d, Protocol protocol, IpAddress remote, int localPort, int remotePort) {
            return new Flow(d, protocol, remote, localPort, remotePort, asgsByAddress.getOrDefault(remote, Set.of()));
        }
    }
}
