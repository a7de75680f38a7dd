package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.Endpoints;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The other side of a policy as one place sees it, for the place's own layers. A place's own NIC is no partner: a
 * NIC's traffic to any of its addresses never leaves the VM (SPEC section 4). A place in a network the local place
 * does not reach (not the same VNet, not peered) is, for the local place's rules, whoever holds its addresses in the
 * local place's networks: the same reading of a remote address as {@code verify}'s ({@link Endpoints#holders}, D8),
 * usually a host in no ASG.
 */
final class PlaceViews {

    /**
     * The remote end as the local place's rules see it: the place it stands for, part of that place's addresses, and
     * the membership the rules see there (null when not known).
     */
    record Remote(Place place, AddressSet addresses, Set<String> membership) {
        /** Whether the rules see the place's own membership (else the membership of whoever holds the address). */
        boolean seenAsItself() {
            return java.util.Objects.equals(membership, place.membership());
        }
    }

    private final Endpoints endpoints;
    private final EndpointSpaces spaces;
    /** Per other side (by identity), per network and NIC of the local place. */
    private final Map<List<Place>, Map<List<Object>, List<Remote>>> cache = new IdentityHashMap<>();

    PlaceViews(Topology topology, EndpointSpaces spaces) {
        this.endpoints = new Endpoints(topology);
        this.spaces = spaces;
    }

    /** The places of {@code others} as {@code local} sees them; the same list (by identity) for the same question. */
    synchronized List<Remote> remotes(Place local, List<Place> others) {
        String nic = local.nic() != null && others.stream().anyMatch(o -> sameNic(local, o)) ? local.nic().name() : null;
        VirtualNetwork vnet = network(local);
        List<Object> key = java.util.Arrays.asList(vnet == null ? null : Topology.key(vnet.name()), nic);
        return cache.computeIfAbsent(others, k -> new HashMap<>()).computeIfAbsent(key, k -> build(local, others, vnet));
    }

    private List<Remote> build(Place local, List<Place> others, VirtualNetwork vnet) {
        List<Remote> out = new ArrayList<>();
        Set<String> reach = vnet == null ? null : endpoints.reachableFrom(vnet);
        for (Place o : others) {
            if (sameNic(local, o)) {
                continue;
            }
            VirtualNetwork theirs = network(o);
            if (reach == null || theirs == null || reach.contains(Topology.key(theirs.name()))) {
                out.add(new Remote(o, o.addresses(), o.membership()));
                continue;
            }
            for (Endpoints.Holder h : endpoints.holders(o.addresses(), reach)) {
                Set<String> seen = h.member() == null ? Set.of()
                        : h.member().ipConfiguration().isUnresolved("applicationSecurityGroups") ? null
                        : spaces.membership(h.member().ipConfiguration());
                out.add(new Remote(o, h.addresses(), seen));
            }
        }
        return List.copyOf(out);
    }

    /** Whether some packet of the traffic's families goes from a place of {@code from} to a partner in {@code to}. */
    boolean meet(List<Place> from, List<Place> to) {
        for (Place s : from) {
            for (Remote r : remotes(s, to)) {
                if (SelfTraffic.hasPacket(s.addresses(), r.addresses())) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean sameNic(Place a, Place b) {
        return a.nic() != null && b.nic() != null && a.nic().name().equalsIgnoreCase(b.nic().name());
    }

    /** The network a place's rules are in; null outside every modeled network or when its subnet is unknown. */
    private static VirtualNetwork network(Place p) {
        return p.kind() == Place.Kind.EXTERNAL || p.subnet() == null ? null : p.subnet().virtualNetwork();
    }
}
