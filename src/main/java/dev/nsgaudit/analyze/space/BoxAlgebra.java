package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/** The set algebra of {@link BoxSpace}: packet sets as lists of boxes. Sets are immutable; nothing needs freeing. */
public final class BoxAlgebra implements SetAlgebra<BoxSet> {

    private static final int PORTFUL = Protocol.TCP.mask() | Protocol.UDP.mask();

    private final BoxSpace space;
    private final BoxSet all;
    /**
     * The intervals of the address sets and the memberships of the ASG sets {@link #at} was asked about, by identity:
     * a policy question asks about the same groups of hosts again and again. Bounded; shared by threads.
     */
    private final java.util.Map<AddressSet, Intervals[]> addressIntervals =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final java.util.Map<Set<String>, Exact> exactMemberships =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private static final int CACHED = 4096;

    /** One host's ASGs as bits, and as the membership of exactly those. */
    private record Exact(BitSet bits, Membership membership) {
    }

    public BoxAlgebra(BoxSpace space) {
        this.space = space;
        List<PacketBox> every = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            every.add(new PacketBox(f, Protocol.ALL_MASK, Intervals.all(f), Intervals.ALL_PORTS, Intervals.all(f),
                    Intervals.ALL_PORTS, Membership.ANY, Membership.ANY));
        }
        this.all = new BoxSet(every);
    }

    public BoxSpace space() {
        return space;
    }

    @Override
    public BoxSet none() {
        return BoxSet.EMPTY;
    }

    @Override
    public BoxSet all() {
        return all;
    }

    @Override
    public BoxSet union(BoxSet a, BoxSet b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<PacketBox> out = new ArrayList<>(a.boxes().size() + b.boxes().size());
        out.addAll(a.boxes());
        out.addAll(b.boxes());
        return BoxSet.owning(out);
    }

    @Override
    public BoxSet unionAll(List<BoxSet> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<PacketBox> out = new ArrayList<>();
        for (BoxSet p : parts) {
            out.addAll(p.boxes());
        }
        return BoxSet.owning(out);
    }

    @Override
    public BoxSet intersect(BoxSet a, BoxSet b) {
        return a.intersect(b);
    }

    @Override
    public BoxSet minus(BoxSet a, BoxSet b) {
        return a.minus(b);
    }

    /** Box by box: a box that meets none of {@code by}'s boxes stays whole, without being cut. */
    @Override
    public Split<BoxSet> split(BoxSet in, BoxSet by) {
        List<PacketBox> ruleBoxes = by.boxes();
        List<PacketBox> left = in.boxes();
        List<PacketBox> inside = null;
        List<PacketBox> outside = null;
        for (int k = 0; k < left.size(); k++) {
            PacketBox b = left.get(k);
            if (!meetsAny(b, ruleBoxes)) {
                if (outside != null) {
                    outside.add(b);
                }
                continue;
            }
            if (outside == null) {
                outside = new ArrayList<>(left.subList(0, k));
                inside = new ArrayList<>();
            }
            List<PacketBox> pieces = List.of(b);
            for (PacketBox m : ruleBoxes) {
                List<PacketBox> rest = new ArrayList<>();
                for (PacketBox piece : pieces) {
                    if (piece.intersects(m)) {
                        inside.add(piece.intersect(m));
                        piece.minus(m, rest);
                    } else {
                        rest.add(piece);
                    }
                }
                pieces = rest;
            }
            outside.addAll(pieces);
        }
        if (outside == null) {
            return new Split<>(BoxSet.EMPTY, in);
        }
        return new Split<>(BoxSet.owning(inside), BoxSet.owning(outside));
    }

    private static boolean meetsAny(PacketBox b, List<PacketBox> set) {
        for (PacketBox m : set) {
            if (b.intersects(m)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isEmpty(BoxSet s) {
        List<PacketBox> boxes = s.boxes();
        for (int i = 0, n = boxes.size(); i < n; i++) { // asked after every rule of a first match: no iterator
            if (!boxes.get(i).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean intersects(BoxSet a, BoxSet b) {
        return a.intersects(b);
    }

    @Override
    public boolean containsAll(BoxSet a, BoxSet b) {
        return a.containsAll(b);
    }

    @Override
    public BoxSet copy(BoxSet s) {
        return s;
    }

    @Override
    public void free(BoxSet s) {
        // nothing to release
    }

    @Override
    public BoxSet matches(CompiledRule rule) {
        return space.matches(rule);
    }

    @Override
    public BoxSet traffic(int mask, PortSet destinationPorts, PortSet sourcePorts) {
        boolean fullPorts = destinationPorts.isAll() && sourcePorts.isAll();
        int protocols = fullPorts ? mask : mask & PORTFUL;
        Intervals dp = Intervals.of(destinationPorts);
        Intervals sp = Intervals.of(sourcePorts);
        if (protocols == 0 || dp.isEmpty() || sp.isEmpty()) {
            return BoxSet.EMPTY;
        }
        List<PacketBox> out = new ArrayList<>(2);
        for (IpFamily f : IpFamily.values()) {
            out.add(new PacketBox(f, protocols, Intervals.all(f), sp, Intervals.all(f), dp, Membership.ANY, Membership.ANY));
        }
        return BoxSet.owning(out);
    }

    @Override
    public BoxSet sourceAddresses(AddressSet addresses) {
        return ends(addresses, Membership.ANY, true);
    }

    @Override
    public BoxSet destinationAddresses(AddressSet addresses) {
        return ends(addresses, Membership.ANY, false);
    }

    @Override
    public BoxSet sourceMembership(Set<String> asgs) {
        return ends(AddressSet.ALL, exactly(asgs), true);
    }

    @Override
    public BoxSet destinationMembership(Set<String> asgs) {
        return ends(AddressSet.ALL, exactly(asgs), false);
    }

    private Membership exactly(Set<String> asgs) {
        return Membership.exactly(space.asgBits(asgs), space.knownAsgs());
    }

    /** Every packet whose one end is at these addresses with that membership. */
    private static BoxSet ends(AddressSet addresses, Membership m, boolean source) {
        List<PacketBox> out = new ArrayList<>(2);
        for (IpFamily f : IpFamily.values()) {
            Intervals at = Intervals.of(addresses, f);
            if (at.isEmpty() || m.isEmpty()) {
                continue;
            }
            Intervals any = Intervals.all(f);
            out.add(source
                    ? new PacketBox(f, Protocol.ALL_MASK, at, Intervals.ALL_PORTS, any, Intervals.ALL_PORTS, m, Membership.ANY)
                    : new PacketBox(f, Protocol.ALL_MASK, any, Intervals.ALL_PORTS, at, Intervals.ALL_PORTS, Membership.ANY, m));
        }
        return BoxSet.owning(out);
    }

    @Override
    public BoxSet hosts(HostUniverse universe, boolean source) {
        List<PacketBox> out = new ArrayList<>();
        for (HostUniverse.Hosts h : universe.groups()) {
            Membership m = h.asgs() == null ? Membership.ANY : exactly(h.asgs());
            out.addAll(ends(h.addresses(), m, source).boxes());
        }
        return BoxSet.owning(out);
    }

    @Override
    public BoxSet packet(Packet p) {
        IpFamily f = p.sourceAddress().family();
        if (f != p.destinationAddress().family()) {
            return BoxSet.EMPTY;
        }
        boolean ports = p.protocol().hasPorts();
        PacketBox box = new PacketBox(f, p.protocol().mask(), point(p.sourceAddress()),
                ports ? Intervals.of(PortSet.range(p.sourcePort(), p.sourcePort())) : Intervals.ALL_PORTS,
                point(p.destinationAddress()),
                ports ? Intervals.of(PortSet.range(p.destinationPort(), p.destinationPort())) : Intervals.ALL_PORTS,
                exactly(p.sourceAsgs()), exactly(p.destinationAsgs()));
        return BoxSet.owning(List.of(box));
    }

    private static Intervals point(IpAddress a) {
        return Intervals.of(AddressSet.ofRanges(List.of(new IpRange(a, a))), a.family());
    }

    @Override
    public BoxSet withMembership(BoxSet set, boolean source, Set<String> asgs) {
        Membership m = asgs == null ? Membership.ANY : exact(asgs).membership();
        List<PacketBox> out = new ArrayList<>(set.boxes().size());
        for (PacketBox b : set.boxes()) {
            if (b.isEmpty()) {
                continue;
            }
            PacketBox x = source
                    ? new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(),
                    b.destinationAddresses(), b.destinationPorts(), m, b.destinationAsgs())
                    : new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(),
                    b.destinationAddresses(), b.destinationPorts(), b.sourceAsgs(), m);
            if (!x.isEmpty()) {
                out.add(x);
            }
        }
        return BoxSet.owning(out);
    }

    /**
     * Box by box, in one pass: a box keeps the packets at those addresses, and when a membership is asked, it keeps
     * them only if it holds that one membership, which it is then written as (a box's membership would otherwise grow
     * with every intersection).
     */
    @Override
    public BoxSet at(BoxSet set, boolean source, AddressSet addresses, Set<String> asgs) {
        Intervals[] both = cached(addressIntervals, addresses,
                a -> new Intervals[] {Intervals.of(a, IpFamily.V4), Intervals.of(a, IpFamily.V6)});
        Intervals v4 = both[0];
        Intervals v6 = both[1];
        Exact e = asgs == null ? null : exact(asgs);
        BitSet bits = e == null ? null : e.bits();
        Membership exact = e == null ? null : e.membership();
        List<PacketBox> out = new ArrayList<>();
        for (PacketBox b : set.boxes()) {
            Membership m = source ? b.sourceAsgs() : b.destinationAsgs();
            if (exact != null && !m.contains(bits)) {
                continue;
            }
            Intervals in = (source ? b.sourceAddresses() : b.destinationAddresses())
                    .intersect(b.family() == IpFamily.V4 ? v4 : v6);
            if (in.isEmpty()) {
                continue;
            }
            Membership kept = exact == null ? m : exact;
            if (in == (source ? b.sourceAddresses() : b.destinationAddresses()) && kept == m) {
                if (!b.isEmpty()) {
                    out.add(b); // unchanged: no copy
                }
                continue;
            }
            PacketBox x = source
                    ? new PacketBox(b.family(), b.protocols(), in, b.sourcePorts(), b.destinationAddresses(),
                    b.destinationPorts(), kept, b.destinationAsgs())
                    : new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(), in,
                    b.destinationPorts(), b.sourceAsgs(), kept);
            if (!x.isEmpty()) {
                out.add(x);
            }
        }
        return BoxSet.owning(out);
    }

    /** Box by box over the hosts, in one pass: the boxes {@link #at} gives for each host, without a list per host. */
    @Override
    public BoxSet atEach(BoxSet set, boolean source, List<AddressSet> addresses, List<Set<String>> asgs) {
        int n = addresses.size();
        Intervals[][] where = new Intervals[n][];
        Exact[] exact = new Exact[n];
        for (int i = 0; i < n; i++) {
            where[i] = cached(addressIntervals, addresses.get(i),
                    a -> new Intervals[] {Intervals.of(a, IpFamily.V4), Intervals.of(a, IpFamily.V6)});
            exact[i] = asgs.get(i) == null ? null : exact(asgs.get(i));
        }
        List<PacketBox> out = new ArrayList<>();
        for (PacketBox b : set.boxes()) {
            Membership m = source ? b.sourceAsgs() : b.destinationAsgs();
            Intervals end = source ? b.sourceAddresses() : b.destinationAddresses();
            int family = b.family() == IpFamily.V4 ? 0 : 1;
            for (int i = 0; i < n; i++) {
                if (exact[i] != null && !m.contains(exact[i].bits())) {
                    continue;
                }
                Intervals in = end.intersect(where[i][family]);
                if (in.isEmpty()) {
                    continue;
                }
                Membership kept = exact[i] == null ? m : exact[i].membership();
                PacketBox x = in == end && kept == m ? b : source
                        ? new PacketBox(b.family(), b.protocols(), in, b.sourcePorts(), b.destinationAddresses(),
                        b.destinationPorts(), kept, b.destinationAsgs())
                        : new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(), in,
                        b.destinationPorts(), b.sourceAsgs(), kept);
                if (!x.isEmpty()) {
                    out.add(x);
                }
            }
        }
        return BoxSet.owning(out);
    }

    /** A host's exact membership for {@link #at} and {@link #withMembership}, kept by the set's identity. */
    private Exact exact(Set<String> asgs) {
        return cached(exactMemberships, asgs, x -> {
            BitSet b = space.asgBits(x);
            return new Exact(b, Membership.exactly(b, space.knownAsgs()));
        });
    }

    private static <K, V> V cached(java.util.Map<K, V> cache, K key, java.util.function.Function<K, V> compute) {
        V v = cache.get(key);
        if (v == null) {
            v = compute.apply(key);
            if (cache.size() >= CACHED) {
                cache.clear();
            }
            cache.put(key, v);
        }
        return v;
    }

    // ---- the witness ------------------------------------------------------------------------------------------

    /** A box is a product, so its smallest packet takes the smallest value of each field; the smallest box's wins. */
    @Override
    public HeaderWitness witness(BoxSet set) {
        Key best = null;
        for (PacketBox b : set.boxes()) {
            if (b.isEmpty()) {
                continue;
            }
            Key k = new Key(b);
            if (best == null || k.compareTo(best) < 0) {
                best = k;
            }
        }
        return best == null ? null : best.witness(space.asgNames());
    }

    /**
     * Box by box, without building the set of the other packets: a box's smallest packet whose addresses differ
     * keeps every field of its smallest packet but one address (the next source, else the next destination when the
     * box has only that one source), and the union's smallest is the smallest of the boxes'.
     */
    @Override
    public HeaderWitness smallestOther(BoxSet set) {
        Key best = null;
        for (PacketBox b : set.boxes()) {
            if (b.isEmpty()) {
                continue;
            }
            if (best != null && !Key.mayBeat(b, best)) {
                continue;
            }
            Key k = Key.other(b);
            if (k != null && (best == null || k.compareTo(best) < 0)) {
                best = k;
            }
        }
        return best == null ? null : best.witness(space.asgNames());
    }

    /**
     * {@link SetAlgebra#realisticOther} with the set first cut, in one pass over its boxes, to the packets that can be
     * chosen (those agreeing with the smallest other packet up to its destination port, from another source): the
     * choice among them is the interface's, on a few boxes instead of the whole failing set.
     */
    @Override
    public HeaderWitness realisticOther(BoxSet set) {
        HeaderWitness smallest = smallestOther(set);
        if (smallest == null) {
            return null;
        }
        IpFamily f = smallest.destinationAddress().family();
        Intervals destination = point(smallest.destinationAddress());
        boolean ports = smallest.protocol().hasPorts();
        PacketBox fields = new PacketBox(f, smallest.protocol().mask(), Intervals.all(f).minus(destination),
                Intervals.ALL_PORTS, destination, ports ? Intervals.of(PortSet.range(smallest.destinationPort(),
                smallest.destinationPort())) : Intervals.ALL_PORTS, exactly(Set.copyOf(smallest.sourceAsgs())),
                exactly(Set.copyOf(smallest.destinationAsgs())));
        // Its smallest packet is the smallest other packet of the whole set, so the interface chooses as it would.
        return realisticWitness(set.intersect(BoxSet.owning(List.of(fields))));
    }

    /** The smallest packet of one box, comparable in the witness order. */
    private static final class Key implements Comparable<Key> {
        final long[] fields;
        final BitSet dst;
        final BitSet src;

        /**
         * False when the box's {@link #other} key is surely not below {@code best}, read from the fields the order
         * compares first without building the key (most boxes of a large set lose there): the key's destination is
         * never below the box's first destination address.
         */
        static boolean mayBeat(PacketBox b, Key best) {
            long protocol = Integer.numberOfTrailingZeros(b.protocols());
            if (protocol != best.fields[0]) {
                return protocol < best.fields[0];
            }
            long family = b.family() == IpFamily.V4 ? 0 : 1;
            if (family != best.fields[1]) {
                return family < best.fields[1];
            }
            int c = compareMembership(b.destinationAsgs().smallestMemberShared(), best.dst);
            if (c != 0) {
                return c < 0;
            }
            c = compareMembership(b.sourceAsgs().smallestMemberShared(), best.src);
            if (c != 0) {
                return c < 0;
            }
            Intervals dsts = b.destinationAddresses();
            int d = Long.compareUnsigned(dsts.firstHigh(), best.fields[2]);
            return d < 0 || (d == 0 && Long.compareUnsigned(dsts.firstLow(), best.fields[3]) <= 0);
        }

        /** The smallest packet of the box whose source and destination differ, or null when it has none. */
        static Key other(PacketBox b) {
            Intervals dsts = b.destinationAddresses();
            Intervals srcs = b.sourceAddresses();
            long dstHigh = dsts.firstHigh();
            long dstLow = dsts.firstLow();
            long srcHigh = srcs.firstHigh();
            long srcLow = srcs.firstLow();
            if (dstHigh == srcHigh && dstLow == srcLow) {
                IpAddress a = b.family() == IpFamily.V4 ? IpAddress.v4(dstLow) : IpAddress.v6(dstHigh, dstLow);
                Intervals self = point(a);
                Intervals otherSources = srcs.minus(self);
                if (!otherSources.isEmpty()) {
                    srcHigh = otherSources.firstHigh();
                    srcLow = otherSources.firstLow();
                } else {
                    Intervals otherDestinations = dsts.minus(self);
                    if (otherDestinations.isEmpty()) {
                        return null;
                    }
                    dstHigh = otherDestinations.firstHigh();
                    dstLow = otherDestinations.firstLow();
                }
            }
            return new Key(b, dstHigh, dstLow, srcHigh, srcLow,
                    b.destinationAsgs().smallestMemberShared(), b.sourceAsgs().smallestMemberShared());
        }

        private Key(PacketBox b, long dstHigh, long dstLow, long srcHigh, long srcLow, BitSet dst, BitSet src) {
            fields = new long[] {Integer.numberOfTrailingZeros(b.protocols()), b.family() == IpFamily.V4 ? 0 : 1,
                    dstHigh, dstLow, b.destinationPorts().firstLow(), srcHigh, srcLow, b.sourcePorts().firstLow()};
            this.dst = dst;
            this.src = src;
        }

        Key(PacketBox b) {
            fields = new long[] {Integer.numberOfTrailingZeros(b.protocols()), b.family() == IpFamily.V4 ? 0 : 1,
                    b.destinationAddresses().firstHigh(), b.destinationAddresses().firstLow(),
                    b.destinationPorts().firstLow(), b.sourceAddresses().firstHigh(), b.sourceAddresses().firstLow(),
                    b.sourcePorts().firstLow()};
            dst = b.destinationAsgs().smallestMember();
            src = b.sourceAsgs().smallestMember();
        }

        @Override
        public int compareTo(Key o) {
            for (int i = 0; i < 2; i++) {
                if (fields[i] != o.fields[i]) {
                    return Long.compare(fields[i], o.fields[i]);
                }
            }
            int c = compareMembership(dst, o.dst);
            if (c != 0) {
                return c;
            }
            c = compareMembership(src, o.src);
            if (c != 0) {
                return c;
            }
            for (int i = 2; i < fields.length; i++) {
                if (fields[i] != o.fields[i]) {
                    return Long.compareUnsigned(fields[i], o.fields[i]);
                }
            }
            return 0;
        }

        HeaderWitness witness(List<String> asgNames) {
            Protocol p = Protocol.values()[(int) fields[0]];
            boolean v4 = fields[1] == 0;
            IpAddress d = v4 ? IpAddress.v4(fields[3]) : IpAddress.v6(fields[2], fields[3]);
            IpAddress s = v4 ? IpAddress.v4(fields[6]) : IpAddress.v6(fields[5], fields[6]);
            return new HeaderWitness(p, s, p.hasPorts() ? (int) fields[7] : -1, names(src, asgNames), d,
                    p.hasPorts() ? (int) fields[4] : -1, names(dst, asgNames));
        }
    }

    /** At the first ASG where two memberships differ, the one outside is smaller. */
    static int compareMembership(BitSet a, BitSet b) {
        if (a.equals(b)) {
            return 0; // the usual case, without a copy
        }
        BitSet x = (BitSet) a.clone();
        x.xor(b);
        int i = x.nextSetBit(0);
        return i < 0 ? 0 : a.get(i) ? 1 : -1;
    }

    private static List<String> names(BitSet asgs, List<String> all) {
        List<String> out = new ArrayList<>();
        for (int i = asgs.nextSetBit(0); i >= 0; i = asgs.nextSetBit(i + 1)) {
            out.add(all.get(i));
        }
        return out;
    }

    @Override
    public double countSourceAddresses(BoxSet set, IpFamily family) {
        AddressSet seen = AddressSet.EMPTY;
        for (PacketBox b : set.boxes()) {
            if (b.family() == family && !b.isEmpty()) {
                seen = seen.union(b.sourceAddresses().toAddresses(family));
            }
        }
        return Intervals.of(seen, family).size();
    }
}
