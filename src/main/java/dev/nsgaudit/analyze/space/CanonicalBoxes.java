package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One list of boxes per set of packets, whatever boxes the set was computed as: the same packets always give the same
 * boxes. Field by field (source addresses, destination addresses, destination ports, source ports, protocols), the
 * values whose remaining packets are the same set are gathered into one field value, and that set is written the same
 * way, recursively; the groups come in the order of their smallest value. Each value's remaining set is a function of
 * the set alone, so the result is too. ASG memberships are kept as they are: boxes are gathered per (family, source
 * membership, destination membership), which is canonical for sets without memberships (all {@link Membership#ANY}),
 * the sets a diff reports.
 */
final class CanonicalBoxes {

    private static final int FIELDS = 4;
    private static final int PORTFUL = Protocol.TCP.mask() | Protocol.UDP.mask();

    private CanonicalBoxes() {
    }

    static List<PacketBox> of(List<PacketBox> boxes) {
        Map<String, List<PacketBox>> parts = new TreeMap<>();
        for (PacketBox b : boxes) {
            if (b.isEmpty()) {
                continue;
            }
            // Protocols with ports apart from those without (which a box holds only with every port, D6), so that
            // no piece gives a portless protocol a port.
            for (int mask : new int[] {b.protocols() & PORTFUL, b.protocols() & ~PORTFUL}) {
                if (mask != 0) {
                    parts.computeIfAbsent(b.family().ordinal() + "|" + ((mask & PORTFUL) != 0) + "|"
                            + b.sourceAsgs() + "|" + b.destinationAsgs(), k -> new ArrayList<>()).add(
                            new PacketBox(b.family(), mask, b.sourceAddresses(), b.sourcePorts(),
                                    b.destinationAddresses(), b.destinationPorts(), b.sourceAsgs(),
                                    b.destinationAsgs()));
                }
            }
        }
        List<PacketBox> out = new ArrayList<>();
        for (List<PacketBox> part : parts.values()) {
            PacketBox first = part.get(0);
            for (Tail t : field(part, 0, first.family())) {
                out.add(new PacketBox(first.family(), t.protocols(), t.values().get(0), t.values().get(3),
                        t.values().get(1), t.values().get(2), first.sourceAsgs(), first.destinationAsgs()));
            }
        }
        return out;
    }

    /** The values of the fields from some field on, and the protocols (the last field, a bit mask). */
    private record Tail(List<Intervals> values, int protocols) {
    }

    /** Source addresses first, then destination addresses and ports, source ports; protocols last. */
    private static Intervals value(PacketBox b, int field) {
        return switch (field) {
            case 0 -> b.sourceAddresses();
            case 1 -> b.destinationAddresses();
            case 2 -> b.destinationPorts();
            default -> b.sourcePorts();
        };
    }

    private static boolean isAddress(int field) {
        return field <= 1;
    }

    /**
     * The canonical tails (the values of fields {@code field..}) of the union of the boxes: the field is cut at every
     * place where some box starts or stops, and the pieces whose remaining set is the same are gathered.
     */
    private static List<Tail> field(List<PacketBox> boxes, int field, IpFamily family) {
        if (field == FIELDS) {
            int protocols = 0;
            for (PacketBox b : boxes) {
                protocols |= b.protocols();
            }
            return List.of(new Tail(List.of(), protocols));
        }
        // Where each box starts (+) and stops (-) covering values of the field.
        List<long[]> events = new ArrayList<>(); // {hi, lo, box, +1|-1}
        for (int i = 0; i < boxes.size(); i++) {
            long[] v = value(boxes.get(i), field).values();
            for (int k = 0; k < v.length; k += 4) {
                events.add(new long[] {v[k], v[k + 1], i, 1});
                if (!(v[k + 2] == -1L && v[k + 3] == -1L)) {
                    long lo = v[k + 3] + 1;
                    long hi = lo == 0 ? v[k + 2] + 1 : v[k + 2];
                    events.add(new long[] {hi, lo, i, -1});
                }
            }
        }
        events.sort((a, b) -> {
            int c = Long.compareUnsigned(a[0], b[0]);
            return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
        });
        BitSet active = new BitSet(boxes.size());
        Map<BitSet, List<Tail>> memo = new HashMap<>();
        Map<List<Tail>, List<long[]>> groups = new LinkedHashMap<>(); // tails -> pieces {hi, lo, hi, lo}
        int e = 0;
        while (e < events.size()) {
            long hi = events.get(e)[0];
            long lo = events.get(e)[1];
            while (e < events.size() && events.get(e)[0] == hi && events.get(e)[1] == lo) {
                long[] ev = events.get(e++);
                if (ev[3] > 0) {
                    active.set((int) ev[2]);
                } else {
                    active.clear((int) ev[2]);
                }
            }
            if (active.isEmpty()) {
                continue;
            }
            long endHi;
            long endLo;
            if (e < events.size()) {
                endLo = events.get(e)[1] - 1;
                endHi = events.get(e)[1] == 0 ? events.get(e)[0] - 1 : events.get(e)[0];
            } else {
                endHi = -1L; // only a box reaching the very last value has no stop event
                endLo = -1L;
            }
            List<Tail> tails = memo.computeIfAbsent((BitSet) active.clone(), set -> {
                List<PacketBox> covering = new ArrayList<>(set.cardinality());
                for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
                    covering.add(boxes.get(i));
                }
                return field(covering, field + 1, family);
            });
            groups.computeIfAbsent(tails, t -> new ArrayList<>()).add(new long[] {hi, lo, endHi, endLo});
        }
        List<Tail> out = new ArrayList<>();
        groups.forEach((tails, pieces) -> {
            Intervals joined = intervals(pieces, field, family);
            for (Tail t : tails) {
                List<Intervals> full = new ArrayList<>(t.values().size() + 1);
                full.add(joined);
                full.addAll(t.values());
                out.add(new Tail(List.copyOf(full), t.protocols()));
            }
        });
        return out;
    }

    /** The union of sorted, disjoint pieces as one field value. */
    private static Intervals intervals(List<long[]> pieces, int field, IpFamily family) {
        if (isAddress(field)) {
            List<IpRange> ranges = new ArrayList<>(pieces.size());
            for (long[] p : pieces) {
                ranges.add(new IpRange(address(family, p[0], p[1]), address(family, p[2], p[3])));
            }
            return Intervals.of(AddressSet.ofRanges(ranges), family);
        }
        List<int[]> ranges = new ArrayList<>(pieces.size());
        for (long[] p : pieces) {
            ranges.add(new int[] {(int) p[1], (int) p[3]});
        }
        return Intervals.of(PortSet.ofRanges(ranges));
    }

    private static IpAddress address(IpFamily family, long hi, long lo) {
        return family == IpFamily.V4 ? IpAddress.v4(lo) : IpAddress.v6(hi, lo);
    }
}
