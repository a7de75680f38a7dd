package dev.nsgaudit.analyze.space;

import dev.nsgaudit.eval.CompiledRule;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Packet sets as lists of boxes, for the rule-list analysis of one NSG (shadowed, redundant, correlated,
 * generalization). The same packets as {@link HeaderSpace}, with its conventions: ICMP, ESP and AH only in rules
 * open on every port (D6), an ASG side's address free, ASG names unknown to the space matching nothing. A
 * rule's match is a product of its fields, so a box needs no more than the fields' own interval lists; the
 * union of many rules, which is what makes BDDs over 288 header bits large, is never built.
 */
public final class BoxSpace {

    private static final int PORTFUL = Protocol.TCP.mask() | Protocol.UDP.mask();

    private final Map<String, Integer> asgIndex = new LinkedHashMap<>();

    /** @param asgs the lower-cased names of every ASG the analysed rules can name, as for {@link HeaderSpace} */
    public BoxSpace(Set<String> asgs) {
        for (String asg : asgs) {
            asgIndex.put(asg, asgIndex.size());
        }
    }

    /** The known ASG names, in index order. */
    public List<String> asgNames() {
        return List.copyOf(asgIndex.keySet());
    }

    public int knownAsgs() {
        return asgIndex.size();
    }

    /** The indexes of the known ASGs among {@code names} (lower-cased); names unknown to the space are left out. */
    public BitSet asgBits(Set<String> names) {
        BitSet out = new BitSet();
        for (String name : names) {
            Integer i = asgIndex.get(name);
            if (i != null) {
                out.set(i);
            }
        }
        return out;
    }

    /** The packets a compiled rule matches (for an uncertain rule: the packets it may match). */
    public BoxSet matches(CompiledRule rule) {
        boolean fullPorts = rule.sourcePorts().isAll() && rule.destinationPorts().isAll();
        int protocols = fullPorts ? rule.protocolMask() : rule.protocolMask() & PORTFUL;
        if (protocols == 0) {
            return BoxSet.EMPTY;
        }
        Intervals sourcePorts = Intervals.of(rule.sourcePorts());
        Intervals destinationPorts = Intervals.of(rule.destinationPorts());
        List<PacketBox> out = new ArrayList<>(2);
        for (IpFamily family : IpFamily.values()) {
            for (Side src : sides(rule.sourceAddresses(), rule.sourceAsgs(), family)) {
                for (Side dst : sides(rule.destinationAddresses(), rule.destinationAsgs(), family)) {
                    PacketBox box = new PacketBox(family, protocols, src.addresses, sourcePorts, dst.addresses,
                            destinationPorts, src.asgs, dst.asgs);
                    if (!box.isEmpty()) {
                        out.add(box);
                    }
                }
            }
        }
        return out.isEmpty() ? BoxSet.EMPTY : new BoxSet(out);
    }

    private record Side(Intervals addresses, Membership asgs) {
    }

    /** A side matches its addresses (any membership), or any address of a member of one of its ASGs. */
    private List<Side> sides(AddressSet addresses, Set<String> asgs, IpFamily family) {
        List<Side> out = new ArrayList<>(2);
        Intervals own = Intervals.of(addresses, family);
        if (!own.isEmpty()) {
            out.add(new Side(own, Membership.ANY));
        }
        BitSet known = new BitSet();
        for (String asg : asgs) {
            Integer i = asgIndex.get(asg);
            if (i != null) {
                known.set(i);
            }
        }
        if (!known.isEmpty()) {
            // The rest of the family, so that the two sides do not overlap.
            Intervals rest = Intervals.all(family).minus(own);
            if (!rest.isEmpty()) {
                out.add(new Side(rest, Membership.anyOf(known)));
            }
        }
        return out;
    }
}
