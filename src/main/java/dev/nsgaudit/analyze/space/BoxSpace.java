package dev.nsgaudit.analyze.space;

import dev.nsgaudit.semantics.CompiledRule;
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

    private final Map<String, AddressSet> where;

    /** @param asgs the lower-cased names of every ASG the analysed rules can name, as for {@link HeaderSpace} */
    public BoxSpace(Set<String> asgs) {
        this(asgs, Map.of());
    }

    /** @param where the addresses the members of some ASGs can have, as for {@link HeaderSpace} */
    public BoxSpace(Set<String> asgs, Map<String, AddressSet> where) {
        for (String asg : asgs) {
            asgIndex.put(asg, asgIndex.size());
        }
        this.where = Map.copyOf(where);
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

    /** The universe of producible ends in this space's terms. */
    public BoxHosts hosts(HostUniverse universe) {
        return new BoxHosts(universe, this);
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

    /**
     * A side matches its addresses (any membership), or a member of one of its ASGs at an address the ASG's members
     * can have. The ASG parts leave out the side's own addresses; ASGs whose members can be at the same addresses
     * share one part, and each part leaves out the earlier ones, so that no two parts overlap.
     */
    private List<Side> sides(AddressSet addresses, Set<String> asgs, IpFamily family) {
        List<Side> out = new ArrayList<>(2);
        Intervals own = Intervals.of(addresses, family);
        if (!own.isEmpty()) {
            out.add(new Side(own, Membership.ANY));
        }
        Map<AddressSet, BitSet> byPlace = new LinkedHashMap<>();
        for (String asg : asgs) {
            Integer i = asgIndex.get(asg);
            if (i != null) {
                byPlace.computeIfAbsent(where.getOrDefault(asg, ANYWHERE), k -> new BitSet()).set(i);
            }
        }
        List<Side> earlier = new ArrayList<>();
        for (Map.Entry<AddressSet, BitSet> e : byPlace.entrySet()) {
            Side part = new Side(Intervals.of(e.getKey(), family).minus(own), Membership.anyOf(e.getValue()));
            List<Side> pieces = part.addresses().isEmpty() ? List.of() : List.of(part);
            for (Side before : earlier) {
                List<Side> next = new ArrayList<>();
                for (Side piece : pieces) {
                    Intervals outside = piece.addresses().minus(before.addresses());
                    if (!outside.isEmpty()) {
                        next.add(new Side(outside, piece.asgs()));
                    }
                    Intervals inside = piece.addresses().intersect(before.addresses());
                    if (!inside.isEmpty()) {
                        for (Membership m : piece.asgs().minus(before.asgs())) {
                            next.add(new Side(inside, m));
                        }
                    }
                }
                pieces = next;
            }
            out.addAll(pieces);
            earlier.add(part);
        }
        return out;
    }

    /** No limit on where an ASG's members are. */
    private static final AddressSet ANYWHERE = AddressSet.of("0.0.0.0/0", "::/0");
}
