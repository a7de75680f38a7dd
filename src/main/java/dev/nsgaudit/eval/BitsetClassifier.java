package dev.nsgaudit.eval;

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
 * the first match. Lookups cost a table read per port, a binary search per address and one AND over the words.
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
    private final Map<String, long[]> sourceAsgBits;
    private final Map<String, long[]> destinationAsgBits;

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
        this.sourceAsgBits = asgBits(rules, true, words);
        this.destinationAsgBits = asgBits(rules, false, words);
    }

    @Override
    public int firstMatch(Packet packet, int from) {
        if (from < 0) {
            from = 0;
        }
        long[] proto = protocolBits[packet.protocol().ordinal()];
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
        long[] sAsg = asgUnion(sourceAsgBits, packet.sourceAsgs());
        long[] dAsg = asgUnion(destinationAsgBits, packet.destinationAsgs());
        int firstWord = from >>> 6;
        for (int w = firstWord; w < words; w++) {
            long src = sAsg == null ? sa[w] : (sa[w] | sAsg[w]);
            long dst = dAsg == null ? da[w] : (da[w] | dAsg[w]);
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

    private long[] asgUnion(Map<String, long[]> bits, java.util.Set<String> asgs) {
        if (asgs.isEmpty() || bits.isEmpty()) {
            return null;
        }
        long[] out = null;
        for (String asg : asgs) {
            long[] b = bits.get(asg);
            if (b == null) {
                continue;
            }
            if (out == null) {
                out = b.clone();
            } else {
                for (int w = 0; w < words; w++) {
                    out[w] |= b[w];
                }
            }
        }
        return out;
    }

    private static Map<String, long[]> asgBits(List<CompiledRule> rules, boolean source, int words) {
        Map<String, long[]> out = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            for (String asg : source ? rules.get(i).sourceAsgs() : rules.get(i).destinationAsgs()) {
                set(out.computeIfAbsent(asg, k -> new long[words]), i);
            }
        }
        return out;
    }

    static void set(long[] bits, int i) {
        bits[i >>> 6] |= 1L << (i & 63);
    }

    /** Identical bit vectors are stored once; many neighbouring intervals share one. */
    private static final class Interner {
        private final Map<List<Long>, Integer> ids = new HashMap<>();
        private final List<long[]> vectors = new ArrayList<>();

        int intern(long[] v) {
            List<Long> key = new ArrayList<>(v.length);
            for (long x : v) {
                key.add(x);
            }
            return ids.computeIfAbsent(key, k -> {
                vectors.add(v.clone());
                return vectors.size() - 1;
            });
        }

        long[][] table() {
            return vectors.toArray(new long[0][]);
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

    /** Sorted interval starts of one address family; binary search finds the interval of an address. */
    private static final class AddressIndex {
        final long[] startHi;
        final long[] startLo;
        final int[] vectorOf;
        final long[][] vectors;

        AddressIndex(List<CompiledRule> rules, boolean source, IpFamily family, int words) {
            TreeSet<IpAddress> cuts = new TreeSet<>();
            IpAddress zero = family == IpFamily.V4 ? IpAddress.v4(0) : IpAddress.v6(0, 0);
            cuts.add(zero);
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
            IpAddress[] starts = cuts.toArray(new IpAddress[0]);
            long[][] intervalBits = new long[starts.length][words];
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
            vectorOf = new int[starts.length];
            Interner interner = new Interner();
            for (int k = 0; k < starts.length; k++) {
                startHi[k] = starts[k].hi();
                startLo[k] = starts[k].lo();
                vectorOf[k] = interner.intern(intervalBits[k]);
            }
            vectors = interner.table();
        }

        long[] lookup(IpAddress address) {
            long hi = address.hi();
            long lo = address.lo();
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
    }
}
