package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpRange;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A host's traffic to its own address never leaves it (SPEC section 4): a packet whose source and destination
 * address are the same is no part of a policy. The set of the other packets has no small BDD (equal addresses of
 * two ends far apart in the variable order), so it is never built: the smallest packet outside it is searched.
 */
final class SelfTraffic {

    private SelfTraffic() {
    }

    /** The smallest packet of {@code set} (in the witness order) whose addresses differ, or null; keeps the set. */
    static HeaderWitness smallestOther(HeaderSpace space, BDD set) {
        BDD left = set.id();
        try {
            while (!left.isZero()) {
                HeaderWitness w = space.witness(left);
                if (!w.sourceAddress().equals(w.destinationAddress())) {
                    return w;
                }
                // Nothing in the set comes before w's protocol, family, memberships and destination address: the
                // smallest other packet has them too if one does (with another source), else it comes after them.
                AddressSet self = AddressSet.ofRanges(List.of(new IpRange(w.destinationAddress(), w.destinationAddress())));
                BDD fields = space.protocols(w.protocol().mask())
                        .andWith(space.destinationMembership(new LinkedHashSet<>(w.destinationAsgs())))
                        .andWith(space.sourceMembership(new LinkedHashSet<>(w.sourceAsgs())))
                        .andWith(space.destinationAddresses(self));
                BDD others = left.and(fields).andWith(space.sourceAddresses(AddressSet.ALL.minus(self)));
                try {
                    if (!others.isZero()) {
                        return space.witness(others);
                    }
                } finally {
                    others.free();
                }
                BDD rest = HeaderSpace.minus(left, fields);
                fields.free();
                left.free();
                left = rest;
            }
            return null;
        } finally {
            left.free();
        }
    }

    /** Whether some packet goes from an address of {@code from} to another address of {@code to} of its family. */
    static boolean hasPacket(AddressSet from, AddressSet to) {
        for (var family : dev.nsgaudit.net.IpFamily.values()) {
            AddressSet a = from.only(family);
            AddressSet b = to.only(family);
            if (!a.isEmpty() && !b.isEmpty() && !(single(a) && a.equals(b))) {
                return true;
            }
        }
        return false;
    }

    private static boolean single(AddressSet a) {
        List<IpRange> r = a.ranges();
        return r.size() == 1 && r.get(0).first().equals(r.get(0).last());
    }
}
