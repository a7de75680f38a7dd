package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;

import java.util.List;
import java.util.Set;

/**
 * Sets of packets over the header space (protocol, family, both ends' addresses, ports and ASG memberships), as
 * both set engines provide them: {@link BddAlgebra} (JavaBDD) and {@link BoxAlgebra} (box lists). The semantics
 * built on sets (first match with bounds and D7 in {@link FirstMatch}, the self-traffic exclusion in
 * {@link #smallestOther}) are written once against this interface, so the two engines cannot drift apart.
 *
 * <p>Conventions shared by both: packets of the portless protocols (ICMP, ESP, AH) carry every port, so a set holds
 * them only with every port (D6); an IPv4 address is a value of the first 32 address bits; an ASG name unknown to
 * the space matches nothing. Operations never change their arguments and return a new set the caller owns;
 * {@link #free} releases one (the BDD engine needs it, the box engine does nothing).
 *
 * @param <S> the engine's set type
 */
public interface SetAlgebra<S> {

    /** The part of a set inside another set and the part outside it. */
    record Split<S>(S inside, S outside) {
    }

    S none();

    /** Every packet. */
    S all();

    S union(S a, S b);

    /** The union of every part (the parts are kept). */
    S unionAll(List<S> parts);

    S intersect(S a, S b);

    S minus(S a, S b);

    /** {@code in} cut by {@code by}: the part inside and the part outside (both new). */
    Split<S> split(S in, S by);

    boolean isEmpty(S s);

    default boolean intersects(S a, S b) {
        S both = intersect(a, b);
        boolean out = !isEmpty(both);
        free(both);
        return out;
    }

    default boolean containsAll(S a, S b) {
        S left = minus(b, a);
        boolean out = isEmpty(left);
        free(left);
        return out;
    }

    /** The same set, as a new one the caller owns. */
    S copy(S s);

    /** Releases a set this algebra handed out. */
    void free(S s);

    // ---- constructors -------------------------------------------------------------------------------------------

    /** The packets a compiled rule matches (for an uncertain rule: the packets it may match). */
    S matches(CompiledRule rule);

    /** The protocols of {@code mask} with these ports; the portless protocols only when both port sets are full (D6). */
    S traffic(int mask, PortSet destinationPorts, PortSet sourcePorts);

    S sourceAddresses(AddressSet addresses);

    S destinationAddresses(AddressSet addresses);

    /** Sources in exactly these ASGs among those the space knows (lower-cased names). */
    S sourceMembership(Set<String> asgs);

    /** Destinations in exactly these ASGs among those the space knows (lower-cased names). */
    S destinationMembership(Set<String> asgs);

    /**
     * The membership of a witness of {@code set} (one end in exactly {@code asgs}) as far as {@code set} can tell it
     * apart: an engine may leave free the ASGs that {@code set} does not read, where a witness of any such set is in
     * none of them, so that what is intersected with it keeps the same witness. By default every ASG is fixed.
     */
    default S witnessMembership(S set, boolean source, Set<String> asgs) {
        return source ? sourceMembership(asgs) : destinationMembership(asgs);
    }

    /** The ends of one side that the universe holds: each group's addresses with its membership (any, when unknown). */
    S hosts(HostUniverse universe, boolean source);

    /** One packet (a portless one with every port). */
    S packet(Packet packet);

    /**
     * The set with one end's ASG membership replaced: the packets whose other fields are those of a packet of
     * {@code set}, with that end in exactly the ASGs {@code asgs} (in any, when null). A policy reads a packet as
     * each place's rules see its other end (whoever holds the address there, D8), then reports it with the host's
     * own membership.
     */
    S withMembership(S set, boolean source, Set<String> asgs);

    /**
     * The packets of {@code set} whose one end is at {@code addresses} in exactly the ASGs {@code asgs} (whatever its
     * membership, when null): how a policy picks the packets of one remote host. An engine may answer it without
     * building the two sets it intersects with.
     */
    default S at(S set, boolean source, AddressSet addresses, Set<String> asgs) {
        S where = source ? sourceAddresses(addresses) : destinationAddresses(addresses);
        S out = intersect(set, where);
        free(where);
        if (asgs == null || isEmpty(out)) {
            return out;
        }
        S membership = source ? sourceMembership(asgs) : destinationMembership(asgs);
        S exact = intersect(out, membership);
        free(out);
        free(membership);
        return exact;
    }

    /**
     * The union of {@link #at} over several hosts (the i-th at {@code addresses[i]} in {@code asgs[i]}): an engine
     * may cut the set once instead of once per host.
     */
    default S atEach(S set, boolean source, List<AddressSet> addresses, List<Set<String>> asgs) {
        List<S> parts = new java.util.ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            parts.add(at(set, source, addresses.get(i), asgs.get(i)));
        }
        if (parts.isEmpty()) {
            return none();
        }
        S out = unionAll(parts);
        for (S p : parts) {
            if (p != out) {
                free(p);
            }
        }
        return out;
    }

    // ---- questions ----------------------------------------------------------------------------------------------

    /**
     * The smallest packet of the set, or null when it is empty: fields compared in the order protocol, family,
     * destination ASGs, source ASGs, destination address, destination port, source address, source port; a
     * membership is smaller than another when, at the first known ASG where they differ, it is outside.
     */
    HeaderWitness witness(S set);

    /** How many source addresses of the family occur in the set, whatever the other fields. */
    double countSourceAddresses(S set, IpFamily family);

    /** Whether the set holds the packet. */
    default boolean contains(S set, Packet packet) {
        S p = packet(packet);
        boolean out = intersects(set, p);
        free(p);
        return out;
    }

    /**
     * The smallest packet of {@code set} whose source and destination addresses differ, or null: a host's traffic
     * to its own address never leaves it (SPEC section 4). The set of the other packets is never built (it has no
     * small BDD: equal addresses of two ends far apart in the variable order); the smallest packet is searched.
     */
    default HeaderWitness smallestOther(S set) {
        S every = all();
        S left = intersect(set, every);
        free(every);
        try {
            while (!isEmpty(left)) {
                HeaderWitness w = witness(left);
                if (!w.sourceAddress().equals(w.destinationAddress())) {
                    return w;
                }
                // Nothing in the set comes before w's protocol, memberships and destination address: the smallest
                // other packet has them too if one does (with another source), else it comes after them.
                AddressSet self = AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(w.destinationAddress(),
                        w.destinationAddress())));
                S fields = intersectAll(traffic(w.protocol().mask(), PortSet.ALL, PortSet.ALL),
                        destinationMembership(Set.copyOf(w.destinationAsgs())),
                        sourceMembership(Set.copyOf(w.sourceAsgs())), destinationAddresses(self));
                S otherSources = sourceAddresses(AddressSet.ALL.minus(self));
                S candidates = intersect(left, fields);
                S others = intersect(candidates, otherSources);
                free(candidates);
                free(otherSources);
                try {
                    if (!isEmpty(others)) {
                        return witness(others);
                    }
                } finally {
                    free(others);
                }
                S rest = minus(left, fields);
                free(fields);
                free(left);
                left = rest;
            }
            return null;
        } finally {
            free(left);
        }
    }

    /**
     * Source ports an operating system picks for an outgoing connection: the IANA dynamic range (RFC 6335, 49152-65535;
     * Windows uses it, and Linux's default 32768-60999 includes its start).
     */
    PortSet EPHEMERAL_SOURCE_PORTS = PortSet.range(49152, 65535);

    /**
     * A packet of the set that reads like real traffic, or null when the set is empty: the smallest packet's fields up
     * to its destination port ({@link #witness}), then the smallest source among the set's packets with those fields
     * that is a real Internet address ({@link SpecialPurposeAddresses#PUBLIC}) with an ephemeral source port
     * ({@link #EPHEMERAL_SOURCE_PORTS}); where the set has none, one with a public source, else one with an ephemeral
     * port, else the smallest packet. Always in the set, and the same set gives the same packet in both engines.
     */
    default HeaderWitness realisticWitness(S set) {
        HeaderWitness smallest = witness(set);
        return smallest == null ? null : realisticAfter(set, smallest);
    }

    /** {@link #realisticWitness} for {@link #smallestOther}: the packets whose source is not the destination. */
    default HeaderWitness realisticOther(S set) {
        HeaderWitness smallest = smallestOther(set);
        if (smallest == null) {
            return null;
        }
        AddressSet self = AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(smallest.destinationAddress(),
                smallest.destinationAddress())));
        S otherSources = sourceAddresses(AddressSet.ALL.minus(self));
        S others = intersect(set, otherSources);
        free(otherSources);
        try {
            return realisticAfter(others, smallest);
        } finally {
            free(others);
        }
    }

    /** The realistic choice among the packets of {@code set} that agree with {@code smallest} up to its destination port. */
    private HeaderWitness realisticAfter(S set, HeaderWitness smallest) {
        boolean ports = smallest.protocol().hasPorts();
        AddressSet destination = AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(
                smallest.destinationAddress(), smallest.destinationAddress())));
        S fixed = intersectAll(copy(set), traffic(smallest.protocol().mask(), ports
                        ? PortSet.range(smallest.destinationPort(), smallest.destinationPort()) : PortSet.ALL, PortSet.ALL),
                witnessMembership(set, false, Set.copyOf(smallest.destinationAsgs())),
                witnessMembership(set, true, Set.copyOf(smallest.sourceAsgs())), destinationAddresses(destination));
        List<S> preferences = new java.util.ArrayList<>();
        if (ports) {
            preferences.add(intersectAll(sourceAddresses(SpecialPurposeAddresses.PUBLIC),
                    traffic(smallest.protocol().mask(), PortSet.ALL, EPHEMERAL_SOURCE_PORTS)));
        }
        preferences.add(sourceAddresses(SpecialPurposeAddresses.PUBLIC));
        if (ports) {
            preferences.add(traffic(smallest.protocol().mask(), PortSet.ALL, EPHEMERAL_SOURCE_PORTS));
        }
        HeaderWitness chosen = null;
        for (S preference : preferences) {
            if (chosen == null) {
                S preferred = intersect(fixed, preference);
                if (!isEmpty(preferred)) {
                    chosen = witness(preferred);
                }
                free(preferred);
            }
            free(preference);
        }
        free(fixed);
        return chosen == null ? smallest : chosen;
    }

    /** The intersection of the sets, freeing them. */
    @SuppressWarnings("unchecked")
    private S intersectAll(S first, S... more) {
        S out = first;
        for (S s : more) {
            S next = intersect(out, s);
            free(out);
            free(s);
            out = next;
        }
        return out;
    }

    /** Every protocol's packets with every port: a convenience for {@link #traffic}. */
    default S anyTraffic() {
        return traffic(Protocol.ALL_MASK, PortSet.ALL, PortSet.ALL);
    }
}
