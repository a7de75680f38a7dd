package dev.nsgaudit.analyze.space;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A split of one dimension (ports, or addresses) into at most 64 buckets, and the mask of the buckets a set
 * touches: two sets that share a value share a bucket, so disjoint masks prove the sets disjoint. A bounding
 * interval says little about a list of ports (22 and 8080 bound everything between) or about a service tag's
 * hundreds of prefixes; the buckets are cut where the given sets begin and end, evenly by rank, so they follow
 * the values the rules actually use.
 */
final class Buckets {

    private static final int W = 4;

    /** The first value of buckets 1 to 63 (high, low words), ascending. */
    private final long[] splits;
    private final Map<Intervals, Long> masks = new HashMap<>();

    Buckets(List<Intervals> sets) {
        Set<Intervals> distinct = new HashSet<>(sets);
        int count = 0;
        for (Intervals s : distinct) {
            count += s.values().length / 2;
        }
        // Where a set begins or ends: its starts and the values right after its ends.
        long[][] edges = new long[count][];
        int n = 0;
        for (Intervals s : distinct) {
            long[] v = s.values();
            for (int i = 0; i < v.length; i += W) {
                edges[n++] = new long[] {v[i], v[i + 1]};
                long lo = v[i + 3] + 1;
                edges[n++] = new long[] {lo == 0 ? v[i + 2] + 1 : v[i + 2], lo};
            }
        }
        Arrays.sort(edges, (a, b) -> compare(a[0], a[1], b[0], b[1]));
        int unique = 0;
        for (int k = 0; k < edges.length; k++) {
            if (unique == 0 || compare(edges[k][0], edges[k][1], edges[unique - 1][0], edges[unique - 1][1]) != 0) {
                edges[unique++] = edges[k];
            }
        }
        int buckets = Math.min(64, unique + 1);
        splits = new long[(buckets - 1) * 2];
        for (int b = 1; b < buckets; b++) {
            long[] e = edges[(int) ((long) b * unique / buckets)];
            splits[(b - 1) * 2] = e[0];
            splits[(b - 1) * 2 + 1] = e[1];
        }
        for (Intervals s : distinct) {
            masks.put(s, touched(s));
        }
    }

    /** The buckets the set touches; only for a set given to the constructor. */
    long mask(Intervals set) {
        return masks.get(set);
    }

    private long touched(Intervals set) {
        long[] v = set.values();
        long out = 0;
        for (int i = 0; i < v.length; i += W) {
            int from = bucket(v[i], v[i + 1]);
            int to = bucket(v[i + 2], v[i + 3]);
            out |= (to == 63 ? -1L : (1L << (to + 1)) - 1) & -(1L << from);
        }
        return out;
    }

    /** How many splits are at or below the value. */
    private int bucket(long hi, long lo) {
        int low = 0;
        int high = splits.length / 2;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compare(splits[mid * 2], splits[mid * 2 + 1], hi, lo) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
