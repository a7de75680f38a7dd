package dev.nsgaudit.analyze.policies;

import dev.nsgaudit.analyze.AdminPlaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.policies.PlaceViews.Remote;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.FirstMatch.Bound;
import dev.nsgaudit.analyze.space.SetAlgebra;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.Intervals;
import dev.nsgaudit.analyze.space.Membership;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PlatformService;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A place's layers for the {@link PolicyQuestion} on box lists ({@link PacketBox}): the question's packets at a place
 * are cut by the place's rules in order ({@link FirstMatch}), and only what the policy asks about is ever split. The
 * BDDs hold every packet of a place's layers at once, which is what made a matrix of policies slow.
 *
 * <p>The packets a place is asked about are few boxes: the other side's places grouped by their membership among the
 * ASGs the place's rules name (their addresses merged), and only the rules that can match the place's end and the
 * policy's traffic are tried.
 *
 * <p>Covers places of known ASG membership that surely belong to their endpoint, seeing the other side with known
 * memberships, behind NSGs without two rules of one priority and different access ({@link #covers});
 * {@link PolicyChecker} decides the rest with BDDs ({@link BddPlaceLayers}).
 */
final class BoxPlaceLayers implements PolicyQuestion.PlaceLayers<BoxSet> {

    private static final int PORTFUL = Protocol.TCP.mask() | Protocol.UDP.mask();

    /** The protocols and ports of a policy; portless protocols only when every port is asked about (D6). */
    private record Traffic(int protocols, Intervals destinationPorts, Intervals sourcePorts) {
        static Traffic of(int mask, PortSet destination, PortSet source) {
            boolean fullPorts = destination.isAll() && source.isAll();
            return new Traffic(fullPorts ? mask : mask & PORTFUL, Intervals.of(destination), Intervals.of(source));
        }
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
    /** Kept per list of remotes, per place and per place and rule list (by identity), shared by the workers. */
    private final Shared shared;
    /** The remotes of each place per other side (by identity), for {@link #covers} on the calling thread. */
    private final Map<Place, Map<List<Place>, List<Remote>>> remotes = new IdentityHashMap<>();
    /** {@link #relevant} within one question, per place, list, direction (cleared per question). */
    private final Map<Place, Map<RuleList, int[][]>> relevantNow = new IdentityHashMap<>();
    /**
     * Per traffic (policies of a matrix share a few protocol and port sets) and rule list, whether each rule has some
     * of the traffic's protocols and ports (0 not asked yet, 1 yes, 2 no); dropped when it holds too many traffics.
     */
    private final Map<Traffic, Map<RuleList, byte[]>> carriesByTraffic = new java.util.HashMap<>();
    private static final int TRAFFICS_KEPT = 256;
    /** {@link #carriesByTraffic} of the current question's traffic. */
    private Map<RuleList, byte[]> carriesNow;
    /**
     * Within one question, per rule list, direction and remote side (by identity: the places whose rules see the
     * other side whole share one), whether each rule meets the traffic and reaches the remote side: the places behind
     * one NSG ask each rule once.
     */
    private final Map<RemoteSide, byte[]> reachesNow = new java.util.HashMap<>();

    /** A rule list read in one direction towards a remote side (the hull's array, by identity). */
    private record RemoteSide(RuleList list, boolean outbound, Intervals[] remote) {
    }

    /** What the workers share besides the rule lists: functions of a list of remotes, kept per list. */
    private record Shared(Map<Same, List<Group>> exactGroups, Map<Same, Intervals[]> hulls,
                          Map<Same, Map<BitSet, List<Group>>> projectedGroups,
                          Map<Same, Map<BitSet, List<Group>>> partitions, Map<ByIdentity, BitSet> remoteAsgs,
                          Map<ByIdentity, int[]> localRules) {
        Shared() {
            this(new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>(),
                    new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>(),
                    new java.util.concurrent.ConcurrentHashMap<>(), new java.util.concurrent.ConcurrentHashMap<>());
        }
    }

    /** {@link #remoteAsgs} and {@link #local} of this instance's thread, in front of the shared ones (cheaper to ask). */
    private final Map<Place, BitSet> outboundAsgs = new IdentityHashMap<>();
    private final Map<Place, BitSet> inboundAsgs = new IdentityHashMap<>();
    private final Map<Place, Map<RuleList, int[]>> localRules = new IdentityHashMap<>();

    /**
     * Two objects compared by identity: the key of the shared {@link #remoteAsgs} (a place and a direction) and
     * {@link #local} (a place and a rule list).
     */
    private record ByIdentity(Object first, Object second) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByIdentity k && k.first == first && k.second == second;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(first) * 31 + System.identityHashCode(second);
        }
    }

    private final Map<Place, Membership> memberships = new IdentityHashMap<>();
    private final Map<Place, List<Layer>> outboundLayers = new IdentityHashMap<>();
    private final Map<Place, List<Layer>> inboundLayers = new IdentityHashMap<>();
    /** First match with bounds and D7, the same code the BDD engine runs. */
    private final FirstMatch<BoxSet> firstMatch;
    private final BoxAlgebra algebra;
    /** The admin layer in front of a place's NSGs, composed as the BDD engine composes it. */
    private final AdminPlaces admin;
    private final AdminSets<BoxSet> adminSets;
    /** The traffic of the current question. */
    private Traffic traffic;

    BoxPlaceLayers(FlowEvaluator evaluator, BoxSpace boxes, PlaceViews views, AdminPlaces admin) {
        this(evaluator, boxes, views, new java.util.concurrent.ConcurrentHashMap<>(), new Shared(), admin);
    }

    private BoxPlaceLayers(FlowEvaluator evaluator, BoxSpace boxes, PlaceViews views, Map<ListKey, RuleList> lists,
                        Shared shared, AdminPlaces admin) {
        this.admin = admin;
        this.evaluator = evaluator;
        this.views = views;
        this.lists = lists;
        this.shared = shared;
        this.boxes = boxes;
        this.known = boxes.knownAsgs();
        this.algebra = new BoxAlgebra(boxes);
        this.firstMatch = new FirstMatch<>(algebra);
        this.adminSets = new AdminSets<>(firstMatch);
    }

    /**
     * An instance for another thread: its own caches over the same rule lists. It decides only policies this
     * instance {@link #covers covered}, so it never compiles an NSG.
     */
    BoxPlaceLayers worker() {
        return new BoxPlaceLayers(evaluator, boxes, views, lists, shared, admin);
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

    /** The other side as the place's rules see it ({@link PlaceViews#remotes}), kept per list by identity. */
    private List<Remote> remotes(Place p, List<Place> others) {
        return remotes.computeIfAbsent(p, k -> new IdentityHashMap<>()).computeIfAbsent(others, k -> views.remotes(p, k));
    }

    private boolean covers(List<Place> places, Direction direction) {
        for (Place p : places) {
            if (p.maybe() || p.membership() == null || AdminSets.tied(admin.of(p), direction)) {
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

    // ---- the engine's part of the question ------------------------------------------------------------------

    @Override
    public SetAlgebra<BoxSet> algebra() {
        return algebra;
    }

    @Override
    public void begin(PolicyQuestion.Traffic t) {
        traffic = Traffic.of(t.mask(), t.destinationPorts(), t.sourcePorts());
        relevantNow.clear();
        reachesNow.clear();
        if (carriesByTraffic.size() >= TRAFFICS_KEPT && !carriesByTraffic.containsKey(traffic)) {
            carriesByTraffic.clear();
        }
        carriesNow = carriesByTraffic.computeIfAbsent(traffic, k -> new IdentityHashMap<>());
    }

    @Override
    public BoxSet packets(Place p, List<Remote> others, Direction direction) {
        return BoxSet.owning(policyPackets(p, others, traffic, direction == Direction.OUTBOUND));
    }

    @Override
    public BoxSet allowed(Place p, Direction direction, BoxSet in, List<Remote> others, Bound bound,
                          Consumer<BoxSet> denied) {
        var layer = admin.of(p);
        if (AdminSets.passesAll(layer, direction)) {
            return BoxSet.owning(allowed(p, direction, in.boxes(), others, traffic, bound, denied));
        }
        AdminSets.Parts<BoxSet> parts = adminSets.split(layer, direction, in, bound);
        if (denied != null && !parts.denied().isEmpty()) {
            denied.accept(parts.denied());
        }
        BoxSet throughNsgs = BoxSet.owning(allowed(p, direction, parts.toNsgs().boxes(), others, traffic, bound, denied));
        return algebra.union(parts.alwaysAllowed(), throughNsgs);
    }

    /** Nothing on the way is uncertain: no unknown NSG, no uncertain rule (the places are covered, so known). */
    @Override
    public boolean certain(List<Place> from, List<Place> to) {
        return certain(from, Direction.OUTBOUND) && certain(to, Direction.INBOUND);
    }

    private Membership exactly(Set<String> membership) {
        return Membership.exactly(boxes.asgBits(membership), known);
    }

    private boolean certain(List<Place> places, Direction direction) {
        for (Place p : places) {
            if (AdminSets.uncertain(admin.of(p), direction)) {
                return false;
            }
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
                         List<Remote> remotes) {
        Group(BitSet bits, Membership membership, AddressSet all, List<Remote> remotes) {
            this(bits, membership, all, Intervals.of(all, IpFamily.V4), Intervals.of(all, IpFamily.V6), List.copyOf(remotes));
        }

        Intervals addresses(IpFamily f) {
            return f == IpFamily.V4 ? v4 : v6;
        }
    }

    /**
     * The other side's places as a place's rules see them, grouped by the membership the rules see; kept per list.
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
            List<Group> out = new ArrayList<>();
            for (Group part : partition(places, among)) {
                out.add(new Group(part.bits(), Membership.exactlyAmong(part.bits(), among), part.all(), part.v4(),
                        part.v6(), part.remotes()));
            }
            return out;
        });
    }

    /**
     * The exact groups merged by their membership among {@code among}, addresses merged (the membership of each part
     * is left to the caller). Only the ASGs some place is in can tell places apart, so the parts are kept per list
     * and those ASGs: the places' sets of ASGs named by many rule lists share one merge.
     */
    private List<Group> partition(List<Remote> places, BitSet among) {
        List<Group> exact = exactGroups(places);
        BitSet splitting = new BitSet();
        for (Group g : exact) {
            splitting.or(g.bits());
        }
        splitting.and(among);
        return shared.partitions().computeIfAbsent(new Same(places), k -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(splitting, k -> {
            Map<BitSet, List<Group>> byPattern = new LinkedHashMap<>();
            for (Group g : exact) {
                BitSet pattern = (BitSet) g.bits().clone();
                pattern.and(splitting);
                byPattern.computeIfAbsent(pattern, m -> new ArrayList<>()).add(g);
            }
            List<Group> out = new ArrayList<>();
            for (Map.Entry<BitSet, List<Group>> e : byPattern.entrySet()) {
                List<Remote> members = new ArrayList<>();
                for (Group g : e.getValue()) {
                    members.addAll(g.remotes());
                }
                AddressSet union = union(e.getValue().stream().map(Group::all).toList());
                out.add(new Group(e.getKey(), null, union, members));
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
        Map<Place, BitSet> mine = direction == Direction.OUTBOUND ? outboundAsgs : inboundAsgs;
        BitSet known = mine.get(p);
        if (known == null) {
            known = sharedRemoteAsgs(p, direction);
            mine.put(p, known);
        }
        return known;
    }

    private BitSet sharedRemoteAsgs(Place p, Direction direction) {
        return shared.remoteAsgs().computeIfAbsent(new ByIdentity(p, direction), k -> {
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
                                    Traffic traffic, Bound bound, Consumer<BoxSet> denied) {
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
                            denied.accept(BoxSet.owning(current));
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
                            bound, direction, denied, true, toPlatform(others));
                    current = out.boxes();
                }
            }
        }
        return current;
    }

    /**
     * Whether a packet to one of {@code others} may go to a platform service (D7): the remote ends of a question's
     * packets are the other side's addresses, so when none of them is a service's, no split by service is needed.
     */
    private boolean toPlatform(List<Remote> others) {
        Intervals[] h = hull(others);
        return h[0].intersects(PLATFORM_V4) || h[1].intersects(PLATFORM_V6);
    }

    private static final Intervals PLATFORM_V4 = Intervals.of(PlatformService.destinations(), IpFamily.V4);
    private static final Intervals PLATFORM_V6 = Intervals.of(PlatformService.destinations(), IpFamily.V6);

    /** The rules of the list that can match a packet whose local end is the place, in list order; kept. */
    private int[] local(Place p, Direction direction, RuleList list) {
        Map<RuleList, int[]> mine = localRules.computeIfAbsent(p, k -> new IdentityHashMap<>());
        int[] known = mine.get(list);
        if (known == null) {
            known = sharedLocal(p, direction, list);
            mine.put(list, known);
        }
        return known;
    }

    private int[] sharedLocal(Place p, Direction direction, RuleList list) {
        return shared.localRules().computeIfAbsent(new ByIdentity(p, list), k -> {
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
        boolean outbound = direction == Direction.OUTBOUND;
        byte[] carries = carriesNow.computeIfAbsent(list, k -> new byte[list.rules.size()]);
        byte[] reaches = null;
        int[] kept = new int[local.length];
        int n = 0;
        for (int i : local) {
            if (carries[i] == 0) {
                carries[i] = carries(list.match[i], t) ? (byte) 1 : (byte) 2;
            }
            if (carries[i] == 2) {
                continue;
            }
            if (reaches == null) {
                reaches = reachesNow.computeIfAbsent(new RemoteSide(list, outbound, remote),
                        k -> new byte[list.rules.size()]);
            }
            if (reaches[i] == 0) {
                reaches[i] = meets(list.match[i], t, remote, outbound) ? (byte) 1 : (byte) 2;
            }
            if (reaches[i] == 1) {
                kept[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(kept, n);
    }

    /**
     * Whether a box of the rule's set has some of the traffic's protocols and ports: the remote side aside, the test of
     * {@link #meets}, so a rule failing it fails that too (the boxes of one rule share its protocols and ports, so this
     * rarely passes a rule that {@code meets} then refuses).
     */
    private static boolean carries(BoxSet match, Traffic t) {
        for (PacketBox b : match.boxes()) {
            if ((b.protocols() & t.protocols()) != 0 && b.destinationPorts().intersects(t.destinationPorts())
                    && b.sourcePorts().intersects(t.sourcePorts())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a box of the rule's set has the traffic's protocols and ports and a remote end among {@code remote}. */
    private static boolean meets(BoxSet match, Traffic t, Intervals[] remote, boolean outbound) {
        for (PacketBox b : match.boxes()) {
            if ((b.protocols() & t.protocols()) != 0 && b.destinationPorts().intersects(t.destinationPorts())
                    && b.sourcePorts().intersects(t.sourcePorts())
                    && (outbound ? b.destinationAddresses() : b.sourceAddresses())
                    .intersects(remote[b.family() == IpFamily.V4 ? 0 : 1])) {
                return true;
            }
        }
        return false;
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
}
