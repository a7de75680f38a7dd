package dev.nsgaudit.eval;

import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;

import java.util.Collection;
import java.util.List;

/** The IPv4 part of a set of address ranges, as sorted disjoint {@code long} bounds searched without objects. */
final class Ipv4Ranges {

    private final long[] first;
    private final long[] last;

    private Ipv4Ranges(long[] first, long[] last) {
        this.first = first;
        this.last = last;
    }

    /** The IPv4 addresses of {@code ranges} (IPv6 ones are left out). */
    static Ipv4Ranges of(Collection<IpRange> ranges) {
        List<IpRange> merged = AddressSet.ofRanges(ranges).only(IpFamily.V4).ranges();
        long[] first = new long[merged.size()];
        long[] last = new long[merged.size()];
        for (int i = 0; i < merged.size(); i++) {
            first[i] = merged.get(i).first().lo();
            last[i] = merged.get(i).last().lo();
        }
        return new Ipv4Ranges(first, last);
    }

    /** Whether the IPv4 address whose 32 bits are {@code address} is in one of the ranges. */
    boolean contains(long address) {
        int low = 0;
        int high = first.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (last[mid] < address) {
                low = mid + 1;
            } else if (first[mid] > address) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }
}
