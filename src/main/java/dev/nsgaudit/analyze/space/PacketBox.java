package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.IpFamily;

import java.util.BitSet;
import java.util.List;

/**
 * A product set of packets of one address family: protocols (a bit mask per {@link Protocol}) times source
 * addresses, source ports, destination addresses, destination ports and the ASG memberships of both ends. A
 * rule's match is one such box per family (two when a side names both addresses and ASGs). Packets of the
 * portless protocols (ICMP, ESP, AH) carry no ports: a box holds them only with every port (D6), which
 * {@link BoxSpace} guarantees and subtraction keeps, since the protocol dimension is split first.
 */
public record PacketBox(IpFamily family, int protocols, Intervals sourceAddresses, Intervals sourcePorts,
                        Intervals destinationAddresses, Intervals destinationPorts, Membership sourceAsgs,
                        Membership destinationAsgs) {

    public boolean isEmpty() {
        return protocols == 0 || sourceAddresses.isEmpty() || sourcePorts.isEmpty() || destinationAddresses.isEmpty()
                || destinationPorts.isEmpty() || sourceAsgs.isEmpty() || destinationAsgs.isEmpty();
    }

    /** Whether the two share a packet: they do when they meet in every dimension. Cheapest dimensions first. */
    public boolean intersects(PacketBox o) {
        return family == o.family && (protocols & o.protocols) != 0
                && destinationPorts.intersects(o.destinationPorts) && sourcePorts.intersects(o.sourcePorts)
                && destinationAddresses.intersects(o.destinationAddresses)
                && sourceAddresses.intersects(o.sourceAddresses)
                && sourceAsgs.intersects(o.sourceAsgs) && destinationAsgs.intersects(o.destinationAsgs);
    }

    public PacketBox intersect(PacketBox o) {
        return new PacketBox(family, protocols & o.protocols, sourceAddresses.intersect(o.sourceAddresses),
                sourcePorts.intersect(o.sourcePorts), destinationAddresses.intersect(o.destinationAddresses),
                destinationPorts.intersect(o.destinationPorts), sourceAsgs.intersect(o.sourceAsgs),
                destinationAsgs.intersect(o.destinationAsgs));
    }

    /** Every packet of {@code o} is in this box (an empty {@code o} is in every box). */
    public boolean containsAll(PacketBox o) {
        if (o.isEmpty()) {
            return true;
        }
        return family == o.family && (o.protocols & ~protocols) == 0 && destinationPorts.containsAll(o.destinationPorts)
                && sourcePorts.containsAll(o.sourcePorts) && destinationAddresses.containsAll(o.destinationAddresses)
                && sourceAddresses.containsAll(o.sourceAddresses)
                && (sourceAsgs.isAny() || o.sourceAsgs.minus(sourceAsgs).isEmpty())
                && (destinationAsgs.isAny() || o.destinationAsgs.minus(destinationAsgs).isEmpty());
    }

    /**
     * This box minus {@code o}, as disjoint non-empty boxes: dimension by dimension, the part outside {@code o}
     * in that dimension (and inside it in the dimensions before) is one piece.
     */
    public void minus(PacketBox o, List<PacketBox> out) {
        if (!intersects(o)) {
            out.add(this);
            return;
        }
        if (o.containsAll(this)) {
            return;
        }
        PacketBox cur = this;
        int outside = cur.protocols & ~o.protocols;
        if (outside != 0) {
            out.add(cur.withProtocols(outside));
            cur = cur.withProtocols(cur.protocols & o.protocols);
        }
        Intervals rest = cur.sourceAddresses.minus(o.sourceAddresses);
        if (!rest.isEmpty()) {
            out.add(new PacketBox(family, cur.protocols, rest, cur.sourcePorts, cur.destinationAddresses,
                    cur.destinationPorts, cur.sourceAsgs, cur.destinationAsgs));
            cur = new PacketBox(family, cur.protocols, cur.sourceAddresses.intersect(o.sourceAddresses),
                    cur.sourcePorts, cur.destinationAddresses, cur.destinationPorts, cur.sourceAsgs, cur.destinationAsgs);
        }
        rest = cur.destinationAddresses.minus(o.destinationAddresses);
        if (!rest.isEmpty()) {
            out.add(new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts, rest,
                    cur.destinationPorts, cur.sourceAsgs, cur.destinationAsgs));
            cur = new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts,
                    cur.destinationAddresses.intersect(o.destinationAddresses), cur.destinationPorts, cur.sourceAsgs,
                    cur.destinationAsgs);
        }
        rest = cur.destinationPorts.minus(o.destinationPorts);
        if (!rest.isEmpty()) {
            out.add(new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts, cur.destinationAddresses,
                    rest, cur.sourceAsgs, cur.destinationAsgs));
            cur = new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts, cur.destinationAddresses,
                    cur.destinationPorts.intersect(o.destinationPorts), cur.sourceAsgs, cur.destinationAsgs);
        }
        rest = cur.sourcePorts.minus(o.sourcePorts);
        if (!rest.isEmpty()) {
            out.add(new PacketBox(family, cur.protocols, cur.sourceAddresses, rest, cur.destinationAddresses,
                    cur.destinationPorts, cur.sourceAsgs, cur.destinationAsgs));
            cur = new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts.intersect(o.sourcePorts),
                    cur.destinationAddresses, cur.destinationPorts, cur.sourceAsgs, cur.destinationAsgs);
        }
        if (!o.sourceAsgs.isAny()) {
            for (Membership m : cur.sourceAsgs.minus(o.sourceAsgs)) {
                out.add(new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts,
                        cur.destinationAddresses, cur.destinationPorts, m, cur.destinationAsgs));
            }
            cur = new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts, cur.destinationAddresses,
                    cur.destinationPorts, cur.sourceAsgs.intersect(o.sourceAsgs), cur.destinationAsgs);
        }
        if (!o.destinationAsgs.isAny()) {
            for (Membership m : cur.destinationAsgs.minus(o.destinationAsgs)) {
                out.add(new PacketBox(family, cur.protocols, cur.sourceAddresses, cur.sourcePorts,
                        cur.destinationAddresses, cur.destinationPorts, cur.sourceAsgs, m));
            }
        }
    }

    private PacketBox withProtocols(int mask) {
        return new PacketBox(family, mask, sourceAddresses, sourcePorts, destinationAddresses, destinationPorts,
                sourceAsgs, destinationAsgs);
    }

    /** One packet, as a box engine sees it: used to look for a packet that proves a set non-empty cheaply. */
    public record Point(IpFamily family, int protocol, long sourceHigh, long sourceLow, long sourcePort,
                        long destinationHigh, long destinationLow, long destinationPort, BitSet sourceAsgs,
                        BitSet destinationAsgs) {
    }

    public boolean contains(Point p) {
        return family == p.family && (protocols & p.protocol) != 0
                && destinationPorts.contains(0, p.destinationPort) && sourcePorts.contains(0, p.sourcePort)
                && destinationAddresses.contains(p.destinationHigh, p.destinationLow)
                && sourceAddresses.contains(p.sourceHigh, p.sourceLow)
                && sourceAsgs.contains(p.sourceAsgs) && destinationAsgs.contains(p.destinationAsgs);
    }

    /** Two packets of a non-empty box: its lowest corner and its highest one. */
    public List<Point> corners(int knownAsgs) {
        return List.of(
                new Point(family, Integer.lowestOneBit(protocols), sourceAddresses.firstHigh(), sourceAddresses.firstLow(),
                        sourcePorts.firstLow(), destinationAddresses.firstHigh(), destinationAddresses.firstLow(),
                        destinationPorts.firstLow(), sourceAsgs.fewestMember(), destinationAsgs.fewestMember()),
                new Point(family, Integer.highestOneBit(protocols), sourceAddresses.lastHigh(), sourceAddresses.lastLow(),
                        sourcePorts.lastLow(), destinationAddresses.lastHigh(), destinationAddresses.lastLow(),
                        destinationPorts.lastLow(), sourceAsgs.mostMember(knownAsgs), destinationAsgs.mostMember(knownAsgs)));
    }

    /** How many packets the box holds, with {@link Membership#estimate} for the ASG dimensions. */
    public double volume(int knownAsgs) {
        return Integer.bitCount(protocols) * sourceAddresses.size() * sourcePorts.size() * destinationAddresses.size()
                * destinationPorts.size() * sourceAsgs.estimate(knownAsgs) * destinationAsgs.estimate(knownAsgs);
    }
}
