package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.policies.PlaceViews.Remote;
import dev.nsgaudit.analyze.space.FirstMatch.Bound;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.analyze.space.SetAlgebra;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The question a flow policy asks (SPEC section 4), written once for every {@link SetAlgebra}: which packets between
 * its places fail it, for sure and possibly, and the realistic packet shown for them. The source's places are read
 * outbound and the destination's inbound, each place's rules seeing the other end as {@link PlaceViews} says (no
 * partner on its own NIC, whoever holds the address where the place does not reach, D8); failing packets are
 * reported with each host's own membership, and a host's traffic to its own address is never one of them
 * ({@link SetAlgebra#realisticOther}).
 *
 * <ul>
 * <li>{@code expect: allow} fails for a packet that a layer of its source or destination place denies;
 * {@code expect: deny} for a packet the layers of both places allow.</li>
 * <li>Bounds: the sure failures are taken with the bound that favours the policy (and only places that surely belong
 * to their endpoint), the possible ones with the other bound (and every place); an answer that only the second
 * finds is inconclusive.</li>
 * </ul>
 *
 * What a place's layers allow comes from the engine ({@link PlaceLayers}): the BDDs intersect a set kept per place,
 * the box lists cut the packets by the rules in order.
 *
 * @param <S> the algebra's set type
 */
final class PolicyQuestion<S> {

    /** The realistic packet that fails the policy for sure, else one that may fail it; neither on a pass. */
    record Found(HeaderWitness sure, HeaderWitness maybe) {
    }

    /** The protocols and ports a policy asks about. */
    record Traffic(int mask, PortSet destinationPorts, PortSet sourcePorts) {
    }

    /** What a set engine adds to its algebra: the packets a place is asked about, and what its layers allow of them. */
    interface PlaceLayers<S> {

        SetAlgebra<S> algebra();

        /** Starts a question about this traffic (what an engine keeps for one question only is dropped). */
        void begin(Traffic traffic);

        /**
         * The question's packets whose local end is {@code p} (its addresses and membership) and whose remote end is
         * one of {@code others} as p's rules see it, within the traffic.
         */
        S packets(Place p, List<Remote> others, Direction direction);

        /**
         * The packets of {@code in} (from {@link #packets}) that every layer of {@code p} allows under the bound; the
         * rest goes to {@code denied} when it is not null.
         */
        S allowed(Place p, Direction direction, S in, List<Remote> others, Bound bound, Consumer<S> denied);

        /** Whether both bounds are surely the same for these places (then only the first is computed). */
        boolean certain(List<Place> from, List<Place> to);
    }

    private final PlaceLayers<S> layers;
    private final SetAlgebra<S> algebra;
    private final PlaceViews views;
    /** The other side as each place sees it, per list of places (by identity). */
    private final Map<Place, Map<List<Place>, List<Remote>>> remotes = new IdentityHashMap<>();
    private final RemoteGroups kept;

    /**
     * The remotes of each list grouped by the membership the rules see, kept across questions and shared by the
     * questions of one engine on other threads.
     */
    static final class RemoteGroups {
        /** Per list of remotes (by identity). */
        private final Map<Same, List<Group>> groups = new ConcurrentHashMap<>();
    }

    /**
     * Remotes the rules see with one membership (null: not known): their addresses merged, and whether the rules see
     * each of them with its own membership (then a failing packet needs no restating).
     */
    private record Group(AddressSet addresses, Set<String> membership, boolean itself, List<Remote> remotes) {
    }

    /** Where the source's membership comes from when a destination place's rules saw another one. */
    private record Restore(boolean itself, Set<String> membership) {
        static final Restore ITSELF = new Restore(true, null);
    }

    PolicyQuestion(PlaceLayers<S> layers, PlaceViews views, RemoteGroups kept) {
        this.layers = layers;
        this.algebra = layers.algebra();
        this.views = views;
        this.kept = kept;
    }

    /** Whether some packet of the traffic goes from a place of {@code from} to a partner in {@code to}. */
    boolean asks(List<Place> from, List<Place> to, Traffic traffic) {
        S t = algebra.traffic(traffic.mask(), traffic.destinationPorts(), traffic.sourcePorts());
        boolean empty = algebra.isEmpty(t);
        algebra.free(t);
        return !empty && views.meet(from, to);
    }

    /** The failing packets shown for a policy between these places that {@link #asks} something. */
    Found decide(List<Place> from, List<Place> to, Traffic traffic, boolean expectAllow) {
        layers.begin(traffic);
        Bound[] bounds = expectAllow ? new Bound[] {Bound.HIGH, Bound.LOW} : new Bound[] {Bound.LOW, Bound.HIGH};
        for (int round = 0; round < 2; round++) {
            if (round == 1 && layers.certain(from, to)) {
                break;
            }
            boolean maybeToo = round == 1;
            S failing = expectAllow ? notAllowed(from, to, bounds[round], maybeToo)
                    : allowedOnBothSides(from, to, bounds[round], maybeToo);
            HeaderWitness w;
            try {
                w = algebra.realisticOther(failing);
            } finally {
                algebra.free(failing);
            }
            if (w != null) {
                return round == 0 ? new Found(w, null) : new Found(null, w);
            }
        }
        return new Found(null, null);
    }

    // ---- the two questions --------------------------------------------------------------------------------------

    /** expect: allow. The packets a layer of their source or destination place leaves out. */
    private S notAllowed(List<Place> from, List<Place> to, Bound bound, boolean maybeToo) {
        List<S> failing = new ArrayList<>();
        denied(from, to, Direction.OUTBOUND, bound, maybeToo, failing);
        denied(to, from, Direction.INBOUND, bound, maybeToo, failing);
        return unionFreeing(failing);
    }

    private void denied(List<Place> places, List<Place> otherSide, Direction direction, Bound bound, boolean maybeToo,
                        List<S> failing) {
        for (Place p : places) {
            if (p.maybe() && !maybeToo) {
                continue; // a place that may not be part of the endpoint can make the answer inconclusive, never fail it
            }
            List<Remote> others = remotes(p, otherSide);
            S in = layers.packets(p, others, direction);
            List<S> denied = new ArrayList<>();
            algebra.free(layers.allowed(p, direction, in, others, bound, denied::add));
            algebra.free(in);
            S left = unionFreeing(denied);
            failing.add(asThemselves(left, others, direction));
            algebra.free(left);
        }
    }

    /**
     * expect: deny. The packets the layers of both places allow: what each source place lets through is handed to the
     * destination places it reaches, as their rules see the source, and cut by their layers.
     */
    private S allowedOnBothSides(List<Place> from, List<Place> to, Bound bound, boolean maybeToo) {
        Map<Place, Map<Restore, List<S>>> atDestination = new IdentityHashMap<>();
        for (Place s : from) {
            if (s.maybe() && !maybeToo) {
                continue;
            }
            List<Remote> others = remotes(s, to);
            S in = layers.packets(s, others, Direction.OUTBOUND);
            S allowed = layers.allowed(s, Direction.OUTBOUND, in, others, bound, null);
            algebra.free(in);
            for (Group g : groups(others)) {
                S inGroup = algebra.at(allowed, false, g.addresses(), g.membership());
                if (!algebra.isEmpty(inGroup)) {
                    for (Remote r : g.remotes()) {
                        if (r.place().maybe() && !maybeToo) {
                            continue;
                        }
                        handOver(s, algebra.at(inGroup, false, r.addresses(), null), r, from, atDestination);
                    }
                }
                algebra.free(inGroup);
            }
            algebra.free(allowed);
        }
        List<S> failing = new ArrayList<>();
        for (Place d : to) {
            Map<Restore, List<S>> in = atDestination.get(d);
            if (in == null) {
                continue;
            }
            List<Remote> others = remotes(d, from);
            for (Map.Entry<Restore, List<S>> e : in.entrySet()) {
                S packets = unionFreeing(e.getValue());
                S allowed = layers.allowed(d, Direction.INBOUND, packets, others, bound, null);
                algebra.free(packets);
                if (e.getKey().itself()) {
                    failing.add(allowed);
                } else {
                    failing.add(algebra.withMembership(allowed, true, e.getKey().membership()));
                    algebra.free(allowed);
                }
            }
        }
        return unionFreeing(failing);
    }

    /**
     * Hands the packets {@code x} that source place {@code s} lets through to remote {@code r} (as s's rules see it;
     * freed) over to r's place: with that place's own membership, and the source as the place's rules see it, kept
     * apart by where the source's own membership comes back from.
     */
    private void handOver(Place s, S x, Remote r, List<Place> from, Map<Place, Map<Restore, List<S>>> atDestination) {
        if (algebra.isEmpty(x)) {
            algebra.free(x);
            return;
        }
        Place d = r.place();
        S own = x;
        if (!r.seenAsItself()) {
            own = algebra.withMembership(x, false, d.membership());
            algebra.free(x);
        }
        for (Remote seen : views.standingFor(remotes(d, from), s)) {
            S packets = seen.addresses() == s.addresses() ? algebra.copy(own)
                    : algebra.at(own, true, seen.addresses(), null);
            if (algebra.isEmpty(packets)) {
                algebra.free(packets);
                continue;
            }
            Restore restore = Restore.ITSELF;
            if (!seen.seenAsItself()) {
                S asSeen = algebra.withMembership(packets, true, seen.membership());
                algebra.free(packets);
                packets = asSeen;
                restore = new Restore(false, s.membership());
            }
            atDestination.computeIfAbsent(d, k -> new LinkedHashMap<>()).computeIfAbsent(restore, k -> new ArrayList<>())
                    .add(packets);
        }
        algebra.free(own);
    }

    // ---- the remote end -----------------------------------------------------------------------------------------

    /** The packets of {@code set} (remote end as the local place's rules see it), each with its remote host's own membership. */
    private S asThemselves(S set, List<Remote> others, Direction direction) {
        if (algebra.isEmpty(set)) {
            return algebra.none();
        }
        boolean remoteIsSource = direction == Direction.INBOUND;
        List<S> parts = new ArrayList<>();
        // Groups the rules see as themselves keep their packets as they are: cut once for all of them.
        List<AddressSet> asSeen = new ArrayList<>();
        List<Set<String>> seenMembership = new ArrayList<>();
        for (Group g : groups(others)) {
            if (g.itself()) {
                asSeen.add(g.addresses());
                seenMembership.add(g.membership());
                continue;
            }
            for (Remote r : g.remotes()) {
                S seen = algebra.at(set, remoteIsSource, r.addresses(), r.membership());
                if (r.seenAsItself() || algebra.isEmpty(seen)) {
                    keep(parts, seen);
                } else {
                    parts.add(algebra.withMembership(seen, remoteIsSource, r.place().membership()));
                    algebra.free(seen);
                }
            }
        }
        if (!asSeen.isEmpty()) {
            keep(parts, algebra.atEach(set, remoteIsSource, asSeen, seenMembership));
        }
        return unionFreeing(parts);
    }

    private void keep(List<S> parts, S set) {
        if (algebra.isEmpty(set)) {
            algebra.free(set);
        } else {
            parts.add(set);
        }
    }

    /** The other side as a place's rules see it ({@link PlaceViews#remotes}), kept. */
    private List<Remote> remotes(Place p, List<Place> others) {
        return remotes.computeIfAbsent(p, k -> new IdentityHashMap<>()).computeIfAbsent(others, k -> views.remotes(p, k));
    }

    /** The remotes grouped by the membership the rules see (null: not known), their addresses merged; kept per list. */
    private List<Group> groups(List<Remote> others) {
        return kept.groups.computeIfAbsent(new Same(others), k -> {
            Map<Set<String>, List<Remote>> byMembership = new LinkedHashMap<>();
            for (Remote r : others) {
                byMembership.computeIfAbsent(r.membership() == null ? null : Set.copyOf(r.membership()),
                        m -> new ArrayList<>()).add(r);
            }
            List<Group> out = new ArrayList<>();
            for (Map.Entry<Set<String>, List<Remote>> e : byMembership.entrySet()) {
                List<dev.nsgaudit.net.IpRange> ranges = new ArrayList<>();
                e.getValue().forEach(r -> ranges.addAll(r.addresses().ranges()));
                out.add(new Group(AddressSet.ofRanges(ranges), e.getKey(),
                        e.getValue().stream().allMatch(Remote::seenAsItself), List.copyOf(e.getValue())));
            }
            return out;
        });
    }

    /** The union of the parts, which are released. */
    private S unionFreeing(List<S> parts) {
        if (parts.isEmpty()) {
            return algebra.none();
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        S out = algebra.unionAll(parts);
        for (S p : parts) {
            if (p != out) {
                algebra.free(p);
            }
        }
        return out;
    }
}
