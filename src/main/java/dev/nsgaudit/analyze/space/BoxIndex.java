package dev.nsgaudit.analyze.space;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The boxes of a long list that meet a given box, found without testing every one: the boxes are sorted by where
 * they start in one dimension (the one where their starts differ most: the remote addresses of a NIC's sets, as a
 * rule), with the largest end of every block of {@link #BLOCK} sorted boxes, so that a query reads only the blocks
 * that can reach it. Each box found is then tested exactly ({@link PacketBox#intersects}); the answer keeps the list's
 * order. Read only once built.
 */
final class BoxIndex {

    private static final int BLOCK = 16;

    /** A dimension of a box that is an interval set: its first and last value (high and low 64 bits). */
    private enum Dim {
        SOURCE_ADDRESSES, DESTINATION_ADDRESSES, DESTINATION_PORTS, SOURCE_PORTS;

        Intervals of(PacketBox b) {
            return switch (this) {
                case SOURCE_ADDRESSES -> b.sourceAddresses();
                case DESTINATION_ADDRESSES -> b.destinationAddresses();
                case DESTINATION_PORTS -> b.destinationPorts();
                case SOURCE_PORTS -> b.sourcePorts();
            };
        }
    }

    private final List<PacketBox> boxes;
    private final Dim dim;
    /** Box indexes sorted by their start in {@code dim}; starts and ends in the same order. */
    private final int[] order;
    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    /** The largest end of each block of sorted boxes. */
    private final long[] blockEndHi;
    private final long[] blockEndLo;

    BoxIndex(List<PacketBox> boxes) {
        this.boxes = boxes;
        this.dim = mostSpread(boxes);
        int n = boxes.size();
        Integer[] sorted = new Integer[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = i;
        }
        Arrays.sort(sorted, (x, y) -> {
            Intervals a = dim.of(boxes.get(x));
            Intervals b = dim.of(boxes.get(y));
            int c = Long.compareUnsigned(firstHigh(a), firstHigh(b));
            return c != 0 ? c : Long.compareUnsigned(firstLow(a), firstLow(b));
        });
        order = new int[n];
        startHi = new long[n];
        startLo = new long[n];
        endHi = new long[n];
        endLo = new long[n];
        for (int k = 0; k < n; k++) {
            order[k] = sorted[k];
            Intervals v = dim.of(boxes.get(sorted[k]));
            startHi[k] = firstHigh(v);
            startLo[k] = firstLow(v);
            endHi[k] = lastHigh(v);
            endLo[k] = lastLow(v);
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        blockEndHi = new long[blocks];
        blockEndLo = new long[blocks];
        for (int b = 0; b < blocks; b++) {
            long hi = 0;
            long lo = 0;
            for (int k = b * BLOCK; k < Math.min(n, (b + 1) * BLOCK); k++) {
                if (cmp(endHi[k], endLo[k], hi, lo) > 0) {
                    hi = endHi[k];
                    lo = endLo[k];
                }
            }
            blockEndHi[b] = hi;
            blockEndLo[b] = lo;
        }
    }

    /** The boxes of the list that share a packet with {@code q}, in the list's order. */
    List<PacketBox> meeting(PacketBox q) {
        Intervals v = dim.of(q);
        if (v.isEmpty()) {
            return List.of();
        }
        long qsHi = v.firstHigh();
        long qsLo = v.firstLow();
        long qeHi = v.lastHigh();
        long qeLo = v.lastLow();
        int reach = startingAtOrBefore(qeHi, qeLo);
        int[] hits = new int[8];
        int count = 0;
        for (int b = 0; b * BLOCK < reach; b++) {
            if (cmp(blockEndHi[b], blockEndLo[b], qsHi, qsLo) < 0) {
                continue;
            }
            for (int k = b * BLOCK; k < Math.min(reach, (b + 1) * BLOCK); k++) {
                if (cmp(endHi[k], endLo[k], qsHi, qsLo) >= 0 && boxes.get(order[k]).intersects(q)) {
                    if (count == hits.length) {
                        hits = Arrays.copyOf(hits, count * 2);
                    }
                    hits[count++] = order[k];
                }
            }
        }
        if (count == 0) {
            return List.of();
        }
        Arrays.sort(hits, 0, count);
        List<PacketBox> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(boxes.get(hits[i]));
        }
        return out;
    }

    /** How many sorted boxes start at or before the value. */
    private int startingAtOrBefore(long hi, long lo) {
        int low = 0;
        int high = order.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cmp(startHi[mid], startLo[mid], hi, lo) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The dimension in which the boxes start at the most different values. */
    private static Dim mostSpread(List<PacketBox> boxes) {
        Dim best = Dim.SOURCE_ADDRESSES;
        int bestCount = -1;
        for (Dim d : Dim.values()) {
            Set<List<Long>> starts = new HashSet<>();
            for (PacketBox b : boxes) {
                Intervals v = d.of(b);
                starts.add(List.of(firstHigh(v), firstLow(v)));
            }
            if (starts.size() > bestCount) {
                best = d;
                bestCount = starts.size();
            }
        }
        return best;
    }

    // An empty dimension (an empty box) starts after everything and ends before everything: it meets nothing.

    private static long firstHigh(Intervals v) {
        return v.isEmpty() ? -1L : v.firstHigh();
    }

    private static long firstLow(Intervals v) {
        return v.isEmpty() ? -1L : v.firstLow();
    }

    private static long lastHigh(Intervals v) {
        return v.isEmpty() ? 0 : v.lastHigh();
    }

    private static long lastLow(Intervals v) {
        return v.isEmpty() ? 0 : v.lastLow();
    }

    private static int cmp(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
