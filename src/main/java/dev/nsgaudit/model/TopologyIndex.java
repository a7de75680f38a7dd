package dev.nsgaudit.model;

import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Name lookups of one {@link Topology} by hash instead of by scanning its lists: built once (for example per
 * verify run), immutable afterwards and safe to share between threads. Every lookup answers exactly what the
 * {@code Topology} method of the same name answers: the first object in input order whose name equals the
 * given one ignoring case ({@link String#equalsIgnoreCase}).
 */
public final class TopologyIndex {

    private final Topology topology;
    private final Names<VirtualNetwork> virtualNetworks;
    private final Names<NetworkSecurityGroup> networkSecurityGroups;
    private final Names<NetworkInterface> networkInterfaces;
    private final Names<ApplicationSecurityGroup> applicationSecurityGroups;
    /** Per virtual network (by identity, in input order): its subnets by name. */
    private final Map<VirtualNetwork, Names<Subnet>> subnets = new IdentityHashMap<>();
    /** Per bucket of a peering name: the virtual networks declaring such a peering, in input order, built on use. */
    private volatile Map<String, List<VirtualNetwork>> peeringsByBucket;

    /** Below this many objects of a kind, {@link Topology} scans its list rather than asking an index. */
    static final int SCAN_BELOW = 16;

    /**
     * The indexes of the topologies looked up last, by identity (a record's equals would compare whole lists).
     * Soft, so that an index goes with its topology under memory pressure; a few, so that two versions compared
     * by diff do not evict each other. Replaced as a whole: readers take no lock.
     */
    private static volatile List<SoftReference<TopologyIndex>> recent = List.of();
    private static final int RECENT = 4;

    /** The index of {@code topology}, built on first use and kept while it is among the last few asked for. */
    static TopologyIndex of(Topology topology) {
        for (SoftReference<TopologyIndex> ref : recent) {
            TopologyIndex index = ref.get();
            if (index != null && index.topology == topology) {
                return index;
            }
        }
        TopologyIndex index = new TopologyIndex(topology);
        synchronized (TopologyIndex.class) {
            List<SoftReference<TopologyIndex>> next = new ArrayList<>(RECENT);
            next.add(new SoftReference<>(index));
            for (SoftReference<TopologyIndex> ref : recent) {
                if (next.size() < RECENT && ref.get() != null) {
                    next.add(ref);
                }
            }
            recent = List.copyOf(next);
        }
        return index;
    }

    public TopologyIndex(Topology topology) {
        this.topology = topology;
        this.virtualNetworks = new Names<>(topology.virtualNetworks(), VirtualNetwork::name);
        this.networkSecurityGroups = new Names<>(topology.networkSecurityGroups(), NetworkSecurityGroup::name);
        this.networkInterfaces = new Names<>(topology.networkInterfaces(), NetworkInterface::name);
        this.applicationSecurityGroups = new Names<>(topology.applicationSecurityGroups(),
                ApplicationSecurityGroup::name);
        for (VirtualNetwork vnet : topology.virtualNetworks()) {
            subnets.put(vnet, new Names<>(vnet.subnets(), Subnet::name));
        }
    }

    public Topology topology() {
        return topology;
    }

    public Optional<VirtualNetwork> virtualNetwork(String name) {
        return virtualNetworks.find(name);
    }

    public Optional<NetworkSecurityGroup> networkSecurityGroup(String name) {
        return networkSecurityGroups.find(name);
    }

    public Optional<NetworkInterface> networkInterface(String name) {
        return networkInterfaces.find(name);
    }

    /** The position in {@link Topology#networkInterfaces()} of the NIC {@link #networkInterface} finds, or -1. */
    public int networkInterfacePosition(String name) {
        return networkInterfaces.position(name);
    }

    public Optional<ApplicationSecurityGroup> applicationSecurityGroup(String name) {
        return applicationSecurityGroups.find(name);
    }

    /** A subnet by its {@code vnet/subnet} reference, as {@link Topology#subnet}. */
    public Optional<Topology.SubnetRef> subnet(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String vnetName = reference.substring(0, slash);
        String subnetName = reference.substring(slash + 1);
        return virtualNetwork(vnetName).flatMap(vnet -> subnets.get(vnet).find(subnetName)
                .map(s -> new Topology.SubnetRef(vnet, s)));
    }

    /**
     * The virtual networks (input order) with a peering named {@code name} ignoring case; a superset is fine for
     * {@link Topology#peersOf}, which checks each again.
     */
    List<VirtualNetwork> declaringPeeringWith(String name) {
        if (name == null) {
            return List.of(); // no peering equals null
        }
        Map<String, List<VirtualNetwork>> byBucket = peeringsByBucket;
        if (byBucket == null) {
            byBucket = new HashMap<>();
            for (VirtualNetwork vnet : topology.virtualNetworks()) {
                for (String peer : vnet.peerings()) {
                    List<VirtualNetwork> list = byBucket.computeIfAbsent(bucket(peer), k -> new ArrayList<>(2));
                    if (list.isEmpty() || list.get(list.size() - 1) != vnet) {
                        list.add(vnet);
                    }
                }
            }
            peeringsByBucket = byBucket;
        }
        return byBucket.getOrDefault(bucket(name), List.of());
    }

    /**
     * A coarse form of a name that two names equal ignoring case always share: each char becomes the lower
     * case of its upper case, and every surrogate the same placeholder (equalsIgnoreCase compares surrogate
     * pairs as code points). Names sharing it are then told apart by equalsIgnoreCase itself.
     */
    public static String bucket(String name) {
        char[] out = new char[name.length()];
        for (int i = 0; i < out.length; i++) {
            char c = name.charAt(i);
            out[i] = Character.isSurrogate(c) ? '\uD800' : Character.toLowerCase(Character.toUpperCase(c));
        }
        return new String(out);
    }

    /**
     * Objects by name: per bucket, the positions of that bucket's objects in input order. When an object has
     * no name, lookups scan the list as Topology does (and fail as it does).
     */
    private static final class Names<T> {
        private final List<T> items;
        private final Function<T, String> name;
        private final Map<String, int[]> byBucket = new HashMap<>();
        private final boolean scan;

        Names(List<T> items, Function<T, String> name) {
            this.items = items;
            this.name = name;
            boolean unnamed = false;
            Map<String, List<Integer>> positions = new HashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String n = name.apply(items.get(i));
                if (n == null) {
                    unnamed = true;
                    break;
                }
                positions.computeIfAbsent(bucket(n), k -> new ArrayList<>(1)).add(i);
            }
            this.scan = unnamed;
            if (!unnamed) {
                positions.forEach((k, v) -> byBucket.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            }
        }

        /** The position of the first object named {@code wanted} ignoring case, or -1. */
        int position(String wanted) {
            if (scan) {
                for (int i = 0; i < items.size(); i++) {
                    if (name.apply(items.get(i)).equalsIgnoreCase(wanted)) {
                        return i;
                    }
                }
                return -1;
            }
            if (wanted == null) {
                return -1;
            }
            int[] candidates = byBucket.get(bucket(wanted));
            if (candidates != null) {
                for (int i : candidates) {
                    if (name.apply(items.get(i)).equalsIgnoreCase(wanted)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        Optional<T> find(String wanted) {
            int i = position(wanted);
            return i < 0 ? Optional.empty() : Optional.of(items.get(i));
        }
    }
}
