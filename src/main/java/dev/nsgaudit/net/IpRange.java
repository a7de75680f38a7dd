package dev.nsgaudit.net;

import java.util.ArrayList;
import java.util.List;

/** An inclusive range of addresses of one family. */
public record IpRange(IpAddress first, IpAddress last) {

    public IpRange {
        if (first.family() != last.family() || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    public IpFamily family() {
        return first.family();
    }

    public boolean contains(IpAddress address) {
        return address.family() == family() && first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    /** The shortest list of CIDR prefixes that covers exactly this range, in address order. */
    public List<IpPrefix> toPrefixes() {
        List<IpPrefix> out = new ArrayList<>();
        int bits = family().bits();
        IpAddress start = first;
        while (start != null && start.compareTo(last) <= 0) {
            int length = bits;
            // Grow the block while it stays aligned on start and ends at or before last.
            while (length > 0) {
                int candidate = length - 1;
                if (!start.withHostBits(candidate, false).equals(start)) {
                    break;
                }
                if (start.withHostBits(candidate, true).compareTo(last) > 0) {
                    break;
                }
                length = candidate;
            }
            IpPrefix prefix = new IpPrefix(start, length);
            out.add(prefix);
            start = prefix.last().next();
        }
        return out;
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
