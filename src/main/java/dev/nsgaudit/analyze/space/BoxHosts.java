package dev.nsgaudit.analyze.space;

import dev.nsgaudit.net.IpFamily;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A {@link HostUniverse} in the box engine's terms: per group, its addresses of each family and its membership. A
 * box of packets holds a producible packet exactly when its source side meets a group and so does its destination
 * side (the universe is the same at both ends, and a box is a product), so the rule-list analysis can keep each
 * rule's match as it is and ask this only of the pieces it looks at.
 */
public final class BoxHosts {

    /** One group's addresses of one family; {@code memberOf} its exact membership, null for any membership. */
    private record Group(IpFamily family, Intervals addresses, Membership membership, BitSet memberOf) {

        /** Whether an end of the group can have membership {@code m}: a single membership is a point test. */
        boolean admits(Membership m) {
            return memberOf == null ? !m.isEmpty() : m.contains(memberOf);
        }
    }

    private final List<Group> groups = new ArrayList<>();
    private final boolean unrestricted;

    BoxHosts(HostUniverse universe, BoxSpace space) {
        boolean any = false;
        for (HostUniverse.Hosts h : universe.groups()) {
            BitSet memberOf = h.asgs() == null ? null : space.asgBits(h.asgs());
            Membership m = memberOf == null ? Membership.ANY : Membership.exactly(memberOf, space.knownAsgs());
            for (IpFamily family : IpFamily.values()) {
                Intervals addresses = Intervals.of(h.addresses(), family);
                if (!addresses.isEmpty() && !m.isEmpty()) {
                    groups.add(new Group(family, addresses, m, memberOf));
                    any |= m.isAny() && addresses.equals(Intervals.all(family));
                }
            }
        }
        this.unrestricted = any && groups.size() == 2;
    }

    /** Whether every packet is producible (the universe of no modeled host restriction). */
    public boolean unrestricted() {
        return unrestricted;
    }

    /** Whether some producible packet is in the box. */
    public boolean meets(PacketBox b) {
        return unrestricted || (side(b.family(), b.sourceAddresses(), b.sourceAsgs()) >= 0
                && side(b.family(), b.destinationAddresses(), b.destinationAsgs()) >= 0);
    }

    public boolean meets(BoxSet set) {
        for (PacketBox b : set.boxes()) {
            if (meets(b)) {
                return true;
            }
        }
        return false;
    }

    /** The first group (from {@code from}) that holds an end with these addresses and membership, or -1. */
    private int side(IpFamily family, Intervals addresses, Membership m) {
        return side(family, addresses, m, 0);
    }

    private int side(IpFamily family, Intervals addresses, Membership m, int from) {
        for (int g = from; g < groups.size(); g++) {
            Group group = groups.get(g);
            if (group.family == family && group.admits(m) && group.addresses.intersects(addresses)) {
                return g;
            }
        }
        return -1;
    }

    /** Whether some end the universe holds is a member of one of these ASGs. */
    public boolean hasMember(BitSet asgs) {
        Membership member = Membership.anyOf(asgs);
        for (Group g : groups) {
            if (g.admits(member)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The box with each side that names ASGs narrowed to the hosts that can be it (their addresses, their
     * membership): a few small pieces, where the search would otherwise cut the rule's whole address range. Sides
     * of any membership are left as they are; the box's producible packets are all in the pieces.
     */
    public List<PacketBox> narrowAsgSides(PacketBox b) {
        if (unrestricted || (b.sourceAsgs().isAny() && b.destinationAsgs().isAny())) {
            return List.of(b);
        }
        List<PacketBox> out = new ArrayList<>();
        for (Side src : sides(b.family(), b.sourceAddresses(), b.sourceAsgs())) {
            for (Side dst : sides(b.family(), b.destinationAddresses(), b.destinationAsgs())) {
                out.add(new PacketBox(b.family(), b.protocols(), src.addresses, b.sourcePorts(), dst.addresses,
                        b.destinationPorts(), src.membership, dst.membership));
            }
        }
        return out;
    }

    private record Side(Intervals addresses, Membership membership) {
    }

    private List<Side> sides(IpFamily family, Intervals addresses, Membership m) {
        if (m.isAny()) {
            return List.of(new Side(addresses, m));
        }
        List<Side> out = new ArrayList<>();
        for (int g = side(family, addresses, m); g >= 0; g = side(family, addresses, m, g + 1)) {
            Group group = groups.get(g);
            out.add(new Side(addresses.intersect(group.addresses), m.intersect(group.membership)));
        }
        return out;
    }

    /**
     * A few producible packets of the set: for each box that holds one, the corners of its part in the first group
     * each end meets. Used only to prove a rule needed quickly; the search decides otherwise.
     */
    public List<PacketBox.Point> samples(BoxSet set, int knownAsgs) {
        if (unrestricted) {
            return set.samples(knownAsgs);
        }
        List<PacketBox.Point> out = new ArrayList<>();
        for (PacketBox b : set.boxes()) {
            int s = side(b.family(), b.sourceAddresses(), b.sourceAsgs());
            int d = s < 0 ? -1 : side(b.family(), b.destinationAddresses(), b.destinationAsgs());
            if (d < 0) {
                continue;
            }
            Group src = groups.get(s);
            Group dst = groups.get(d);
            PacketBox piece = new PacketBox(b.family(), b.protocols(), b.sourceAddresses().intersect(src.addresses),
                    b.sourcePorts(), b.destinationAddresses().intersect(dst.addresses), b.destinationPorts(),
                    b.sourceAsgs().intersect(src.membership), b.destinationAsgs().intersect(dst.membership));
            if (!piece.isEmpty()) {
                out.addAll(piece.corners(knownAsgs));
            }
        }
        return out;
    }
}
