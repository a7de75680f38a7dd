package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The local ends of one NSG's attachments in one direction (the destination inbound, the source outbound): each
 * attached subnet's hosts in no ASG and every NIC configuration there or on an attached NIC, as its addresses and
 * its ASG membership. It answers whether a rule's packets can have one of them as local end, the question of
 * {@code rule-outside-attachments}, with the answer the header space gives ({@code HeaderSpace.matches} met with the
 * ends' sets, memberships fixed among {@code named}) but without building a set per rule: a rule's match is
 * protocols-and-ports times a source side times a destination side, the sides sharing only the address family, so
 * it meets the ends exactly when, in one family, the protocols and ports match something, the remote side has an
 * address or a member there and the local side has an address of an end or a member of a named ASG that an end of
 * that family can be.
 */
public final class LocalEnds {

    /** One end: its addresses and the ASGs it is in (null: not known, it may be in any). */
    private record End(AddressSet addresses, Set<String> asgs) {
    }

    private static final IpFamily[] FAMILIES = IpFamily.values();
    private static final AddressSet[] WHOLE_FAMILY = {AddressSet.allOf(FAMILIES[0]), AddressSet.allOf(FAMILIES[1])};

    private final Direction direction;
    private final List<End> ends;
    /** The ASGs among which an end's membership is fixed (the ones the NSG's rules name); any other is free. */
    private final Set<String> named;
    /** The ASGs the header space has a variable for: a rule naming another matches nothing by it. */
    private final Predicate<String> known;
    /** Where the members of some ASGs can be (HeaderSpace's {@code where}); an ASG not in it can be anywhere. */
    private final Map<String, AddressSet> where;
    /** Every end's addresses, by family. */
    private final AddressSet[] anyEnd = new AddressSet[FAMILIES.length];
    /** Per ASG, by family: whether an end may be a member of it at an address its members can have. */
    private final Map<String, boolean[]> memberEnds = new HashMap<>();

    private LocalEnds(Direction direction, List<End> ends, Set<String> named, Predicate<String> known,
                      Map<String, AddressSet> where) {
        this.direction = direction;
        this.ends = ends;
        this.named = named;
        this.known = known;
        this.where = where;
        // One merge of every end's ranges: a union per end was quadratic in the ends of a large subnet.
        List<IpRange> ranges = new ArrayList<>();
        for (End e : ends) {
            ranges.addAll(e.addresses().ranges());
        }
        AddressSet union = AddressSet.ofRanges(ranges);
        for (int f = 0; f < FAMILIES.length; f++) {
            anyEnd[f] = union.only(FAMILIES[f]);
        }
    }

    /**
     * The local ends of the NSG's attachments, memberships fixed among {@code named}; {@code known} and {@code where}
     * are the header space's ASGs and where their members can be.
     */
    public static LocalEnds of(NetworkSecurityGroup nsg, Direction direction, Attachments attachments,
                        EndpointSpaces endpoints, Set<String> named, Predicate<String> known,
                        Map<String, AddressSet> where) {
        List<End> ends = new ArrayList<>();
        for (Topology.SubnetRef subnet : attachments.subnets(nsg)) {
            ends.add(new End(endpoints.hostAddresses(subnet), Set.of()));
            for (IpConfiguration ip : endpoints.configurationsIn(subnet)) {
                ends.add(end(ip, endpoints));
            }
        }
        for (NetworkInterface nic : attachments.nics(nsg)) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                ends.add(end(ip, endpoints));
            }
        }
        return new LocalEnds(direction, ends, named, known, where);
    }

    private static End end(IpConfiguration ip, EndpointSpaces endpoints) {
        return new End(endpoints.addresses(ip),
                ip.isUnresolved("applicationSecurityGroups") ? null : endpoints.membership(ip));
    }

    /** Whether the rule matches some packet, but none whose local end is one of these ends. */
    public boolean outside(CompiledRule r) {
        if (!someProtocol(r)) {
            return false;
        }
        boolean inbound = direction == Direction.INBOUND;
        AddressSet remoteAddresses = inbound ? r.sourceAddresses() : r.destinationAddresses();
        Set<String> remoteAsgs = inbound ? r.sourceAsgs() : r.destinationAsgs();
        AddressSet localAddresses = inbound ? r.destinationAddresses() : r.sourceAddresses();
        Set<String> localAsgs = inbound ? r.destinationAsgs() : r.sourceAsgs();
        boolean matches = false;
        for (int f = 0; f < FAMILIES.length; f++) {
            if (!side(remoteAddresses, remoteAsgs, f)) {
                continue;
            }
            if (meetsEnd(localAddresses, localAsgs, f)) {
                return false;
            }
            matches |= side(localAddresses, localAsgs, f);
        }
        return matches;
    }

    /** Whether some protocol of the rule has packets: TCP and UDP need a port on each side, the others every port. */
    private static boolean someProtocol(CompiledRule r) {
        boolean ports = somePort(r.sourcePorts()) && somePort(r.destinationPorts());
        boolean everyPort = r.sourcePorts().isAll() && r.destinationPorts().isAll();
        for (Protocol p : Protocol.values()) {
            if ((r.protocolMask() & p.mask()) != 0 && (p.hasPorts() ? ports : everyPort)) {
                return true;
            }
        }
        return false;
    }

    private static boolean somePort(PortSet ports) {
        for (int i = 0; i < ports.rangeCount(); i++) {
            if (ports.start(i) <= ports.end(i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a rule side (its addresses or a member of its ASGs) has an end in family {@code f}, wherever it is. */
    private boolean side(AddressSet addresses, Set<String> asgs, int f) {
        if (addresses.intersects(WHOLE_FAMILY[f])) {
            return true;
        }
        for (String asg : asgs) {
            if (known.test(asg)) {
                AddressSet at = where.get(asg);
                if (at == null || at.intersects(WHOLE_FAMILY[f])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a rule side has an end of family {@code f} that is one of these ends. */
    private boolean meetsEnd(AddressSet addresses, Set<String> asgs, int f) {
        if (addresses.intersects(anyEnd[f])) {
            return true;
        }
        for (String asg : asgs) {
            if (known.test(asg) && memberEnds.computeIfAbsent(asg, this::memberEnds)[f]) {
                return true;
            }
        }
        return false;
    }

    /** By family: whether an end may be a member of the ASG at an address its members can have. */
    private boolean[] memberEnds(String asg) {
        boolean[] out = new boolean[FAMILIES.length];
        AddressSet at = where.get(asg);
        for (End e : ends) {
            boolean member = e.asgs() == null || !named.contains(asg) || e.asgs().contains(asg);
            if (!member) {
                continue;
            }
            for (int f = 0; f < FAMILIES.length; f++) {
                out[f] |= e.addresses().intersects(at == null ? WHOLE_FAMILY[f] : at.only(FAMILIES[f]));
            }
        }
        return out;
    }
}
