package dev.nsgaudit.semantics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable set of ports 0-65535 as sorted, merged, inclusive ranges. */
public final class PortSet {

    public static final int MAX_PORT = 65535;
    public static final PortSet ALL = new PortSet(new int[] {0, MAX_PORT});
    public static final PortSet EMPTY = new PortSet(new int[0]);

    /** start0, end0, start1, end1, ... */
    private final int[] bounds;

    private PortSet(int[] bounds) {
        this.bounds = bounds;
    }

    public static PortSet range(int from, int to) {
        return new PortSet(new int[] {from, to});
    }

    public static PortSet ofRanges(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            if (!merged.isEmpty() && r[0] <= merged.get(merged.size() - 1)[1] + 1) {
                int[] top = merged.get(merged.size() - 1);
                top[1] = Math.max(top[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        int[] out = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            out[2 * i] = merged.get(i)[0];
            out[2 * i + 1] = merged.get(i)[1];
        }
        return new PortSet(out);
    }

    public boolean contains(int port) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (port < bounds[i]) {
                return false;
            }
            if (port <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    public boolean isAll() {
        return bounds.length == 2 && bounds[0] == 0 && bounds[1] == MAX_PORT;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public int rangeCount() {
        return bounds.length / 2;
    }

    public int start(int i) {
        return bounds[2 * i];
    }

    public int end(int i) {
        return bounds[2 * i + 1];
    }

    /** Azure's effective-rule spelling of each range: {@code 80-80}, {@code 0-65535}. */
    public List<String> toEffectiveStrings() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rangeCount(); i++) {
            out.add(start(i) + "-" + end(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < rangeCount(); i++) {
            parts.add(start(i) == end(i) ? Integer.toString(start(i)) : start(i) + "-" + end(i));
        }
        return String.join(",", parts);
    }
}
