package dev.nsgaudit.analyze.space;

import java.util.Arrays;
import java.util.List;

/**
 * The bounds of many {@link PacketBox}es in one flat array: family, protocols, the lowest and highest value of each
 * interval dimension, and the {@link Buckets} each dimension touches. The rule-list analysis asks thousands of
 * boxes whether they meet or hold another; following each box's interval lists for that is what cost the time,
 * while most boxes are ruled out by their bounds alone. Both tests here are necessary conditions only: a true
 * answer must still be confirmed by {@link PacketBox#intersects} or {@link PacketBox#containsAll}. Memberships are
 * not bounded.
 */
public final class BoxBounds {

    // Per box: family and protocols, then low and high of destination ports, source ports (ports fit the low
    // word), then low high/low words and high high/low words of destination and source addresses, then the bucket
    // masks of destination ports, source ports, destination and source addresses.
    private static final int S = 17;
    private static final int MASKS = 13;

    private final long[] b;

    /** The bounds of the boxes, with buckets cut where their own intervals begin and end. */
    public BoxBounds(List<PacketBox> boxes) {
        b = new long[boxes.size() * S];
        Buckets dp = new Buckets(boxes.stream().map(PacketBox::destinationPorts).toList());
        Buckets sp = new Buckets(boxes.stream().map(PacketBox::sourcePorts).toList());
        Buckets da = new Buckets(boxes.stream().map(PacketBox::destinationAddresses).toList());
        Buckets sa = new Buckets(boxes.stream().map(PacketBox::sourceAddresses).toList());
        for (int k = 0; k < boxes.size(); k++) {
            PacketBox box = boxes.get(k);
            int at = k * S;
            write(box, b, at);
            b[at + MASKS] = dp.mask(box.destinationPorts());
            b[at + MASKS + 1] = sp.mask(box.sourcePorts());
            b[at + MASKS + 2] = da.mask(box.destinationAddresses());
            b[at + MASKS + 3] = sa.mask(box.sourceAddresses());
        }
    }

    private BoxBounds(long[] b) {
        this.b = b;
    }

    /** The bounds of boxes k[0], k[1], ... of these, in that order. */
    public BoxBounds select(int[] k) {
        long[] out = new long[k.length * S];
        for (int n = 0; n < k.length; n++) {
            System.arraycopy(b, k[n] * S, out, n * S, S);
        }
        return new BoxBounds(out);
    }

    /** The bounds of one box, for {@link #mayMeet} and {@link #mayHold}: every bucket, as it has none of its own. */
    public static long[] of(PacketBox box) {
        long[] out = new long[S];
        write(box, out, 0);
        Arrays.fill(out, MASKS, S, -1L);
        return out;
    }

    private static void write(PacketBox box, long[] out, int at) {
        out[at] = (long) box.family().ordinal() << 32 | box.protocols() & 0xFFFF_FFFFL;
        out[at + 1] = box.destinationPorts().firstLow();
        out[at + 2] = box.destinationPorts().lastLow();
        out[at + 3] = box.sourcePorts().firstLow();
        out[at + 4] = box.sourcePorts().lastLow();
        addresses(box.destinationAddresses(), out, at + 5);
        addresses(box.sourceAddresses(), out, at + 9);
    }

    private static void addresses(Intervals a, long[] out, int at) {
        out[at] = a.firstHigh();
        out[at + 1] = a.firstLow();
        out[at + 2] = a.lastHigh();
        out[at + 3] = a.lastLow();
    }

    public int size() {
        return b.length / S;
    }

    /** False when box k and the box bounded by {@code q} cannot share a packet. */
    public boolean mayMeet(int k, long[] q) {
        return meet(b, k * S, q, 0);
    }

    /** False when boxes k and m cannot share a packet. */
    public boolean mayMeet(int k, int m) {
        return meet(b, k * S, b, m * S);
    }

    private static boolean meet(long[] x, int i, long[] y, int j) {
        return x[i] >>> 32 == y[j] >>> 32 && (x[i] & y[j] & 0xFFFF_FFFFL) != 0
                && (x[i + MASKS] & y[j + MASKS]) != 0 && (x[i + MASKS + 1] & y[j + MASKS + 1]) != 0
                && (x[i + MASKS + 2] & y[j + MASKS + 2]) != 0 && (x[i + MASKS + 3] & y[j + MASKS + 3]) != 0
                && x[i + 1] <= y[j + 2] && y[j + 1] <= x[i + 2] && x[i + 3] <= y[j + 4] && y[j + 3] <= x[i + 4]
                && !below(x, i + 7, y, j + 5) && !below(y, j + 7, x, i + 5)
                && !below(x, i + 11, y, j + 9) && !below(y, j + 11, x, i + 9);
    }

    /** False when box k cannot hold every packet of the box bounded by {@code q}. */
    public boolean mayHold(int k, long[] q) {
        int at = k * S;
        long fp = b[at];
        return fp >>> 32 == q[0] >>> 32 && (q[0] & ~fp & 0xFFFF_FFFFL) == 0
                && b[at + 1] <= q[1] && q[2] <= b[at + 2] && b[at + 3] <= q[3] && q[4] <= b[at + 4]
                && !below(q, 5, b, at + 5) && !below(b, at + 7, q, 7)
                && !below(q, 9, b, at + 9) && !below(b, at + 11, q, 11);
    }

    /** The 128-bit value at x[i], x[i + 1] is below the one at y[j], y[j + 1] (unsigned). */
    private static boolean below(long[] x, int i, long[] y, int j) {
        int c = Long.compareUnsigned(x[i], y[j]);
        return c < 0 || c == 0 && Long.compareUnsigned(x[i + 1], y[j + 1]) < 0;
    }
}
