package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Per other side (by identity), network and NIC of the local place; safe for the parallel box workers. */
    private final Map<Key, List<Remote>> cache = new ConcurrentHashMap<>();
    /** Per list of {@link #remotes} (by identity): its remotes by the place they stand for (by identity). */
    private final Map<Same, Map<Place, List<Remote>>> byPlace = new ConcurrentHashMap<>();
    /** Per list of {@link #remotes} (by identity): whether every membership is known. */
    private final Map<Same, Boolean> known = new ConcurrentHashMap<>();
    /** Per other side (by identity): the names of its NICs, lower-cased. */
    private final Map<Same, Set<String>> nics = new ConcurrentHashMap<>();

    private record Key(Same others, String vnet, String nic) {
    }

    /** A place seen from a network that does not reach it. */
    private record Apparent(Same place, String vnet) {
    }

    /** Per place (by identity) and network that does not reach it: whoever holds its addresses there. */
    private final Map<Apparent, List<Remote>> apparent = new ConcurrentHashMap<>();

    PlaceViews(Topology topology, EndpointSpaces spaces) {
        this.endpoints = new Endpoints(topology);
        this.spaces = spaces;
    }

    /** The places of {@code others} as {@code local} sees them; the same list (by identity) for the same question. */
    List<Remote> remotes(Place local, List<Place> others) {
        Same side = new Same(others);
        String nic = local.nic() == null ? null : Topology.key(local.nic().name());
        if (nic != null && !nics.computeIfAbsent(side, k -> nicNames(others)).contains(nic)) {
            nic = null;
        }
        VirtualNetwork vnet = network(local);
        Key key = new Key(side, vnet == null ? null : Topology.key(vnet.name()), nic);
        List<Remote> known = cache.get(key);
        if (known != null) {
            return known;
        }
        List<Remote> built = build(local, others, vnet);
        // Seen whole and as themselves (one network, or all peered): one list for every such place, so that what is
        // kept per list is kept once.
        if (built.size() == others.size()
                && built.stream().allMatch(r -> r.addresses() == r.place().addresses() && r.seenAsItself())) {
            List<Remote> plain = built;
            built = cache.computeIfAbsent(new Key(side, "", null), p -> plain);
        }
        List<Remote> before = cache.putIfAbsent(key, built);
        return before != null ? before : built;
    }

    /** Whether the rules see every remote of a list of {@link #remotes} with a known membership; kept per list. */
    boolean known(List<Remote> remotes) {
        return known.computeIfAbsent(new Same(remotes), k -> remotes.stream().allMatch(r -> r.membership() != null));
    }

    /** The remotes of a list of {@link #remotes} that stand for {@code place}. */
    List<Remote> standingFor(List<Remote> remotes, Place place) {
        return byPlace.computeIfAbsent(new Same(remotes), k -> {
            Map<Place, List<Remote>> out = new IdentityHashMap<>();
            for (Remote r : remotes) {
                out.computeIfAbsent(r.place(), p -> new ArrayList<>(1)).add(r);
            }
            return out;
        }).getOrDefault(place, List.of());
    }

    private static Set<String> nicNames(List<Place> places) {
        Set<String> out = new java.util.HashSet<>();
        for (Place p : places) {
            if (p.nic() != null) {
                out.add(Topology.key(p.nic().name()));
            }
        }
        return out;
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
            out.addAll(apparent.computeIfAbsent(new Apparent(new Same(o), Topology.key(vnet.name())), k -> {
                List<Remote> parts = new ArrayList<>();
                for (Endpoints.Holder h : endpoints.holders(o.addresses(), reach)) {
                    Set<String> seen = h.member() == null ? Set.of()
                            : h.member().ipConfiguration().isUnresolved("applicationSecurityGroups") ? null
                            : spaces.membership(h.member().ipConfiguration());
                    parts.add(new Remote(o, h.addresses(), seen));
                }
                return parts;
            }));
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
