package dev.nsgaudit.net;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable set of addresses of both families, kept as sorted, disjoint, non-adjacent ranges.
 * Used to expand tags and to build the evaluator's indexes; the analysis engine has its own sets.
 */
public final class AddressSet {

    public static final AddressSet EMPTY = new AddressSet(List.of());
    public static final AddressSet ALL = new AddressSet(List.of(
            new IpRange(IpAddress.v4(0), IpAddress.v4(0xFFFF_FFFFL)),
            new IpRange(IpAddress.v6(0, 0), IpAddress.v6(-1L, -1L))));

    private final List<IpRange> ranges;

    private AddressSet(List<IpRange> normalisedRanges) {
        this.ranges = List.copyOf(normalisedRanges);
    }

    public static AddressSet allOf(IpFamily family) {
        return family == IpFamily.V4 ? new AddressSet(List.of(ALL.ranges.get(0))) : new AddressSet(List.of(ALL.ranges.get(1)));
    }

    public static AddressSet ofPrefixes(Collection<IpPrefix> prefixes) {
        List<IpRange> list = new ArrayList<>(prefixes.size());
        for (IpPrefix p : prefixes) {
            list.add(p.range());
        }
        return ofRanges(list);
    }

    public static AddressSet of(String... cidrs) {
        List<IpPrefix> list = new ArrayList<>();
        for (String c : cidrs) {
            list.add(IpPrefix.of(c));
        }
        return ofPrefixes(list);
    }

    public static AddressSet ofRanges(Collection<IpRange> input) {
        List<IpRange> sorted = new ArrayList<>(input);
        sorted.sort(Comparator.comparing(IpRange::first));
        List<IpRange> merged = new ArrayList<>();
        for (IpRange r : sorted) {
            if (!merged.isEmpty()) {
                IpRange top = merged.get(merged.size() - 1);
                IpAddress afterTop = top.last().next();
                boolean touches = top.family() == r.family()
                        && (afterTop == null || r.first().compareTo(afterTop) <= 0);
                if (touches) {
                    if (r.last().compareTo(top.last()) > 0) {
                        merged.set(merged.size() - 1, new IpRange(top.first(), r.last()));
                    }
                    continue;
                }
            }
            merged.add(r);
        }
        return new AddressSet(merged);
    }

    public List<IpRange> ranges() {
        return ranges;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(IpAddress address) {
        int lo = 0;
        int hi = ranges.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            IpRange r = ranges.get(mid);
            if (address.compareTo(r.first()) < 0) {
                hi = mid - 1;
            } else if (address.compareTo(r.last()) > 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    public AddressSet union(AddressSet other) {
        List<IpRange> all = new ArrayList<>(ranges);
        all.addAll(other.ranges);
        return ofRanges(all);
    }

    public AddressSet minus(AddressSet other) {
        List<IpRange> out = new ArrayList<>();
        int j = 0;
        for (IpRange r : ranges) {
            IpAddress start = r.first();
            while (j < other.ranges.size() && other.ranges.get(j).last().compareTo(start) < 0) {
                j++;
            }
            int k = j;
            while (start != null && k < other.ranges.size() && other.ranges.get(k).first().compareTo(r.last()) <= 0) {
                IpRange cut = other.ranges.get(k);
                if (cut.first().compareTo(start) > 0) {
                    out.add(new IpRange(start, cut.first().previous()));
                }
                IpAddress after = cut.last().next();
                start = (after == null || after.compareTo(r.last()) > 0) ? null : (after.compareTo(start) > 0 ? after : start);
                k++;
            }
            if (start != null) {
                out.add(new IpRange(start, r.last()));
            }
        }
        return new AddressSet(out);
    }

    /** Whether some address is in both sets. */
    public boolean intersects(AddressSet other) {
        int i = 0;
        int j = 0;
        while (i < ranges.size() && j < other.ranges.size()) {
            IpRange a = ranges.get(i);
            IpRange b = other.ranges.get(j);
            if (a.last().compareTo(b.first()) < 0) {
                i++;
            } else if (b.last().compareTo(a.first()) < 0) {
                j++;
            } else {
                return true;
            }
        }
        return false;
    }

    public AddressSet only(IpFamily family) {
        return new AddressSet(ranges.stream().filter(r -> r.family() == family).toList());
    }

    /** The CIDR prefixes covering this set exactly, IPv4 first, in address order. */
    public List<IpPrefix> toPrefixes() {
        List<IpPrefix> out = new ArrayList<>();
        for (IpRange r : ranges) {
            out.addAll(r.toPrefixes());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressSet other && ranges.equals(other.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
