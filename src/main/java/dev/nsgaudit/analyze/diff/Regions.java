package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.Intervals;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A set of changed packets (boxes without ASG memberships) as a few regions: boxes that agree on every field but one
 * are merged into one box (exact: the union of such boxes is that box), repeatedly, then sorted by their smallest
 * packet so that the same input always gives the same list.
 */
final class Regions {

    private Regions() {
    }

    /**
     * The merged boxes of a set, in a fixed order. They depend on the packets of the set alone, not on the boxes it
     * was computed as ({@link BoxSet#canonical}): so a set computed over fewer packets, or in another order, reads the
     * same.
     */
    static List<PacketBox> of(BoxSet set) {
        List<PacketBox> boxes = new ArrayList<>();
        for (PacketBox b : set.canonical().boxes()) {
            if (!b.isEmpty()) {
                boxes.add(b);
            }
        }
        int before;
        do {
            before = boxes.size();
            boxes = merge(boxes, b -> withSourceAddresses(b, Intervals.EMPTY), Regions::unionSourceAddresses);
            boxes = merge(boxes, b -> withDestinationAddresses(b, Intervals.EMPTY), Regions::unionDestinationAddresses);
            boxes = merge(boxes, b -> withDestinationPorts(b, Intervals.EMPTY), Regions::unionDestinationPorts);
            boxes = merge(boxes, b -> withSourcePorts(b, Intervals.EMPTY), Regions::unionSourcePorts);
            boxes = merge(boxes, b -> withProtocols(b, 0), (a, b) -> withProtocols(a, a.protocols() | b.protocols()));
        } while (boxes.size() < before);
        boxes.sort(ORDER);
        return boxes;
    }

    /** Boxes sorted by family, then their smallest protocol, addresses and ports. */
    static final Comparator<PacketBox> ORDER = Comparator.<PacketBox, Integer>comparing(b -> b.family().ordinal())
            .thenComparing(b -> Integer.numberOfTrailingZeros(b.protocols()))
            .thenComparing(b -> first(b.destinationAddresses()), Regions::compareUnsigned)
            .thenComparing(b -> first(b.sourceAddresses()), Regions::compareUnsigned)
            .thenComparing(b -> b.destinationPorts().firstLow())
            .thenComparing(b -> b.sourcePorts().firstLow())
            .thenComparing(b -> b.protocols())
            .thenComparing(PacketBox::toString);

    private static long[] first(Intervals i) {
        return new long[] {i.firstHigh(), i.firstLow()};
    }

    private static int compareUnsigned(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }

    /** Merges the boxes that have the same key (every field but one), keeping the first one's position. */
    private static List<PacketBox> merge(List<PacketBox> boxes, Function<PacketBox, PacketBox> key,
                                         java.util.function.BinaryOperator<PacketBox> union) {
        Map<PacketBox, PacketBox> byKey = new LinkedHashMap<>();
        for (PacketBox b : boxes) {
            byKey.merge(key.apply(b), b, union);
        }
        return new ArrayList<>(byKey.values());
    }

    private static PacketBox unionSourceAddresses(PacketBox a, PacketBox b) {
        return withSourceAddresses(a, Intervals.of(a.sourceAddresses().toAddresses(a.family())
                .union(b.sourceAddresses().toAddresses(a.family())), a.family()));
    }

    private static PacketBox unionDestinationAddresses(PacketBox a, PacketBox b) {
        return withDestinationAddresses(a, Intervals.of(a.destinationAddresses().toAddresses(a.family())
                .union(b.destinationAddresses().toAddresses(a.family())), a.family()));
    }

    private static PacketBox unionDestinationPorts(PacketBox a, PacketBox b) {
        return withDestinationPorts(a, unionPorts(a.destinationPorts(), b.destinationPorts()));
    }

    private static PacketBox unionSourcePorts(PacketBox a, PacketBox b) {
        return withSourcePorts(a, unionPorts(a.sourcePorts(), b.sourcePorts()));
    }

    private static Intervals unionPorts(Intervals a, Intervals b) {
        List<int[]> ranges = new ArrayList<>();
        for (PortSet p : List.of(a.toPorts(), b.toPorts())) {
            for (int i = 0; i < p.rangeCount(); i++) {
                ranges.add(new int[] {p.start(i), p.end(i)});
            }
        }
        return Intervals.of(PortSet.ofRanges(ranges));
    }

    // ---- reading a box ---------------------------------------------------------------------------------------

    static List<String> protocols(PacketBox b) {
        List<String> out = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            if ((b.protocols() & p.mask()) != 0) {
                out.add(p.label());
            }
        }
        return out;
    }

    static Protocol smallestProtocol(PacketBox b) {
        for (Protocol p : Protocol.values()) {
            if ((b.protocols() & p.mask()) != 0) {
                return p;
            }
        }
        throw new IllegalArgumentException("a box without protocol");
    }

    static List<String> prefixes(Intervals addresses, dev.nsgaudit.net.IpFamily family) {
        return addresses.toAddresses(family).toPrefixes().stream().map(IpPrefix::toString).toList();
    }

    static IpAddress smallestAddress(Intervals addresses, dev.nsgaudit.net.IpFamily family) {
        return addresses.toAddresses(family).ranges().get(0).first();
    }

    static String ports(Intervals ports) {
        return ports.toPorts().toString();
    }

    // ---- copies of a box with one field replaced -------------------------------------------------------------

    private static PacketBox withSourceAddresses(PacketBox b, Intervals v) {
        return new PacketBox(b.family(), b.protocols(), v, b.sourcePorts(), b.destinationAddresses(),
                b.destinationPorts(), b.sourceAsgs(), b.destinationAsgs());
    }

    private static PacketBox withSourcePorts(PacketBox b, Intervals v) {
        return new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), v, b.destinationAddresses(),
                b.destinationPorts(), b.sourceAsgs(), b.destinationAsgs());
    }

    private static PacketBox withDestinationAddresses(PacketBox b, Intervals v) {
        return new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(), v,
                b.destinationPorts(), b.sourceAsgs(), b.destinationAsgs());
    }

    private static PacketBox withDestinationPorts(PacketBox b, Intervals v) {
        return new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(),
                b.destinationAddresses(), v, b.sourceAsgs(), b.destinationAsgs());
    }

    private static PacketBox withProtocols(PacketBox b, int mask) {
        return new PacketBox(b.family(), mask, b.sourceAddresses(), b.sourcePorts(), b.destinationAddresses(),
                b.destinationPorts(), b.sourceAsgs(), b.destinationAsgs());
    }
}
