package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.policies.PlaceViews.Remote;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.FirstMatch.Bound;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.analyze.space.Intervals;
import dev.nsgaudit.analyze.space.Membership;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flow policies decided on box lists ({@link PacketBox}) instead of BDDs, with the same sets and the same witness
 * (the realistic packet of {@link dev.nsgaudit.analyze.space.SetAlgebra#realisticOther} over the failing set). A policy asks about
 * the packets from its source places to its destination places; each place's layers are first-match lists, so
 * the policy's packets at a place are cut by the rules in order, and only what the policy asks about is ever
 * split. The BDDs hold every packet of a place's layers at once, which is what made a matrix of policies slow.
 *
 * <p>Each place's rules see the other side through {@link PlaceViews} (no partner on its own NIC; places it does not
 * reach as whoever holds their addresses, D8); failing packets are reported with each host's own membership, and a
 * packet from an address to itself is never one of them.
 *
 * <p>Covers places of known ASG membership that surely belong to their endpoint, behind NSGs without two rules of
 * one priority and different access ({@link #covers}); {@link PolicyChecker} decides the rest with BDDs.
 */
final class BoxPolicies {

    private static final int PORTFUL = Protocol.TCP.mask() | Protocol.UDP.mask();

    /** The protocols and ports of a policy; portless protocols only when every port is asked about (D6). */
    record Traffic(int protocols, Intervals destinationPorts, Intervals sourcePorts) {
        static Traffic of(int mask, PortSet destination, PortSet source) {
            boolean fullPorts = destination.isAll() && source.isAll();
            return new Traffic(fullPorts ? mask : mask & PORTFUL, Intervals.of(destination), Intervals.of(source));
        }

        boolean isEmpty() {
            return protocols == 0 || destinationPorts.isEmpty() || sourcePorts.isEmpty();
        }
    }

    /** The smallest packet of the set that fails the policy for sure, else of the set that may; null when empty. */
    record Found(HeaderWitness sure, HeaderWitness maybe) {
    }

    private enum LayerKind { ALL, UNKNOWN, LIST }

    private record Layer(LayerKind kind, RuleList list) {
        static final Layer ALL = new Layer(LayerKind.ALL, null);
        static final Layer UNKNOWN = new Layer(LayerKind.UNKNOWN, null);
    }

    /** One NSG's rules in one direction and view, with their boxes. */
    private static final class RuleList {
        final List<CompiledRule> rules;
        final BoxSet[] match;
        final boolean tied;
        final boolean uncertain;

        RuleList(List<CompiledRule> rules, BoxSpace boxes) {
            this.rules = rules;
            this.match = new BoxSet[rules.size()];
            boolean tie = false;
            for (int i = 0; i < rules.size(); i++) {
                match[i] = boxes.matches(rules.get(i));
                // The list is in priority order: rules of one priority are next to each other.
                for (int k = i + 1; k < rules.size() && rules.get(k).priority() == rules.get(i).priority(); k++) {
                    if (rules.get(k).access() != rules.get(i).access()) {
                        tie = true;
                    }
                }
            }
            this.tied = tie;
            this.uncertain = rules.stream().anyMatch(r -> !r.certain());
        }
    }

    private record ListKey(String nsg, Direction direction, String vnet) {
    }

    private final FlowEvaluator evaluator;
    private final BoxSpace boxes;
    private final int known;
    /** Shared by the workers ({@link #worker}); filled on the calling thread only. */
    private final Map<ListKey, RuleList> lists;
    private final Map<Place, Intervals[]> addresses = new IdentityHashMap<>();
    private final Map<Remote, Intervals[]> remoteAddresses = new IdentityHashMap<>();
    private final PlaceViews views;
    /** Kept per list of remotes (by identity), shared by the workers: {@link #exactGroups}, {@link #hull}, projections. */
    private final Shared shared;
    /** The remotes of each place per other side (by identity), kept by this instance. */
    private final Map<Place, Map<List<Place>, List<Remote>>> remotes = new IdentityHashMap<>();
    /** {@link #relevant} within one question, per place, list, direction (cleared per question). */
    private final Map<Place, Map<RuleList, int[][]>> relevantNow = new IdentityHashMap<>();

    /** What the workers share besides the rule lists: functions of a list of remotes, kept per list. */
    private record Shared(Map<Same, List<Group>> exactGroups, Map<Same, Intervals[]> hulls,
                          Map<Same, Map<BitSet, List<Group>>> projectedGroups) {
        Shared() {
            this(new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>(),
                    new java.util.concurrent.ConcurrentHashMap<>());
        }
    }
    private final Map<Place, BitSet> outboundAsgs = new IdentityHashMap<>();
    private final Map<Place, BitSet> inboundAsgs = new IdentityHashMap<>();
    private final Map<Place, Map<RuleList, int[]>> localRules = new IdentityHashMap<>();
    private final Map<Place, Membership> memberships = new IdentityHashMap<>();
    private final Map<Place, List<Layer>> outboundLayers = new IdentityHashMap<>();
    private final Map<Place, List<Layer>> inboundLayers = new IdentityHashMap<>();
    /** First match with bounds and D7, the same code the BDD engine runs. */
    private final FirstMatch<BoxSet> firstMatch;

    BoxPolicies(FlowEvaluator evaluator, BoxSpace boxes, PlaceViews views) {
        this(evaluator, boxes, views, new java.util.concurrent.ConcurrentHashMap<>(), new Shared());
    }

    private BoxPolicies(FlowEvaluator evaluator, BoxSpace boxes, PlaceViews views, Map<ListKey, RuleList> lists,
                        Shared shared) {
        this.evaluator = evaluator;
        this.views = views;
        this.lists = lists;
        this.shared = shared;
        this.boxes = boxes;
        this.known = boxes.knownAsgs();
        this.firstMatch = new FirstMatch<>(new BoxAlgebra(boxes));
    }

    /**
     * An instance for another thread: its own caches over the same rule lists. It decides only policies this
     * instance {@link #covers covered}, so it never compiles an NSG.
     */
    BoxPolicies worker() {
        return new BoxPolicies(evaluator, boxes, views, lists, shared);
    }

    // ---- coverage -------------------------------------------------------------------------------------------

    /** Whether the boxes decide a policy between these places (see the class comment). */
    boolean covers(List<Place> from, List<Place> to) {
        return covers(from, Direction.OUTBOUND) && covers(to, Direction.INBOUND) && seenKnown(from, to)
                && seenKnown(to, from);
    }

    /** Whether every place of {@code local} sees the other side with a known membership. */
    private boolean seenKnown(List<Place> local, List<Place> others) {
        for (Place p : local) {
            if (!views.known(remotes(p, others))) {
                return false;
            }
        }
        return true;
    }

    private boolean covers(List<Place> places, Direction direction) {
        for (Place p : places) {
            if (p.maybe() || p.membership() == null) {
                return false;
            }
            for (Layer l : layers(p, direction)) {
                if (l.kind() == LayerKind.LIST && l.list().tied) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The other side as the place's rules see it ({@link PlaceViews#remotes}), kept. */
    private List<Remote> remotes(Place p, List<Place> others) {
        return remotes.computeIfAbsent(p, k -> new IdentityHashMap<>()).computeIfAbsent(others, k -> views.remotes(p, others));
    }

    /** Whether some packet goes from a source place to a destination place with the traffic (Q0 is not empty). */
    boolean meets(List<Place> from, List<Place> to, Traffic traffic) {
        if (traffic.isEmpty()) {
            return false;
        }
        return views.meet(from, to);
    }

    // ---- the two questions ----------------------------------------------------------------------------------

    /** expect: allow. A packet fails it when a layer of its source or destination place denies it. */
    Found expectAllow(List<Place> from, List<Place> to, Traffic traffic) {
        relevantNow.clear();
        for (Bound bound : bounds(from, to, Bound.HIGH, Bound.LOW)) {
            Smallest smallest = new Smallest();
            for (Place p : from) {
                List<Remote> others = remotes(p, to);
                List<PacketBox> denied = new ArrayList<>();
                allowed(p, Direction.OUTBOUND, policyPackets(p, others, traffic, true), others, traffic, bound, denied);
                smallest.offer(denied, exactGroups(others), true);
            }
            for (Place p : to) {
                List<Remote> others = remotes(p, from);
                List<PacketBox> denied = new ArrayList<>();
                allowed(p, Direction.INBOUND, policyPackets(p, others, traffic, false), others, traffic, bound, denied);
                smallest.offer(denied, exactGroups(others), false);
            }
            if (smallest.best != null) {
                HeaderWitness w = smallest.witness();
                return bound == Bound.HIGH ? new Found(w, null) : new Found(null, w);
            }
        }
        return new Found(null, null);
    }

    /** expect: deny. A packet fails it when the layers of both its places allow it. */
    Found expectDeny(List<Place> from, List<Place> to, Traffic traffic) {
        relevantNow.clear();
        for (Bound bound : bounds(from, to, Bound.LOW, Bound.HIGH)) {
            // The source side first; what it lets through is handed to each destination place it reaches, as that
            // place's rules see the source (keyed by the source's own membership when they see another one).
            Map<Place, Map<Membership, List<PacketBox>>> atDestination = new IdentityHashMap<>();
            for (Place s : from) {
                List<Remote> others = remotes(s, to);
                for (PacketBox x : allowed(s, Direction.OUTBOUND, policyPackets(s, others, traffic, true), others, traffic, bound, null)) {
                    // x's destination membership is as the source's rules see it: find the places it stands for.
                    for (Group g : exactGroups(others)) {
                        if (!x.destinationAsgs().contains(g.bits())
                                || !x.destinationAddresses().intersects(g.addresses(x.family()))) {
                            continue;
                        }
                        for (Remote r : g.remotes()) {
                            Intervals dst = x.destinationAddresses().intersect(addresses(r, x.family()));
                            if (!dst.isEmpty()) {
                                handOver(s, x, dst, r.place(), from, atDestination);
                            }
                        }
                    }
                }
            }
            Smallest smallest = new Smallest();
            for (Place d : to) {
                Map<Membership, List<PacketBox>> in = atDestination.get(d);
                if (in == null) {
                    continue;
                }
                List<Remote> others = remotes(d, from);
                for (Map.Entry<Membership, List<PacketBox>> e : in.entrySet()) {
                    List<PacketBox> allowed = allowed(d, Direction.INBOUND, e.getValue(), others, traffic, bound, null);
                    smallest.offer(e.getKey() == null ? allowed : withSource(allowed, e.getKey()), null, false);
                }
            }
            if (smallest.best != null) {
                HeaderWitness w = smallest.witness();
                return bound == Bound.LOW ? new Found(w, null) : new Found(null, w);
            }
        }
        return new Found(null, null);
    }

    /**
     * Hands the packets of {@code x} to {@code dst} (of place {@code d}) over to d: with d's own membership, and
     * the source as d's rules see it (by the source's own membership, or null when they see that one).
     */
    private void handOver(Place s, PacketBox x, Intervals dst, Place d, List<Place> from,
                          Map<Place, Map<Membership, List<PacketBox>>> atDestination) {
        Membership dstMembership = membership(d);
        for (Remote seen : views.standingFor(remotes(d, from), s)) {
            boolean itself = seen.seenAsItself();
            Intervals src = seen.addresses() == s.addresses() ? x.sourceAddresses()
                    : x.sourceAddresses().intersect(addresses(seen, x.family()));
            if (src.isEmpty()) {
                continue;
            }
            atDestination.computeIfAbsent(d, k -> new LinkedHashMap<>())
                    .computeIfAbsent(itself ? null : membership(s), k -> new ArrayList<>())
                    .add(new PacketBox(x.family(), x.protocols(), src, x.sourcePorts(), dst, x.destinationPorts(),
                            itself ? x.sourceAsgs() : exactly(seen.membership()), dstMembership));
        }
    }

    /** The boxes with the source's own membership (its rules saw another one). */
    private static List<PacketBox> withSource(List<PacketBox> boxes, Membership source) {
        List<PacketBox> out = new ArrayList<>(boxes.size());
        for (PacketBox b : boxes) {
            out.add(new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(), b.destinationAddresses(),
                    b.destinationPorts(), source, b.destinationAsgs()));
        }
        return out;
    }

    private Membership exactly(Set<String> membership) {
        return Membership.exactly(boxes.asgBits(membership), known);
    }

    /** Both bounds in this order, or only the first when nothing on the way is uncertain (the two are equal). */
    private Bound[] bounds(List<Place> from, List<Place> to, Bound first, Bound second) {
        return certain(from, Direction.OUTBOUND) && certain(to, Direction.INBOUND) ? new Bound[] {first}
                : new Bound[] {first, second};
    }

    private boolean certain(List<Place> places, Direction direction) {
        for (Place p : places) {
            for (Layer l : layers(p, direction)) {
                if (l.kind() == LayerKind.UNKNOWN || (l.kind() == LayerKind.LIST && l.list().uncertain)) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- the packets of a policy at a place -------------------------------------------------------------------

    /**
     * Places of one side with the same membership (or, projected, the same membership among some ASGs): their
     * addresses merged per family, and the places.
     */
    private record Group(BitSet bits, Membership membership, AddressSet all, Intervals v4, Intervals v6,
                         List<Remote> remotes, boolean itself) {
        /** {@code itself}: whether the rules see each of the group's places with the place's own membership. */
        Group(BitSet bits, Membership membership, AddressSet all, List<Remote> remotes) {
            this(bits, membership, all, Intervals.of(all, IpFamily.V4), Intervals.of(all, IpFamily.V6), List.copyOf(remotes),
                    remotes.stream().allMatch(Remote::seenAsItself));
        }

        Intervals addresses(IpFamily f) {
            return f == IpFamily.V4 ? v4 : v6;
        }
    }

    /**
     * The other side's places as a place's rules see them, grouped by the membership the rules see, in the witness's
     * membership order; kept per list.
     */
    private List<Group> exactGroups(List<Remote> places) {
        return shared.exactGroups().computeIfAbsent(new Same(places), k -> {
            Map<BitSet, List<Remote>> byMembership = new LinkedHashMap<>();
            for (Remote o : places) {
                byMembership.computeIfAbsent(boxes.asgBits(o.membership()), m -> new ArrayList<>()).add(o);
            }
            List<Group> out = new ArrayList<>();
            for (Map.Entry<BitSet, List<Remote>> e : byMembership.entrySet()) {
                AddressSet union = union(e.getValue().stream().map(Remote::addresses).toList());
                out.add(new Group(e.getKey(), Membership.exactly(e.getKey(), known), union, e.getValue()));
            }
            out.sort((x, y) -> compareMembership(x.bits(), y.bits()));
            return out;
        });
    }

    /**
     * A side's places as rules that name only the ASGs {@code among} see them: grouped by their membership among
     * those ASGs. Fewer groups than exact ones make fewer boxes to cut; kept per list and ASGs.
     */
    private List<Group> projectedGroups(List<Remote> places, BitSet among) {
        return shared.projectedGroups().computeIfAbsent(new Same(places), k -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(among, k -> {
            Map<BitSet, List<Group>> byPattern = new LinkedHashMap<>();
            for (Group g : exactGroups(places)) {
                BitSet pattern = (BitSet) g.bits().clone();
                pattern.and(among);
                byPattern.computeIfAbsent(pattern, m -> new ArrayList<>()).add(g);
            }
            List<Group> out = new ArrayList<>();
            for (Map.Entry<BitSet, List<Group>> e : byPattern.entrySet()) {
                List<Remote> members = new ArrayList<>();
                for (Group g : e.getValue()) {
                    members.addAll(g.remotes());
                }
                AddressSet union = union(e.getValue().stream().map(Group::all).toList());
                out.add(new Group(e.getKey(), Membership.exactlyAmong(e.getKey(), among), union, members));
            }
            return out;
        });
    }

    /** The union of many sets at once (one sort, not one merge per set). */
    private static AddressSet union(List<AddressSet> sets) {
        List<dev.nsgaudit.net.IpRange> ranges = new ArrayList<>();
        for (AddressSet a : sets) {
            ranges.addAll(a.ranges());
        }
        return AddressSet.ofRanges(ranges);
    }

    /** All addresses of a side's places, per family (V4, V6); kept per list. */
    private Intervals[] hull(List<Remote> places) {
        return shared.hulls().computeIfAbsent(new Same(places), k -> {
            AddressSet all = union(exactGroups(places).stream().map(Group::all).toList());
            return new Intervals[] {Intervals.of(all, IpFamily.V4), Intervals.of(all, IpFamily.V6)};
        });
    }

    /** The ASGs the remote side of the place's rules (those that can match its local end) names. */
    private BitSet remoteAsgs(Place p, Direction direction) {
        return (direction == Direction.OUTBOUND ? outboundAsgs : inboundAsgs).computeIfAbsent(p, k -> {
            BitSet out = new BitSet();
            for (Layer l : layers(p, direction)) {
                if (l.kind() == LayerKind.LIST) {
                    for (int i : local(p, direction, l.list())) {
                        CompiledRule r = l.list().rules.get(i);
                        out.or(boxes.asgBits(direction == Direction.OUTBOUND ? r.destinationAsgs() : r.sourceAsgs()));
                    }
                }
            }
            return out;
        });
    }

    /**
     * The policy's packets whose local end is {@code p}: its addresses and membership, the other side's places
     * (grouped by their membership among the ASGs the place's rules name, their addresses merged) and the traffic.
     */
    private List<PacketBox> policyPackets(Place p, List<Remote> others, Traffic t, boolean outbound) {
        Membership mine = membership(p);
        List<Group> groups = projectedGroups(others, remoteAsgs(p, outbound ? Direction.OUTBOUND : Direction.INBOUND));
        List<PacketBox> out = new ArrayList<>();
        for (IpFamily f : IpFamily.values()) {
            Intervals local = addresses(p, f);
            if (local.isEmpty()) {
                continue;
            }
            for (Group g : groups) {
                Intervals remote = g.addresses(f);
                if (remote.isEmpty()) {
                    continue;
                }
                out.add(outbound
                        ? new PacketBox(f, t.protocols(), local, t.sourcePorts(), remote, t.destinationPorts(), mine, g.membership())
                        : new PacketBox(f, t.protocols(), remote, t.sourcePorts(), local, t.destinationPorts(), g.membership(), mine));
            }
        }
        return out;
    }

    private Membership membership(Place p) {
        return memberships.computeIfAbsent(p, k -> Membership.exactly(boxes.asgBits(k.membership()), known));
    }

    private Intervals addresses(Remote r, IpFamily f) {
        if (r.addresses() == r.place().addresses()) {
            return addresses(r.place(), f);
        }
        return remoteAddresses.computeIfAbsent(r, k -> new Intervals[] {Intervals.of(k.addresses(), IpFamily.V4),
                Intervals.of(k.addresses(), IpFamily.V6)})[f == IpFamily.V4 ? 0 : 1];
    }

    private Intervals addresses(Place p, IpFamily f) {
        return addresses.computeIfAbsent(p, k -> new Intervals[] {Intervals.of(k.addresses(), IpFamily.V4),
                Intervals.of(k.addresses(), IpFamily.V6)})[f == IpFamily.V4 ? 0 : 1];
    }

    // ---- layers ---------------------------------------------------------------------------------------------

    /** The place's layers (subnet NSG, then NIC NSG; the order does not matter for sets), as PolicyChecker reads them. */
    private List<Layer> layers(Place p, Direction direction) {
        return (direction == Direction.OUTBOUND ? outboundLayers : inboundLayers)
                .computeIfAbsent(p, k -> layersOf(k, direction));
    }

    private List<Layer> layersOf(Place p, Direction direction) {
        if (p.kind() == Place.Kind.EXTERNAL) {
            return List.of();
        }
        if (p.subnet() == null) {
            return List.of(Layer.UNKNOWN);
        }
        VirtualNetwork vnet = p.subnet().virtualNetwork();
        Layer subnet = layer(p.subnet().subnet().networkSecurityGroup(),
                p.subnet().subnet().isUnresolved("networkSecurityGroup"), direction, vnet);
        if (p.kind() == Place.Kind.SUBNET_HOSTS) {
            return List.of(subnet);
        }
        return List.of(subnet, layer(p.nic().networkSecurityGroup(), p.nic().isUnresolved("networkSecurityGroup"),
                direction, vnet));
    }

    private Layer layer(String nsg, boolean unresolved, Direction direction, VirtualNetwork vnet) {
        if (unresolved || (nsg != null && evaluator.topology().networkSecurityGroup(nsg).isEmpty())) {
            return Layer.UNKNOWN;
        }
        if (nsg == null) {
            return Layer.ALL;
        }
        ListKey key = new ListKey(Topology.key(nsg), direction, vnet == null ? "" : Topology.key(vnet.name()));
        RuleList list = lists.computeIfAbsent(key, k -> new RuleList(evaluator.compiled(nsg, evaluator.view(vnet)).rules(direction), boxes));
        return new Layer(LayerKind.LIST, list);
    }

    /**
     * The packets of {@code in} (local end at {@code p}, remote end among {@code others}) that every layer of the
     * place allows (within the bound); the others are added to {@code denied} when it is not null.
     */
    private List<PacketBox> allowed(Place p, Direction direction, List<PacketBox> in, List<Remote> others,
                                    Traffic traffic, Bound bound, List<PacketBox> denied) {
        List<PacketBox> current = in;
        for (Layer l : layers(p, direction)) {
            if (current.isEmpty()) {
                break;
            }
            switch (l.kind()) {
                case ALL -> {
                }
                case UNKNOWN -> {
                    if (bound == Bound.LOW) {
                        if (denied != null) {
                            denied.addAll(current);
                        }
                        current = List.of();
                    }
                }
                case LIST -> {
                    RuleList list = l.list();
                    int[][] known = relevantNow.computeIfAbsent(p, k -> new IdentityHashMap<>())
                            .computeIfAbsent(list, k -> new int[2][]);
                    int at = direction == Direction.OUTBOUND ? 0 : 1;
                    if (known[at] == null) {
                        known[at] = relevant(p, direction, list, traffic, hull(others));
                    }
                    BoxSet out = firstMatch.allowed(list.rules, i -> list.match[i], known[at], BoxSet.owning(current),
                            bound, direction, denied == null ? null : part -> denied.addAll(part.boxes()));
                    current = out.boxes();
                }
            }
        }
        return current;
    }

    /** The rules of the list that can match a packet whose local end is the place, in list order; kept. */
    private int[] local(Place p, Direction direction, RuleList list) {
        return localRules.computeIfAbsent(p, k -> new IdentityHashMap<>()).computeIfAbsent(list, k -> {
            List<PacketBox> region = new ArrayList<>();
            Membership mine = membership(p);
            for (IpFamily f : IpFamily.values()) {
                Intervals local = addresses(p, f);
                Intervals any = Intervals.all(f);
                if (!local.isEmpty()) {
                    region.add(direction == Direction.OUTBOUND
                            ? new PacketBox(f, Protocol.ALL_MASK, local, Intervals.ALL_PORTS, any, Intervals.ALL_PORTS, mine, Membership.ANY)
                            : new PacketBox(f, Protocol.ALL_MASK, any, Intervals.ALL_PORTS, local, Intervals.ALL_PORTS, Membership.ANY, mine));
                }
            }
            int[] kept = new int[list.rules.size()];
            int n = 0;
            for (int i = 0; i < kept.length; i++) {
                if (meetsAny(list.match[i].boxes(), region)) {
                    kept[n++] = i;
                }
            }
            return java.util.Arrays.copyOf(kept, n);
        });
    }

    /**
     * The rules of {@link #local} that can match the policy's traffic with a remote end among {@code remote} (the
     * other side's addresses per family).
     */
    private int[] relevant(Place p, Direction direction, RuleList list, Traffic t, Intervals[] remote) {
        int[] local = local(p, direction, list);
        int[] kept = new int[local.length];
        int n = 0;
        boolean outbound = direction == Direction.OUTBOUND;
        for (int i : local) {
            for (PacketBox b : list.match[i].boxes()) {
                if ((b.protocols() & t.protocols()) != 0 && b.destinationPorts().intersects(t.destinationPorts())
                        && b.sourcePorts().intersects(t.sourcePorts())
                        && (outbound ? b.destinationAddresses() : b.sourceAddresses())
                        .intersects(remote[b.family() == IpFamily.V4 ? 0 : 1])) {
                    kept[n++] = i;
                    break;
                }
            }
        }
        return java.util.Arrays.copyOf(kept, n);
    }

    private static boolean meetsAny(List<PacketBox> a, List<PacketBox> b) {
        for (PacketBox x : a) {
            if (meetsAny(x, b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean meetsAny(PacketBox b, List<PacketBox> set) {
        for (PacketBox m : set) {
            if (b.intersects(m)) {
                return true;
            }
        }
        return false;
    }

    // ---- the witness ----------------------------------------------------------------------------------------

    /**
     * The smallest packet over boxes whose memberships are exact: per box, the smallest value of each field; boxes
     * compared field by field in the witness order (protocol, family, destination ASGs, source ASGs, destination
     * address and port, source address and port; no ASG before an ASG, the first known ASG first).
     */
    private final class Smallest {
        long[] best;
        BitSet bestDst;
        BitSet bestSrc;
        /** Every packet offered, with exact memberships: the failing set the realistic witness is chosen from. */
        final List<PacketBox> offered = new ArrayList<>();

        /**
         * Offers every packet of the boxes. When {@code remote} is not null, the boxes' remote memberships (the
         * destination's when {@code outbound}) are as the place's rules see them: each box stands for the packets
         * of those groups it meets, and its smallest is in the first such group in membership order.
         */
        void offer(List<PacketBox> set, List<Group> remote, boolean outbound) {
            for (PacketBox b : set) {
                if (remote == null) {
                    offered.add(b);
                    offer(b);
                    continue;
                }
                Membership m = outbound ? b.destinationAsgs() : b.sourceAsgs();
                Intervals a = outbound ? b.destinationAddresses() : b.sourceAddresses();
                boolean firstDone = false;
                for (Group g : remote) {
                    if (!m.contains(g.bits())) {
                        continue;
                    }
                    if (g.itself()) {
                        // Groups are in membership order, which comes before the addresses: the first one that
                        // holds a packet holds the box's smallest among such groups (the others are only kept).
                        Intervals in = a.intersect(g.addresses(b.family()));
                        if (!in.isEmpty()) {
                            PacketBox at = remoteAt(b, in, g.membership(), outbound);
                            offered.add(at);
                            if (!firstDone) {
                                firstDone = offer(at);
                            }
                        }
                        continue;
                    }
                    // Rules that saw whoever holds the address: the packet is reported with the place's own membership.
                    for (Remote r : g.remotes()) {
                        Intervals in = a.intersect(addresses(r, b.family()));
                        if (!in.isEmpty()) {
                            PacketBox at = remoteAt(b, in, membership(r.place()), outbound);
                            offered.add(at);
                            offer(at);
                        }
                    }
                }
            }
        }

        private static PacketBox remoteAt(PacketBox b, Intervals in, Membership m, boolean outbound) {
            return outbound ? new PacketBox(b.family(), b.protocols(), b.sourceAddresses(), b.sourcePorts(),
                    in, b.destinationPorts(), b.sourceAsgs(), m)
                    : new PacketBox(b.family(), b.protocols(), in, b.sourcePorts(), b.destinationAddresses(),
                    b.destinationPorts(), m, b.destinationAsgs());
        }

        /**
         * Offers the packets of one box whose memberships are exact, but a host's traffic to its own address (the
         * same source and destination address, SPEC section 4); whether the box has another packet.
         */
        private boolean offer(PacketBox b) {
            if (b.isEmpty()) {
                return false;
            }
            Intervals dsts = b.destinationAddresses();
            Intervals srcs = b.sourceAddresses();
            long dstHigh = dsts.firstHigh();
            long dstLow = dsts.firstLow();
            long srcHigh = srcs.firstHigh();
            long srcLow = srcs.firstLow();
            if (dstHigh == srcHigh && dstLow == srcLow) {
                Intervals self = point(b.family(), dstHigh, dstLow);
                Intervals otherSources = srcs.minus(self);
                if (!otherSources.isEmpty()) {
                    srcHigh = otherSources.firstHigh();
                    srcLow = otherSources.firstLow();
                } else {
                    Intervals otherDestinations = dsts.minus(self);
                    if (otherDestinations.isEmpty()) {
                        return false;
                    }
                    dstHigh = otherDestinations.firstHigh();
                    dstLow = otherDestinations.firstLow();
                }
            }
            BitSet dst = b.destinationAsgs().fewestMember();
            BitSet src = b.sourceAsgs().fewestMember();
            long[] key = {Integer.numberOfTrailingZeros(b.protocols()), b.family() == IpFamily.V4 ? 0 : 1,
                    dstHigh, dstLow, b.destinationPorts().firstLow(), srcHigh, srcLow, b.sourcePorts().firstLow()};
            if (best == null || compare(key, dst, src) < 0) {
                best = key;
                bestDst = dst;
                bestSrc = src;
            }
            return true;
        }

        private static Intervals point(IpFamily family, long high, long low) {
            IpAddress a = family == IpFamily.V4 ? IpAddress.v4(low) : IpAddress.v6(high, low);
            return Intervals.of(AddressSet.ofRanges(List.of(new dev.nsgaudit.net.IpRange(a, a))), family);
        }

        private int compare(long[] key, BitSet dst, BitSet src) {
            for (int i = 0; i < 2; i++) {
                if (key[i] != best[i]) {
                    return Long.compare(key[i], best[i]);
                }
            }
            int c = compareMembership(dst, bestDst);
            if (c != 0) {
                return c;
            }
            c = compareMembership(src, bestSrc);
            if (c != 0) {
                return c;
            }
            for (int i = 2; i < key.length; i++) {
                if (key[i] != best[i]) {
                    return Long.compareUnsigned(key[i], best[i]);
                }
            }
            return 0;
        }

        /**
         * The witness: the realistic packet of the failing set ({@link dev.nsgaudit.analyze.space.SetAlgebra#realisticOther},
         * the choice the BDD path makes on the same set), whose smallest packet is the one found here.
         */
        HeaderWitness witness() {
            HeaderWitness realistic = new BoxAlgebra(boxes).realisticOther(BoxSet.owning(offered));
            return realistic != null ? realistic : smallestWitness();
        }

        /** The smallest packet offered. */
        HeaderWitness smallestWitness() {
            Protocol p = Protocol.values()[(int) best[0]];
            boolean v4 = best[1] == 0;
            IpAddress dst = v4 ? IpAddress.v4(best[3]) : IpAddress.v6(best[2], best[3]);
            IpAddress src = v4 ? IpAddress.v4(best[6]) : IpAddress.v6(best[5], best[6]);
            return new HeaderWitness(p, src, p.hasPorts() ? (int) best[7] : -1, names(bestSrc), dst,
                    p.hasPorts() ? (int) best[4] : -1, names(bestDst));
        }
    }

    /** Memberships as the BDD witness orders them: at the first ASG where they differ, the one outside is smaller. */
    private static int compareMembership(BitSet a, BitSet b) {
        BitSet x = (BitSet) a.clone();
        x.xor(b);
        int i = x.nextSetBit(0);
        return i < 0 ? 0 : a.get(i) ? 1 : -1;
    }

    private List<String> names(BitSet asgs) {
        List<String> all = boxes.asgNames();
        List<String> out = new ArrayList<>();
        for (int i = asgs.nextSetBit(0); i >= 0; i = asgs.nextSetBit(i + 1)) {
            out.add(all.get(i));
        }
        return out;
    }
}
