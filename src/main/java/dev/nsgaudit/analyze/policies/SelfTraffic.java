package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpRange;

import java.util.List;

/**
 * A host's traffic to its own address never leaves it (SPEC section 4): a packet whose source and destination
 * address are the same is no part of a policy. The search for the smallest other packet is written once, in
 * {@link dev.nsgaudit.analyze.space.SetAlgebra#smallestOther}; the witness shown is the realistic one of
 * {@link dev.nsgaudit.analyze.space.SetAlgebra#realisticOther}.
 */
final class SelfTraffic {

    private SelfTraffic() {
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
