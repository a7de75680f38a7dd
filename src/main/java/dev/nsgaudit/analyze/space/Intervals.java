package dev.nsgaudit.analyze.space;

import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of unsigned 128-bit values as sorted, disjoint, non-adjacent closed intervals: one dimension of
 * a {@link PacketBox} (the addresses of one family, or ports). Kept in one flat array (start high, start low, end
 * high, end low per interval) because the rule-list analysis intersects and subtracts millions of them.
 */
public final class Intervals {

    public static final Intervals EMPTY = new Intervals(new long[0]);
    public static final Intervals ALL_PORTS = new Intervals(new long[] {0, 0, 0, PortSet.MAX_PORT});
    public static final Intervals ALL_V4 = new Intervals(new long[] {0, 0, 0, 0xFFFF_FFFFL});
    public static final Intervals ALL_V6 = new Intervals(new long[] {0, 0, -1L, -1L});

    private static final int W = 4;

    private final long[] v;

    private Intervals(long[] values) {
        this.v = values;
    }

    /** The flat array itself (start high, start low, end high, end low per interval), for {@link Buckets}: read only. */
    long[] values() {
        return v;
    }

    public static Intervals all(IpFamily family) {
        return family == IpFamily.V4 ? ALL_V4 : ALL_V6;
    }

    /** The addresses of {@code family} in the set. */
    public static Intervals of(AddressSet set, IpFamily family) {
        List<IpRange> ranges = set.ranges();
        long[] out = new long[ranges.size() * W];
        int n = 0;
        for (IpRange r : ranges) {
            if (r.family() == family) {
                out[n++] = r.first().hi();
                out[n++] = r.first().lo();
                out[n++] = r.last().hi();
                out[n++] = r.last().lo();
            }
        }
        return n == 0 ? EMPTY : new Intervals(Arrays.copyOf(out, n));
    }

    public static Intervals of(PortSet ports) {
        if (ports.isAll()) {
            return ALL_PORTS;
        }
        long[] out = new long[ports.rangeCount() * W];
        for (int i = 0; i < ports.rangeCount(); i++) {
            out[i * W + 1] = ports.start(i);
            out[i * W + 3] = ports.end(i);
        }
        return out.length == 0 ? EMPTY : new Intervals(out);
    }

    /** The set as addresses of {@code family}. */
    public AddressSet toAddresses(IpFamily family) {
        List<IpRange> out = new ArrayList<>(count());
        for (int i = 0; i < v.length; i += W) {
            out.add(new IpRange(address(family, v[i], v[i + 1]), address(family, v[i + 2], v[i + 3])));
        }
        return AddressSet.ofRanges(out);
    }

    private static IpAddress address(IpFamily family, long hi, long lo) {
        return family == IpFamily.V4 ? IpAddress.v4(lo) : IpAddress.v6(hi, lo);
    }

    public PortSet toPorts() {
        List<int[]> out = new ArrayList<>(count());
        for (int i = 0; i < v.length; i += W) {
            out.add(new int[] {(int) v[i + 1], (int) v[i + 3]});
        }
        return PortSet.ofRanges(out);
    }

    public boolean isEmpty() {
        return v.length == 0;
    }

    public int count() {
        return v.length / W;
    }

    /** The smallest value (low 64 bits and high 64 bits); only for a non-empty set. */
    public long firstLow() {
        return v[1];
    }

    public long firstHigh() {
        return v[0];
    }

    /** How many values the set holds, as a double (2^128 does not fit a long). */
    public double size() {
        double total = 0;
        for (int i = 0; i < v.length; i += W) {
            total += unsigned(v[i + 2] - v[i]) * 0x1p64 + unsigned(v[i + 3] - v[i + 1]) + 1;
        }
        return total;
    }

    private static double unsigned(long x) {
        return x >= 0 ? x : (x >>> 1) * 2.0 + (x & 1);
    }

    // ---- comparisons of 128-bit values -------------------------------------------------------------------

    private static int cmp(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /** Interval i of this ends before interval j of o starts. */
    private static boolean endsBefore(long[] a, int i, long[] b, int j) {
        return cmp(a[i + 2], a[i + 3], b[j], b[j + 1]) < 0;
    }

    // ---- set operations ----------------------------------------------------------------------------------

    /** Whether the value (high and low 64 bits) is in the set: binary search. */
    public boolean contains(long hi, long lo) {
        int low = 0;
        int high = count() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int at = mid * W;
            if (cmp(hi, lo, v[at], v[at + 1]) < 0) {
                high = mid - 1;
            } else if (cmp(hi, lo, v[at + 2], v[at + 3]) > 0) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The largest value; only for a non-empty set. */
    public long lastLow() {
        return v[v.length - 1];
    }

    public long lastHigh() {
        return v[v.length - 2];
    }

    public boolean intersects(Intervals o) {
        long[] a = v;
        long[] b = o.v;
        if (a.length == 0 || b.length == 0 || endsBefore(a, a.length - W, b, 0) || endsBefore(b, b.length - W, a, 0)) {
            return false;
        }
        if (a.length == W && b.length == W) {
            return true; // two intervals, neither ending before the other starts, overlap (the usual port and prefix)
        }
        if (a.length > 8 * W && b.length > 8 * W) {
            return merges(o);
        }
        // One short list against a long one (a single prefix against a service tag): binary search each.
        long[] shorter = a.length <= b.length ? a : b;
        Intervals longer = a.length <= b.length ? o : this;
        for (int i = 0; i < shorter.length; i += W) {
            if (longer.meets(shorter[i], shorter[i + 1], shorter[i + 2], shorter[i + 3])) {
                return true;
            }
        }
        return false;
    }

    /** Whether some interval of this set meets [start, end]: the first interval that ends at or after start. */
    private boolean meets(long sHi, long sLo, long eHi, long eLo) {
        int k = firstEndingFrom(sHi, sLo, 0);
        return k < count() && cmp(v[k * W], v[k * W + 1], eHi, eLo) <= 0;
    }

    /** The index of the first interval, from {@code from} on, that ends at or after the value (count() if none). */
    private int firstEndingFrom(long hi, long lo, int from) {
        return firstEndingIn(hi, lo, from, count());
    }

    /** As {@link #firstEndingFrom}, knowing that the answer is at most {@code to}. */
    private int firstEndingIn(long hi, long lo, int from, int to) {
        int low = from;
        int high = to;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cmp(v[mid * W + 2], v[mid * W + 3], hi, lo) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Whether two long lists meet: a merge that skips a run of intervals ending before the other list's current
     * one by exponential search, as lists that meet (a tag and a part of it) often do so only far into one of them.
     */
    private boolean merges(Intervals o) {
        long[] a = v;
        long[] b = o.v;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (endsBefore(a, i, b, j)) {
                i = gallop(b[j], b[j + 1], i / W + 1) * W;
            } else if (endsBefore(b, j, a, i)) {
                j = o.gallop(a[i], a[i + 1], j / W + 1) * W;
            } else {
                return true;
            }
        }
        return false;
    }

    /** As {@link #firstEndingFrom}, for an answer usually close to {@code from}: exponential search from it. */
    private int gallop(long hi, long lo, int from) {
        int n = count();
        int low = from;
        int step = 1;
        while (low < n && cmp(v[low * W + 2], v[low * W + 3], hi, lo) < 0) {
            // interval low ends before the value, so the answer is past it
            low++;
            int probe = Math.min(n, low + step);
            if (probe == n || cmp(v[(probe - 1) * W + 2], v[(probe - 1) * W + 3], hi, lo) >= 0) {
                return firstEndingIn(hi, lo, low, probe);
            }
            low = probe;
            step *= 2;
        }
        return low;
    }

    public Intervals intersect(Intervals o) {
        // Dimensions never mix, so a universe constant is the whole dimension of the other operand.
        if (this == o || isUniverse(o)) {
            return this;
        }
        if (isUniverse(this)) {
            return o;
        }
        long[] a = v;
        long[] b = o.v;
        long[] out = new long[a.length + b.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (endsBefore(a, i, b, j)) {
                i += W;
            } else if (endsBefore(b, j, a, i)) {
                j += W;
            } else {
                boolean aStartsLater = cmp(a[i], a[i + 1], b[j], b[j + 1]) >= 0;
                out[n++] = aStartsLater ? a[i] : b[j];
                out[n++] = aStartsLater ? a[i + 1] : b[j + 1];
                boolean aEndsFirst = cmp(a[i + 2], a[i + 3], b[j + 2], b[j + 3]) <= 0;
                out[n++] = aEndsFirst ? a[i + 2] : b[j + 2];
                out[n++] = aEndsFirst ? a[i + 3] : b[j + 3];
                if (aEndsFirst) {
                    i += W;
                } else {
                    j += W;
                }
            }
        }
        return n == 0 ? EMPTY : n == a.length && Arrays.equals(a, 0, n, out, 0, n) ? this
                : new Intervals(Arrays.copyOf(out, n));
    }

    private static boolean isUniverse(Intervals x) {
        return x == ALL_PORTS || x == ALL_V4 || x == ALL_V6;
    }

    public Intervals minus(Intervals o) {
        if (o.v.length == 0 || !intersects(o)) {
            return this;
        }
        long[] a = v;
        long[] b = o.v;
        long[] out = new long[a.length + b.length];
        int n = 0;
        int j = 0;
        for (int i = 0; i < a.length; i += W) {
            long sHi = a[i];
            long sLo = a[i + 1];
            long eHi = a[i + 2];
            long eLo = a[i + 3];
            j = o.firstEndingFrom(sHi, sLo, j / W) * W;
            boolean open = true;
            int k = j;
            while (open && k < b.length && cmp(b[k], b[k + 1], eHi, eLo) <= 0) {
                if (cmp(b[k], b[k + 1], sHi, sLo) > 0) {
                    // keep [s, b.start - 1]
                    long pLo = b[k + 1] - 1;
                    long pHi = b[k + 1] == 0 ? b[k] - 1 : b[k];
                    out = ensure(out, n);
                    out[n++] = sHi;
                    out[n++] = sLo;
                    out[n++] = pHi;
                    out[n++] = pLo;
                }
                if (cmp(b[k + 2], b[k + 3], eHi, eLo) >= 0) {
                    open = false;
                } else {
                    sLo = b[k + 3] + 1;
                    sHi = sLo == 0 ? b[k + 2] + 1 : b[k + 2];
                    k += W;
                }
            }
            if (open) {
                out = ensure(out, n);
                out[n++] = sHi;
                out[n++] = sLo;
                out[n++] = eHi;
                out[n++] = eLo;
            }
        }
        return n == 0 ? EMPTY : new Intervals(Arrays.copyOf(out, n));
    }

    private static long[] ensure(long[] out, int n) {
        return n + W <= out.length ? out : Arrays.copyOf(out, Math.max(out.length * 2, n + W));
    }

    /** Every value of {@code o} is in this set. */
    public boolean containsAll(Intervals o) {
        long[] a = v;
        long[] b = o.v;
        if (b.length == 0) {
            return true;
        }
        if (a.length == 0 || cmp(a[0], a[1], b[0], b[1]) > 0
                || cmp(a[a.length - 2], a[a.length - 1], b[b.length - 2], b[b.length - 1]) < 0) {
            return false;
        }
        int i = 0;
        for (int j = 0; j < b.length; j += W) {
            i = firstEndingFrom(b[j], b[j + 1], i / W) * W;
            if (i >= a.length || cmp(a[i], a[i + 1], b[j], b[j + 1]) > 0
                    || cmp(a[i + 2], a[i + 3], b[j + 2], b[j + 3]) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intervals other && Arrays.equals(v, other.v);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(v);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i += W) {
            sb.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(v[i + 1])).append('-')
                    .append(Long.toUnsignedString(v[i + 3]));
        }
        return sb.append(']').toString();
    }
}
