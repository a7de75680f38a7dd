package dev.nsgaudit.semantics;

import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is behind an address (D8): a NIC with that static address, a dynamic NIC that might hold it, or nobody.
 * The IP configurations are indexed once, when this object is made: static ones by parsed address, dynamic
 * members of ASGs with the range of addresses they can be given, each with its identities.
 */
public final class Endpoints {

    private static final Candidate NOBODY = new Candidate(AsgSet.EMPTY, "a host in no application security group");

    private final Topology topology;
    private final TopologyIndex index;
    /** Static IP configurations by address, in input order (NIC order, then configuration order). */
    private final Map<IpAddress, List<Entry>> staticByAddress = new LinkedHashMap<>();
    /** Dynamic configurations in an ASG (or of unknown membership), in input order. */
    private final List<Entry> dynamicMembers = new ArrayList<>();
    /** {@link #held}, per set of networks (null: from anywhere). */
    private final Map<Set<String>, AddressSet> held = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The IPv4 keys of {@link #staticByAddress} ascending, with their entries at the same positions, and each
     * dynamic member's IPv4 range (empty, first above last, for an IPv6 one): {@link #soleCandidateV4} finds an
     * address by binary search, without an {@code IpAddress} to hash.
     */
    private final long[] staticV4;
    private final List<List<Entry>> staticV4Entries;
    private final long[] dynamicFirstV4;
    private final long[] dynamicLastV4;

    public Endpoints(Topology topology) {
        this(new TopologyIndex(topology));
    }

    public Endpoints(TopologyIndex index) {
        this.topology = index.topology();
        this.index = index;
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                String vnet = index.subnet(ip.subnet()).map(s -> Topology.key(s.virtualNetwork().name())).orElse(null);
                if (!ip.isDynamic()) {
                    IpAddress address = parseOrNull(ip.privateIPAddress());
                    if (address != null) {
                        staticByAddress.computeIfAbsent(address, k -> new ArrayList<>(1))
                                .add(new Entry(vnet, identitiesOf(nic, ip), null, new Member(nic, ip)));
                    }
                    continue;
                }
                boolean inAsg = !ip.applicationSecurityGroups().isEmpty() || ip.isUnresolved("applicationSecurityGroups");
                IpRange range = usableRange(ip).orElse(null);
                if (inAsg && range != null) {
                    List<Candidate> identities = new ArrayList<>();
                    for (Candidate c : identitiesOf(nic, ip)) {
                        identities.add(new Candidate(c.asgs(), c.description() + " (dynamic address, member of "
                                + String.join(", ", ip.applicationSecurityGroups()) + ")"));
                    }
                    dynamicMembers.add(new Entry(vnet, List.copyOf(identities), range, new Member(nic, ip)));
                }
            }
        }
        List<IpAddress> v4 = new ArrayList<>();
        for (IpAddress address : staticByAddress.keySet()) {
            if (address.family() == IpFamily.V4) {
                v4.add(address);
            }
        }
        v4.sort(null);
        this.staticV4 = new long[v4.size()];
        List<List<Entry>> entries = new ArrayList<>(v4.size());
        for (int i = 0; i < v4.size(); i++) {
            staticV4[i] = v4.get(i).lo();
            entries.add(staticByAddress.get(v4.get(i)));
        }
        this.staticV4Entries = entries;
        this.dynamicFirstV4 = new long[dynamicMembers.size()];
        this.dynamicLastV4 = new long[dynamicMembers.size()];
        for (int i = 0; i < dynamicMembers.size(); i++) {
            IpRange range = dynamicMembers.get(i).range();
            boolean isV4 = range.first().family() == IpFamily.V4;
            dynamicFirstV4[i] = isV4 ? range.first().lo() : 1;
            dynamicLastV4[i] = isV4 ? range.last().lo() : 0;
        }
    }

    /**
     * One indexed IP configuration: the key of its virtual network (null when its subnet is not defined), its
     * candidates, and for a dynamic one the addresses it can be given.
     */
    private record Entry(String vnet, List<Candidate> identities, IpRange range, Member member) {
        boolean reachableFrom(Set<String> vnets) {
            return vnets == null || (vnet != null && vnets.contains(vnet));
        }
    }

    /** An IP configuration together with its NIC. */
    public record Member(NetworkInterface nic, IpConfiguration ipConfiguration) {
        public Set<String> asgKeys() {
            Set<String> out = new LinkedHashSet<>();
            for (String asg : ipConfiguration.applicationSecurityGroups()) {
                out.add(Topology.key(asg));
            }
            return out;
        }
    }

    /** One interpretation of an address: the ASGs it is in, and who it is (for explanations). */
    public record Candidate(Set<String> asgs, String description) {
    }

    /**
     * The identities of one IP configuration: its ASGs; and when its membership could not be determined, also
     * "a member of every ASG", so that an answer that depends on it comes out inconclusive.
     */
    public List<Candidate> identitiesOf(NetworkInterface nic, IpConfiguration ip) {
        Member member = new Member(nic, ip);
        Candidate known = new Candidate(AsgSet.of(member.asgKeys()), "NIC " + nic.name());
        if (!ip.isUnresolved("applicationSecurityGroups")) {
            return List.of(known);
        }
        Set<String> all = new LinkedHashSet<>(member.asgKeys());
        topology.applicationSecurityGroups().forEach(a -> all.add(Topology.key(a.name())));
        return List.of(known, new Candidate(AsgSet.of(all), "NIC " + nic.name() + " (ASG membership not fully known)"));
    }

    /**
     * The possible identities of {@code address} seen from {@code vnets} (null: from anywhere): the static
     * NIC(s) with that address; otherwise a host in no ASG, plus every dynamic member of an ASG that could
     * hold the address.
     */
    public List<Candidate> candidates(IpAddress address, Set<String> vnets) {
        List<Candidate> out = new ArrayList<>();
        List<Entry> statics = staticByAddress.get(address);
        if (statics != null) {
            for (Entry e : statics) {
                if (e.reachableFrom(vnets)) {
                    out.addAll(e.identities());
                }
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        out.add(NOBODY);
        for (Entry e : dynamicMembers) {
            if (e.reachableFrom(vnets) && e.range().contains(address)) {
                out.addAll(e.identities());
            }
        }
        return out;
    }

    /**
     * The one element of {@link #candidates(IpAddress, Set)} when it has exactly one, else null; allocates
     * nothing (the per-query lookup of {@code verify --flows}).
     */
    public Candidate soleCandidate(IpAddress address, Set<String> vnets) {
        if (address.family() == IpFamily.V4) {
            return soleCandidateV4(address.lo(), vnets);
        }
        Candidate fixed = soleStatic(staticByAddress.get(address), vnets);
        if (fixed != NO_STATIC) {
            return fixed;
        }
        for (int i = 0; i < dynamicMembers.size(); i++) {
            Entry e = dynamicMembers.get(i);
            if (e.reachableFrom(vnets) && e.range().contains(address)) {
                return null; // a host in no ASG, or this member (its identities are never empty)
            }
        }
        return NOBODY;
    }

    /**
     * {@link #soleCandidate} of the IPv4 address whose 32 bits are {@code address}, found by binary search in an
     * address index instead of by hash (the per-query lookup of {@code verify --flows}, which has no
     * {@code IpAddress} object to hash).
     */
    public Candidate soleCandidateV4(long address, Set<String> vnets) {
        int at = Arrays.binarySearch(staticV4, address);
        Candidate fixed = soleStatic(at >= 0 ? staticV4Entries.get(at) : null, vnets);
        if (fixed != NO_STATIC) {
            return fixed;
        }
        for (int i = 0; i < dynamicFirstV4.length; i++) {
            if (dynamicFirstV4[i] <= address && address <= dynamicLastV4[i] && dynamicMembers.get(i).reachableFrom(vnets)) {
                return null; // a host in no ASG, or this member (its identities are never empty)
            }
        }
        return NOBODY;
    }

    /** {@link #soleStatic}: no static NIC at the address is reachable, so the dynamic ranges decide. */
    private static final Candidate NO_STATIC = new Candidate(AsgSet.EMPTY, "no static NIC at the address");

    /**
     * The static NICs at one address that {@code vnets} reach (null: none at the address): the one identity when
     * there is exactly one, null when there are more, {@link #NO_STATIC} when none is reachable.
     */
    private static Candidate soleStatic(List<Entry> statics, Set<String> vnets) {
        Candidate found = null;
        int count = 0;
        for (int i = 0; statics != null && i < statics.size(); i++) {
            Entry e = statics.get(i);
            if (e.reachableFrom(vnets)) {
                count += e.identities().size();
                found = e.identities().get(0);
            }
        }
        return count == 0 ? NO_STATIC : count == 1 ? found : null;
    }

    /**
     * Who may be behind the addresses of a set seen from {@code vnets}, read as {@link #candidates(IpAddress, Set)}
     * reads one address, for every address at once: the static NICs of those networks at their addresses, and the
     * rest as a host in no ASG ({@code member} null) or any dynamic ASG member there whose range holds it.
     */
    public List<Holder> holders(AddressSet addresses, Set<String> vnets) {
        List<Holder> out = new ArrayList<>();
        if (!addresses.intersects(held(vnets))) {
            out.add(new Holder(addresses, null));
            return out;
        }
        AddressSet rest = addresses;
        for (Map.Entry<IpAddress, List<Entry>> e : staticByAddress.entrySet()) {
            if (!addresses.contains(e.getKey())) {
                continue;
            }
            AddressSet one = AddressSet.ofRanges(List.of(new IpRange(e.getKey(), e.getKey())));
            for (Entry s : e.getValue()) {
                if (s.reachableFrom(vnets)) {
                    out.add(new Holder(one, s.member()));
                    rest = rest.minus(one);
                }
            }
        }
        if (rest.isEmpty()) {
            return out;
        }
        out.add(new Holder(rest, null));
        for (Entry e : dynamicMembers) {
            if (e.reachableFrom(vnets)) {
                AddressSet mine = rest.minus(rest.minus(AddressSet.ofRanges(List.of(e.range()))));
                if (!mine.isEmpty()) {
                    out.add(new Holder(mine, e.member()));
                }
            }
        }
        return out;
    }

    /** Every address an indexed configuration reachable from {@code vnets} has or may have; kept per set. */
    private AddressSet held(Set<String> vnets) {
        return held.computeIfAbsent(vnets, k -> {
            List<IpRange> ranges = new ArrayList<>();
            for (Map.Entry<IpAddress, List<Entry>> e : staticByAddress.entrySet()) {
                if (e.getValue().stream().anyMatch(x -> x.reachableFrom(vnets))) {
                    ranges.add(new IpRange(e.getKey(), e.getKey()));
                }
            }
            for (Entry e : dynamicMembers) {
                if (e.reachableFrom(vnets)) {
                    ranges.add(e.range());
                }
            }
            return AddressSet.ofRanges(ranges);
        });
    }

    /** Addresses and who may hold them: an IP configuration, or (null) a host in no ASG. */
    public record Holder(AddressSet addresses, Member member) {
    }

    /** The VNet and its peers, as lower-cased names: the networks whose private addresses are reachable. */
    public Set<String> reachableFrom(VirtualNetwork vnet) {
        Set<String> out = new LinkedHashSet<>();
        out.add(Topology.key(vnet.name()));
        for (VirtualNetwork peer : topology.peersOf(vnet)) {
            out.add(Topology.key(peer.name()));
        }
        return out;
    }

    /**
     * The addresses a dynamic configuration can get: its subnet's prefix of its family minus the first four and
     * the last address, which Azure reserves.
     */
    public Optional<IpRange> usableRange(IpConfiguration ip) {
        IpFamily family = ip.privateIPAddressVersion().equalsIgnoreCase("IPv6") ? IpFamily.V6 : IpFamily.V4;
        return index.subnet(ip.subnet()).flatMap(s -> {
            for (String text : s.subnet().addressPrefixes()) {
                IpPrefix prefix;
                try {
                    prefix = IpPrefix.parse(text).prefix();
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (prefix.family() != family) {
                    continue;
                }
                Optional<IpRange> usable = usableRange(prefix);
                if (usable.isPresent()) {
                    return usable;
                }
            }
            return Optional.empty();
        });
    }

    /**
     * The addresses of a subnet prefix a host can be given: all but the five Azure keeps (the first four and the
     * last). The one place the reserved-address rule is written: dynamic NICs (D8) and every policy place standing
     * for a subnet's hosts take their addresses from here. Empty for a prefix too small to hold a host.
     */
    public static Optional<IpRange> usableRange(IpPrefix prefix) {
        IpAddress first = prefix.first();
        for (int i = 0; i < 4 && first != null; i++) {
            first = first.next();
        }
        IpAddress last = prefix.last().previous();
        if (first != null && last != null && first.compareTo(last) <= 0) {
            return Optional.of(new IpRange(first, last));
        }
        return Optional.empty();
    }


    public static IpAddress parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return IpAddress.parse(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
