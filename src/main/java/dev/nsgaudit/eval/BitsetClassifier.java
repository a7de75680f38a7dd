package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.AsgSet;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Packet classification by bit vectors (Lakshman and Stiliadis): every field of the packet selects, through a
 * lookup in that field's elementary intervals, the set of rules whose field matches; the first rule of the
 * intersection is the answer. Bit i stands for rule i of the priority-ordered list, so the lowest set bit is
 * the first match. Lookups cost a table read per port, a table read (and for IPv4 addresses near interval
 * boundaries, or IPv6 ones, a short search) per address, an array read per ASG of the packet by its
 * {@link AsgSet} id, and one AND over the words.
 */
public final class BitsetClassifier implements RuleMatcher {

    private final int words;
    private final long[][] protocolBits;
    private final PortIndex sourcePorts;
    private final PortIndex destinationPorts;
    private final AddressIndex sourceV4;
    private final AddressIndex sourceV6;
    private final AddressIndex destinationV4;
    private final AddressIndex destinationV6;
    /**
     * Per side, the bit vector of the rules naming an ASG, indexed by the ASG's {@link AsgSet} id minus the
     * base (the smallest id named on that side); null where no rule names that ASG.
     */
    private final int sourceAsgBase;
    private final long[][] sourceAsgBits;
    private final int destinationAsgBase;
    private final long[][] destinationAsgBits;

    public BitsetClassifier(List<CompiledRule> rules) {
        int n = rules.size();
        this.words = Math.max(1, (n + 63) >>> 6);
        this.protocolBits = new long[Protocol.values().length][words];
        for (int i = 0; i < n; i++) {
            for (Protocol p : Protocol.values()) {
                if ((rules.get(i).protocolMask() & p.mask()) != 0) {
                    set(protocolBits[p.ordinal()], i);
                }
            }
        }
        this.sourcePorts = new PortIndex(rules, true, words);
        this.destinationPorts = new PortIndex(rules, false, words);
        this.sourceV4 = new AddressIndex(rules, true, IpFamily.V4, words);
        this.sourceV6 = new AddressIndex(rules, true, IpFamily.V6, words);
        this.destinationV4 = new AddressIndex(rules, false, IpFamily.V4, words);
        this.destinationV6 = new AddressIndex(rules, false, IpFamily.V6, words);
        Map<Integer, long[]> sourceAsgs = asgBits(rules, true, words);
        this.sourceAsgBase = base(sourceAsgs);
        this.sourceAsgBits = byId(sourceAsgs, sourceAsgBase);
        Map<Integer, long[]> destinationAsgs = asgBits(rules, false, words);
        this.destinationAsgBase = base(destinationAsgs);
        this.destinationAsgBits = byId(destinationAsgs, destinationAsgBase);
    }

    @Override
    public int firstMatch(Packet packet, int from) {
        long[] sp;
        long[] dp;
        if (packet.protocol().hasPorts()) {
            sp = sourcePorts.lookup(packet.sourcePort());
            dp = destinationPorts.lookup(packet.destinationPort());
        } else {
            sp = sourcePorts.fullRangeBits;
            dp = destinationPorts.fullRangeBits;
        }
        long[] sa = (packet.sourceAddress().family() == IpFamily.V4 ? sourceV4 : sourceV6).lookup(packet.sourceAddress());
        long[] da = (packet.destinationAddress().family() == IpFamily.V4 ? destinationV4 : destinationV6)
                .lookup(packet.destinationAddress());
        return first(protocolBits[packet.protocol().ordinal()], sp, dp, sa, da, (AsgSet) packet.sourceAsgs(),
                (AsgSet) packet.destinationAsgs(), from);
    }

    /** {@link #firstMatch(Packet, int)} of the same flow given as primitives: the same answer, no allocation. */
    int firstMatch(Ipv4Flow flow, int from) {
        long[] sp;
        long[] dp;
        if (flow.protocol.hasPorts()) {
            sp = sourcePorts.lookup(flow.sourcePort);
            dp = destinationPorts.lookup(flow.destinationPort);
        } else {
            sp = sourcePorts.fullRangeBits;
            dp = destinationPorts.fullRangeBits;
        }
        return first(protocolBits[flow.protocol.ordinal()], sp, dp, sourceV4.lookupV4(flow.sourceAddress),
                destinationV4.lookupV4(flow.destinationAddress), flow.sourceAsgs, flow.destinationAsgs, from);
    }

    /** The first rule at or after {@code from} in the intersection of the fields' vectors, or -1. */
    private int first(long[] proto, long[] sp, long[] dp, long[] sa, long[] da, AsgSet sourceAsgs,
                      AsgSet destinationAsgs, int from) {
        if (from < 0) {
            from = 0;
        }
        // The ASG vectors of each side, found by the packets' ASG ids (no string hashing): up to two are read in
        // place; a third or later one is merged into a fresh array, so the usual endpoint (in at most two ASGs
        // named by rules) costs no allocation.
        long[] s1 = null;
        long[] s2 = null;
        if (sourceAsgBits.length != 0) {
            int[] ids = sourceAsgs.ids();
            for (int id : ids) {
                int k = id - sourceAsgBase;
                if (k < 0 || k >= sourceAsgBits.length || sourceAsgBits[k] == null) {
                    continue;
                }
                long[] b = sourceAsgBits[k];
                if (s1 == null) {
                    s1 = b;
                } else if (s2 == null) {
                    s2 = b;
                } else {
                    s1 = or(s1, s2);
                    s2 = b;
                }
            }
        }
        long[] d1 = null;
        long[] d2 = null;
        if (destinationAsgBits.length != 0) {
            int[] ids = destinationAsgs.ids();
            for (int id : ids) {
                int k = id - destinationAsgBase;
                if (k < 0 || k >= destinationAsgBits.length || destinationAsgBits[k] == null) {
                    continue;
                }
                long[] b = destinationAsgBits[k];
                if (d1 == null) {
                    d1 = b;
                } else if (d2 == null) {
                    d2 = b;
                } else {
                    d1 = or(d1, d2);
                    d2 = b;
                }
            }
        }
        int firstWord = from >>> 6;
        for (int w = firstWord; w < words; w++) {
            long src = sa[w];
            if (s1 != null) {
                src |= s1[w];
                if (s2 != null) {
                    src |= s2[w];
                }
            }
            long dst = da[w];
            if (d1 != null) {
                dst |= d1[w];
                if (d2 != null) {
                    dst |= d2[w];
                }
            }
            long v = proto[w] & sp[w] & dp[w] & src & dst;
            if (w == firstWord) {
                v &= -1L << (from & 63);
            }
            if (v != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(v);
            }
        }
        return -1;
    }

    private static long[] or(long[] a, long[] b) {
        long[] out = a.clone();
        for (int w = 0; w < out.length; w++) {
            out[w] |= b[w];
        }
        return out;
    }

    private static Map<Integer, long[]> asgBits(List<CompiledRule> rules, boolean source, int words) {
        Map<Integer, long[]> out = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            for (String asg : source ? rules.get(i).sourceAsgs() : rules.get(i).destinationAsgs()) {
                set(out.computeIfAbsent(AsgSet.id(asg), k -> new long[words]), i);
            }
        }
        return out;
    }

    private static int base(Map<Integer, long[]> byId) {
        return byId.keySet().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    private static long[][] byId(Map<Integer, long[]> byId, int base) {
        int max = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(base - 1);
        long[][] out = new long[max - base + 1][];
        byId.forEach((id, bits) -> out[id - base] = bits);
        return out;
    }

    static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    /** Identical bit vectors are stored once; many neighbouring intervals share one. */
    private static final class Interner {
        private final Map<Key, Integer> ids = new HashMap<>();
        private final List<long[]> vectors = new ArrayList<>();

        int intern(long[] v) {
            Key key = new Key(v);
            Integer known = ids.get(key);
            if (known != null) {
                return known;
            }
            long[] copy = v.clone();
            vectors.add(copy);
            ids.put(new Key(copy), vectors.size() - 1);
            return vectors.size() - 1;
        }

        long[][] table() {
            return vectors.toArray(new long[0][]);
        }

        /** A bit vector compared by content. */
        private record Key(long[] v) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(v, k.v);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(v);
            }
        }
    }

    /** Direct table: port -> bit vector of the rules whose port set contains it. */
    private static final class PortIndex {
        final char[] vectorOfPort = new char[PortSet.MAX_PORT + 1];
        final long[][] vectors;
        final long[] fullRangeBits;

        PortIndex(List<CompiledRule> rules, boolean source, int words) {
            TreeSet<Integer> cuts = new TreeSet<>();
            cuts.add(0);
            fullRangeBits = new long[words];
            for (int i = 0; i < rules.size(); i++) {
                PortSet ports = source ? rules.get(i).sourcePorts() : rules.get(i).destinationPorts();
                if (ports.isAll()) {
                    set(fullRangeBits, i);
                }
                for (int r = 0; r < ports.rangeCount(); r++) {
                    cuts.add(ports.start(r));
                    if (ports.end(r) < PortSet.MAX_PORT) {
                        cuts.add(ports.end(r) + 1);
                    }
                }
            }
            int[] starts = cuts.stream().mapToInt(Integer::intValue).toArray();
            long[][] intervalBits = new long[starts.length][words];
            for (int i = 0; i < rules.size(); i++) {
                PortSet ports = source ? rules.get(i).sourcePorts() : rules.get(i).destinationPorts();
                for (int r = 0; r < ports.rangeCount(); r++) {
                    int a = Arrays.binarySearch(starts, ports.start(r));
                    int b = ports.end(r) < PortSet.MAX_PORT ? Arrays.binarySearch(starts, ports.end(r) + 1) : starts.length;
                    for (int k = a; k < b; k++) {
                        set(intervalBits[k], i);
                    }
                }
            }
            Interner interner = new Interner();
            for (int k = 0; k < starts.length; k++) {
                int id = interner.intern(intervalBits[k]);
                if (id > Character.MAX_VALUE) {
                    throw new IllegalStateException("too many distinct port classes");
                }
                int end = k + 1 < starts.length ? starts[k + 1] : PortSet.MAX_PORT + 1;
                Arrays.fill(vectorOfPort, starts[k], end, (char) id);
            }
            vectors = interner.table();
        }

        long[] lookup(int port) {
            return vectors[vectorOfPort[port]];
        }
    }

    /**
     * Sorted interval starts of one address family; binary search finds the interval of an address. For IPv4
     * with many intervals, a table by the top 16 bits of the address answers directly for a /16 block inside
     * one interval (most blocks), and otherwise points at the first interval meeting the block, from which a
     * galloping search over the few intervals that start inside the block finds the address's.
     */
    private static final class AddressIndex {
        private static final int BLOCK_TABLE_MIN_INTERVALS = 64;

        final long[] startHi;
        final long[] startLo;
        final int[] vectorOf;
        final long[][] vectors;
        /**
         * IPv4 only, else null: for block b, {@code ~v} when the whole block lies in one interval whose vector is
         * {@code vectors[v]}, else the index of the interval holding address b << 16.
         */
        final int[] block;

        AddressIndex(List<CompiledRule> rules, boolean source, IpFamily family, int words) {
            long[][] intervalBits;
            if (family == IpFamily.V4) {
                // IPv4 bounds as plain longs (sorted and searched without IpAddress objects: a 1,000-rule NSG has
                // some 12,000 of them); the same intervals as the general case below.
                long[] starts = v4Starts(rules, source);
                intervalBits = new long[starts.length][words];
                for (int i = 0; i < rules.size(); i++) {
                    CompiledRule rule = rules.get(i);
                    for (IpRange r : (source ? rule.sourceAddresses() : rule.destinationAddresses()).ranges()) {
                        if (r.family() != IpFamily.V4) {
                            continue;
                        }
                        int a = Arrays.binarySearch(starts, r.first().lo());
                        long after = r.last().lo() + 1;
                        int b = after > MAX_V4 ? starts.length : Arrays.binarySearch(starts, after);
                        for (int k = a; k < b; k++) {
                            set(intervalBits[k], i);
                        }
                    }
                }
                startHi = new long[starts.length];
                startLo = starts;
            } else {
                List<IpAddress> cuts = new ArrayList<>();
                cuts.add(IpAddress.v6(0, 0));
                for (CompiledRule rule : rules) {
                    for (IpRange r : (source ? rule.sourceAddresses() : rule.destinationAddresses()).ranges()) {
                        if (r.family() != family) {
                            continue;
                        }
                        cuts.add(r.first());
                        IpAddress after = r.last().next();
                        if (after != null) {
                            cuts.add(after);
                        }
                    }
                }
                // Sorted once and made distinct: cheaper than a tree set of thousands of bounds.
                IpAddress[] starts = cuts.stream().sorted().distinct().toArray(IpAddress[]::new);
                intervalBits = new long[starts.length][words];
                for (int i = 0; i < rules.size(); i++) {
                    CompiledRule rule = rules.get(i);
                    for (IpRange r : (source ? rule.sourceAddresses() : rule.destinationAddresses()).ranges()) {
                        if (r.family() != family) {
                            continue;
                        }
                        int a = Arrays.binarySearch(starts, r.first());
                        IpAddress after = r.last().next();
                        int b = after == null ? starts.length : Arrays.binarySearch(starts, after);
                        for (int k = a; k < b; k++) {
                            set(intervalBits[k], i);
                        }
                    }
                }
                startHi = new long[starts.length];
                startLo = new long[starts.length];
                for (int k = 0; k < starts.length; k++) {
                    startHi[k] = starts[k].hi();
                    startLo[k] = starts[k].lo();
                }
            }
            vectorOf = new int[startLo.length];
            Interner interner = new Interner();
            for (int k = 0; k < startLo.length; k++) {
                vectorOf[k] = interner.intern(intervalBits[k]);
            }
            vectors = interner.table();
            if (family == IpFamily.V4 && startLo.length >= BLOCK_TABLE_MIN_INTERVALS) {
                block = new int[1 << 16];
                int k = 0;
                for (int b = 0; b < (1 << 16); b++) {
                    long blockFirst = (long) b << 16;
                    while (k + 1 < startLo.length && startLo[k + 1] <= blockFirst) {
                        k++;
                    }
                    boolean uniform = k + 1 >= startLo.length || startLo[k + 1] >= blockFirst + (1 << 16);
                    block[b] = uniform ? ~vectorOf[k] : k;
                }
            } else {
                block = null;
            }
        }

        private static final long MAX_V4 = 0xFFFF_FFFFL;

        /** 0 and every first address and address after the last of the rules' IPv4 ranges, ascending, once each. */
        private static long[] v4Starts(List<CompiledRule> rules, boolean source) {
            long[] cuts = new long[16];
            int n = 0;
            cuts[n++] = 0;
            for (CompiledRule rule : rules) {
                for (IpRange r : (source ? rule.sourceAddresses() : rule.destinationAddresses()).ranges()) {
                    if (r.family() != IpFamily.V4) {
                        continue;
                    }
                    if (n + 2 > cuts.length) {
                        cuts = Arrays.copyOf(cuts, 2 * cuts.length);
                    }
                    cuts[n++] = r.first().lo();
                    if (r.last().lo() < MAX_V4) {
                        cuts[n++] = r.last().lo() + 1;
                    }
                }
            }
            Arrays.sort(cuts, 0, n);
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                if (distinct == 0 || cuts[i] != cuts[distinct - 1]) {
                    cuts[distinct++] = cuts[i];
                }
            }
            return Arrays.copyOf(cuts, distinct);
        }

        long[] lookup(IpAddress address) {
            long hi = address.hi();
            long lo = address.lo();
            if (address.family() == IpFamily.V4) {
                return lookupV4(lo);
            }
            int low = 0;
            int high = startHi.length - 1;
            // Find the last start <= address.
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                int c = Long.compareUnsigned(startHi[mid], hi);
                if (c == 0) {
                    c = Long.compareUnsigned(startLo[mid], lo);
                }
                if (c <= 0) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return vectors[vectorOf[low]];
        }

        /** The vector of the IPv4 address whose 32 bits are {@code lo} (an index of IPv4 intervals). */
        long[] lookupV4(long lo) {
            // IPv4: hi is 0 and lo < 2^32, so plain comparisons of lo are exact.
            int low = 0;
            int high = startLo.length - 1;
            if (block != null) {
                low = block[(int) (lo >>> 16)];
                if (low < 0) {
                    return vectors[~low];
                }
                // startLo[low] <= lo: gallop forward to bound the search, then search between.
                int bound = 1;
                while (low + bound < startLo.length && startLo[low + bound] <= lo) {
                    bound <<= 1;
                }
                high = Math.min(low + bound, startLo.length) - 1;
                low += bound >>> 1;
            }
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (startLo[mid] <= lo) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            return vectors[vectorOf[low]];
        }
    }
}
