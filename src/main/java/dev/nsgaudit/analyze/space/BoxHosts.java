package dev.nsgaudit.analyze.space;

import dev.nsgaudit.net.IpFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link HostUniverse} in the box engine's terms: per group, its addresses of each family and its membership. A
 * box of packets holds a producible packet exactly when its source side meets a group and so does its destination
 * side (the universe is the same at both ends, and a box is a product), so the rule-list analysis can keep each
 * rule's match as it is and ask this only of the pieces it looks at.
 */
public final class BoxHosts {

    private record Group(IpFamily family, Intervals addresses, Membership membership) {
    }

    private final List<Group> groups = new ArrayList<>();
    private final boolean unrestricted;

    BoxHosts(HostUniverse universe, BoxSpace space) {
        boolean any = false;
        for (HostUniverse.Hosts h : universe.groups()) {
            Membership m = h.asgs() == null ? Membership.ANY
                    : Membership.exactly(space.asgBits(h.asgs()), space.knownAsgs());
            for (IpFamily family : IpFamily.values()) {
                Intervals addresses = Intervals.of(h.addresses(), family);
                if (!addresses.isEmpty() && !m.isEmpty()) {
                    groups.add(new Group(family, addresses, m));
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
            if (group.family == family && group.addresses.intersects(addresses) && group.membership.intersects(m)) {
                return g;
            }
        }
        return -1;
    }

    /** Whether some end the universe holds is a member of one of these ASGs. */
    public boolean hasMember(java.util.BitSet asgs) {
        Membership member = Membership.anyOf(asgs);
        for (Group g : groups) {
            if (g.membership.intersects(member)) {
                return true;
            }
        }
        return false;
    }

    /** The producible packets of the set, as boxes (one per pair of groups each box meets). */
    public BoxSet restrict(BoxSet set) {
        if (unrestricted) {
            return set;
        }
        List<PacketBox> out = new ArrayList<>();
        for (PacketBox b : set.boxes()) {
            restrict(b, out);
        }
        return out.isEmpty() ? BoxSet.EMPTY : new BoxSet(out);
    }

    private void restrict(PacketBox b, List<PacketBox> out) {
        for (int s = side(b.family(), b.sourceAddresses(), b.sourceAsgs()); s >= 0;
             s = side(b.family(), b.sourceAddresses(), b.sourceAsgs(), s + 1)) {
            Group src = groups.get(s);
            for (int d = side(b.family(), b.destinationAddresses(), b.destinationAsgs()); d >= 0;
                 d = side(b.family(), b.destinationAddresses(), b.destinationAsgs(), d + 1)) {
                Group dst = groups.get(d);
                PacketBox piece = new PacketBox(b.family(), b.protocols(), b.sourceAddresses().intersect(src.addresses),
                        b.sourcePorts(), b.destinationAddresses().intersect(dst.addresses), b.destinationPorts(),
                        b.sourceAsgs().intersect(src.membership), b.destinationAsgs().intersect(dst.membership));
                if (!piece.isEmpty()) {
                    out.add(piece);
                }
            }
        }
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
