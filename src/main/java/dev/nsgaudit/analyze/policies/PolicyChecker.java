package dev.nsgaudit.analyze.policies;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.WitnessTracer;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.analyze.space.LayerAllow;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides flow policies exactly (SPEC section 4). The source endpoint's places are evaluated outbound, the
 * destination's inbound; a packet is allowed when both sides allow it. Where an endpoint stands for several
 * possible hosts at one address (a dynamic NIC and the subnet's other hosts, D8), {@code expect: allow} must
 * hold for every one of them and {@code expect: deny} for none of them may pass. Unresolved values give bounds;
 * an answer that depends on them is inconclusive. A VM's traffic to itself is no part of a policy, and each side's
 * rules see the other end as {@code verify} reads its address ({@link PlaceViews}).
 */
public final class PolicyChecker {

    private final Topology topology;
    private final HeaderSpace space;
    private final PlaceResolver resolver;
    private final LayerAllow layers;
    private final FlowEvaluator evaluator;
    private final WitnessTracer tracer;
    private final BoxPolicies boxes;
    private final PlaceViews seen;
    private final boolean onBoxes;
    private int decidedOnBoxes;
    /** The places of an endpoint seen from a view (endpoints recur in many policies). */
    private final Map<List<Object>, List<Place>> resolved = new HashMap<>();
    /** Per endpoint, the view the other side's tags are read from. */
    private final Map<String, NetworkView> views = new HashMap<>();
    /** Both layers of a place, per place and direction (places recur in many policies). */
    private final Map<PlaceKey, PlaceSets> placeSets = new HashMap<>();

    /** @param onBoxes whether policies the box lists cover are decided on them (the BDDs decide the rest) */
    public PolicyChecker(FlowEvaluator evaluator, HeaderSpace space, BoxSpace boxSpace, EndpointSpaces endpoints,
                         RuleSetLookup ruleSets, boolean onBoxes) {
        this.topology = evaluator.topology();
        this.space = space;
        this.resolver = new PlaceResolver(topology, endpoints, evaluator.serviceTags());
        this.layers = new LayerAllow(topology, space, ruleSets, false); // the place sets below are what is kept
        this.evaluator = evaluator;
        this.tracer = new WitnessTracer(evaluator);
        this.seen = new PlaceViews(topology, endpoints);
        this.boxes = new BoxPolicies(evaluator, boxSpace, seen);
        this.onBoxes = onBoxes;
    }

    /** How many policies were decided on box lists so far. */
    public int decidedOnBoxes() {
        return decidedOnBoxes;
    }

    /**
     * A place's layers within the place's own packets H (its addresses with its membership, D8): what they allow for
     * sure ({@code low}) and may allow ({@code high}).
     */
    private record PlaceSets(BDD low, BDD high) {
        void free() {
            low.free();
            high.free();
        }
    }

    /** Frees what the checker keeps between policies. */
    public void free() {
        for (PlaceSets b : placeSets.values()) {
            b.free();
        }
        placeSets.clear();
        layers.free();
    }

    public PolicyResult check(Policy policy) {
        return checkAll(List.of(policy)).get(0);
    }

    /**
     * The results of the policies, in their order. Policies the box lists cover are decided in parallel (each
     * worker with its own box caches over the shared rule lists, so nothing mutable is shared); the BDD path, the
     * evaluator that traces witnesses and everything else run on the calling thread.
     */
    public List<PolicyResult> checkAll(List<Policy> policies) {
        int n = policies.size();
        PolicyResult[] out = new PolicyResult[n];
        Job[] jobs = new Job[n];
        for (int i = 0; i < n; i++) {
            Object prepared = prepare(policies.get(i));
            if (prepared instanceof PolicyResult r) {
                out[i] = r;
            } else {
                jobs[i] = (Job) prepared;
            }
        }
        BoxPolicies.Found[] found = new BoxPolicies.Found[n];
        Map<Thread, BoxPolicies> workers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.stream.IntStream.range(0, n).parallel().filter(i -> jobs[i] != null && jobs[i].onBoxes())
                .forEach(i -> found[i] = jobs[i].decide(workers.computeIfAbsent(Thread.currentThread(),
                        t -> boxes.worker())));
        for (int i = 0; i < n; i++) {
            if (jobs[i] != null) {
                out[i] = jobs[i].onBoxes() ? answer(jobs[i].policy(), found[i], jobs[i].from(), jobs[i].to())
                        : onBdds(jobs[i]);
            }
        }
        return List.of(out);
    }

    /** A policy that resolved: its places and traffic, and whether the box lists decide it (else the BDDs). */
    private record Job(Policy policy, List<Place> from, List<Place> to, int mask, PortSet destinationPorts,
                          PortSet sourcePorts, boolean onBoxes) {
        BoxPolicies.Found decide(BoxPolicies boxes) {
            BoxPolicies.Traffic t = BoxPolicies.Traffic.of(mask, destinationPorts, sourcePorts);
            if (!boxes.meets(from, to, t)) {
                return null;
            }
            return policy.expect() == Policy.Expect.ALLOW ? boxes.expectAllow(from, to, t) : boxes.expectDeny(from, to, t);
        }
    }

    /** The result of a policy that cannot be evaluated, or the job that decides it. */
    private Object prepare(Policy policy) {
        List<Place> from;
        List<Place> to;
        try {
            // Tags on one side are seen from the other side's network (the first modeled place's).
            from = places(policy.from(), viewFrom(policy.to()));
            to = places(policy.to(), viewFrom(policy.from()));
        } catch (IllegalArgumentException e) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "cannot evaluate: " + e.getMessage(), null);
        }
        if (from.isEmpty() || to.isEmpty()) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "the " + (from.isEmpty() ? "source "
                    + policy.from() : "destination " + policy.to()) + " stands for no host in the input, so the"
                    + " policy says nothing", null);
        }
        Optional<Integer> mask = Protocol.ruleMask(policy.protocol());
        PortField.Parsed dstPorts = PortField.parse("ports", policy.ports(), List.of());
        PortField.Parsed srcPorts = PortField.parse("sourcePorts", policy.sourcePorts(), List.of());
        if (mask.isEmpty() || !dstPorts.certain() || !srcPorts.certain()) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "cannot evaluate: protocol '"
                    + policy.protocol() + "' or ports '" + policy.ports() + "' are not valid", null);
        }
        // covers() also builds every rule list the job needs: workers never compile an NSG.
        boolean covered = onBoxes && boxes.covers(from, to);
        if (covered) {
            decidedOnBoxes++;
        }
        return new Job(policy, from, to, mask.get(), dstPorts.ports(), srcPorts.ports(), covered);
    }

    /** The answer of the BDDs. */
    private PolicyResult onBdds(Job job) {
        Policy policy = job.policy();
        List<Place> from = job.from();
        List<Place> to = job.to();
        BDD traffic = new BddAlgebra(space).traffic(job.mask(), job.destinationPorts(), job.sourcePorts());
        try {
            if (traffic.isZero() || !seen.meet(from, to)) {
                return nothingToAsk(policy);
            }
            return answer(policy, policy.expect() == Policy.Expect.ALLOW ? expectAllow(from, to, traffic)
                    : expectDeny(from, to, traffic), from, to);
        } finally {
            traffic.free();
        }
    }

    private static PolicyResult nothingToAsk(Policy policy) {
        return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "no packet from " + policy.from() + " to "
                + policy.to() + " has this protocol and these ports (for example: an IPv4 source and an IPv6"
                + " destination), so the policy says nothing", null);
    }

    /**
     * The result from the smallest packet that fails the policy for sure (a failure) or may fail it (inconclusive),
     * traced along the path; a pass when there is neither.
     */
    private PolicyResult answer(Policy policy, BoxPolicies.Found found, List<Place> from, List<Place> to) {
        if (found == null) {
            return nothingToAsk(policy);
        }
        boolean allow = policy.expect() == Policy.Expect.ALLOW;
        if (found.sure() != null) {
            Witness w = witness(found.sure(), from, to, allow ? Access.DENY : Access.ALLOW);
            return new PolicyResult(policy, PolicyResult.Status.FAIL, allow ? "not every packet is allowed: "
                    + w.describe() + " is denied" + by(w) : "a packet is allowed: " + w.describe() + by(w), w);
        }
        if (found.maybe() != null) {
            Witness w = witness(found.maybe(), from, to, null);
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, (allow ? "every packet is allowed only if"
                    + " unresolved values allow it: " : "no packet is allowed only if unresolved values deny it: ")
                    + w.describe() + " depends on them", w);
        }
        return new PolicyResult(policy, PolicyResult.Status.PASS, (allow ? "every packet from " : "no packet from ")
                + policy.from() + " to " + policy.to() + " (" + policy.protocol() + " " + policy.ports() + ") is allowed",
                null);
    }

    /**
     * Not every packet is allowed when a layer of its source or destination place does not (maybe) allow it, as the
     * place's rules see the other end.
     */
    private BoxPolicies.Found expectAllow(List<Place> from, List<Place> to, BDD traffic) {
        return found(notAllowed(from, to, Direction.OUTBOUND, traffic, PlaceSets::high, false)
                        .orWith(notAllowed(to, from, Direction.INBOUND, traffic, PlaceSets::high, false)),
                () -> notAllowed(from, to, Direction.OUTBOUND, traffic, PlaceSets::low, true)
                        .orWith(notAllowed(to, from, Direction.INBOUND, traffic, PlaceSets::low, true)));
    }

    /**
     * A packet is allowed when the layers of both places of a pair allow it, each as its rules see the other end:
     * pair by pair, since a place is no partner of its own NIC and sees places it does not reach as whoever holds
     * their addresses.
     */
    private BoxPolicies.Found expectDeny(List<Place> from, List<Place> to, BDD traffic) {
        return found(allowedByPairs(from, to, traffic, PlaceSets::low, false),
                () -> allowedByPairs(from, to, traffic, PlaceSets::high, true));
    }

    /**
     * The realistic packet ({@link dev.nsgaudit.analyze.space.SetAlgebra#realisticOther}: an ephemeral source port
     * and a public source where the set has them) of {@code sure} that is no host's traffic to itself, else of
     * {@code maybe} (computed only then); frees both.
     */
    private BoxPolicies.Found found(BDD sure, java.util.function.Supplier<BDD> maybe) {
        HeaderWitness w;
        try {
            w = SelfTraffic.realisticOther(space, sure);
        } finally {
            sure.free();
        }
        if (w != null) {
            return new BoxPolicies.Found(w, null);
        }
        BDD m = maybe.get();
        try {
            return new BoxPolicies.Found(null, SelfTraffic.realisticOther(space, m));
        } finally {
            m.free();
        }
    }

    private static String by(Witness w) {
        if (w.decidedBy().isEmpty()) {
            return " (no NSG on the path)";
        }
        List<String> parts = new ArrayList<>();
        for (Witness.DecidedBy d : w.decidedBy()) {
            parts.add(d.networkSecurityGroup() + " " + d.rule() + " (" + d.access() + " at " + d.appliedTo() + ")");
        }
        return " by " + String.join(", then ", parts);
    }

    // ---- sides ------------------------------------------------------------------------------------------------

    /**
     * The packets whose local end is a place of {@code places} (those that may not be part of the endpoint only
     * with {@code maybeToo}) and whose remote end is one of its partners among {@code others}, that the place's set
     * leaves out; reported with the partners' own memberships.
     */
    private BDD notAllowed(List<Place> places, List<Place> others, Direction direction, BDD traffic,
                           Function<PlaceSets, BDD> pick, boolean maybeToo) {
        BDD out = space.none();
        for (Place p : places) {
            if (p.maybe() && !maybeToo) {
                continue; // a place that may not be part of the endpoint can make the answer inconclusive, never fail it
            }
            BDD set = pick.apply(placeSets(p, direction));
            BDD here = here(p, direction);
            for (PlaceViews.Remote r : seen.remotes(p, others)) {
                BDD packets = here.and(remoteEnd(r, direction)).andWith(traffic.id());
                BDD left = HeaderSpace.minus(packets, set);
                packets.free();
                out.orWith(asItself(left, r, direction));
            }
            here.free();
        }
        return out;
    }

    /** The packets some pair of places allows on both sides (places that may not be part of an endpoint only with maybeToo). */
    private BDD allowedByPairs(List<Place> from, List<Place> to, BDD traffic, Function<PlaceSets, BDD> pick,
                               boolean maybeToo) {
        BDD out = space.none();
        BDD[] atDestination = new BDD[to.size()];
        for (Place s : from) {
            if (s.maybe() && !maybeToo) {
                continue;
            }
            BDD atSource = pick.apply(placeSets(s, Direction.OUTBOUND)).and(traffic);
            for (int k = 0; k < to.size(); k++) {
                Place d = to.get(k);
                if (d.maybe() && !maybeToo) {
                    continue;
                }
                BDD bySource = seenBy(atSource, s, d, to, Direction.OUTBOUND);
                if (bySource.isZero()) {
                    bySource.free();
                    continue;
                }
                if (atDestination[k] == null) {
                    atDestination[k] = pick.apply(placeSets(d, Direction.INBOUND)).and(traffic);
                }
                out.orWith(bySource.andWith(seenBy(atDestination[k], d, s, from, Direction.INBOUND)));
            }
            atSource.free();
        }
        for (BDD b : atDestination) {
            if (b != null) {
                b.free();
            }
        }
        return out;
    }

    /**
     * The packets of {@code allowed} (local end at {@code p}) whose remote end is {@code q} as p's rules see it,
     * reported with q's own membership.
     */
    private BDD seenBy(BDD allowed, Place p, Place q, List<Place> qSide, Direction direction) {
        BDD out = space.none();
        for (PlaceViews.Remote r : seen.remotes(p, qSide)) {
            if (r.place() == q) {
                out.orWith(asItself(allowed.and(remoteEnd(r, direction)), r, direction));
            }
        }
        return out;
    }

    /** The packets whose remote end (for a local place of this direction) is the remote as the rules see it. */
    private BDD remoteEnd(PlaceViews.Remote r, Direction direction) {
        return layers.region(direction == Direction.OUTBOUND ? Direction.INBOUND : Direction.OUTBOUND, r.addresses(),
                r.membership());
    }

    /**
     * The packets (freed) with the remote end's membership as the remote place's own: the rules may have seen whoever
     * holds its address instead.
     */
    private BDD asItself(BDD packets, PlaceViews.Remote r, Direction direction) {
        if (r.seenAsItself()) {
            return packets;
        }
        boolean remoteIsSource = direction == Direction.INBOUND;
        BDD out = space.existsMembership(packets, remoteIsSource);
        packets.free();
        Set<String> own = r.place().membership();
        if (own != null) {
            out.andWith(remoteIsSource ? space.sourceMembership(own) : space.destinationMembership(own));
        }
        return out;
    }

    /** The packets whose local end is this place: its addresses with its exact membership (free when unknown). */
    private BDD here(Place p, Direction direction) {
        return layers.region(direction, p.addresses(), p.membership());
    }

    /**
     * Both layers of a place ({@link #bothLayers}) within the place's packets, with the place's own ASG membership
     * quantified away when it is not known; cached per place and direction.
     */
    private PlaceSets placeSets(Place p, Direction direction) {
        PlaceKey key = new PlaceKey(direction, p.kind(), p.subnet() == null ? null : p.subnet().reference(),
                p.nic() == null ? null : p.nic().name(), p.addresses(), p.membership());
        PlaceSets cached = placeSets.get(key);
        if (cached == null) {
            LayerAllow.Bounds allow = bothLayers(p, direction);
            BDD low = allow.low();
            BDD high = allow.high();
            if (p.membership() == null) {
                // Unknown membership is one fixed value nobody knows, not a choice among packets: allowed for
                // sure only if allowed whatever it is, maybe allowed if allowed for some value.
                boolean source = direction == Direction.OUTBOUND;
                low = space.forAllMemberships(allow.low(), source);
                high = space.existsMembership(allow.high(), source);
                allow.low().free();
                allow.high().free();
            }
            BDD here = here(p, direction);
            low.andWith(here.id());
            high.andWith(here.id());
            cached = new PlaceSets(low, high);
            here.free();
            placeSets.put(key, cached);
        }
        return cached;
    }

    /** What identifies a place's layers and its packets. */
    private record PlaceKey(Direction direction, Place.Kind kind, String subnet, String nic, AddressSet addresses,
                            Set<String> membership) {
    }

    /**
     * Subnet NSG and NIC NSG of a place, within the place's packets ({@link #here}; the bounds of a missing or
     * unknown NSG are not cut down), in the order of the direction (the order does not matter for sets).
     */
    private LayerAllow.Bounds bothLayers(Place p, Direction direction) {
        if (p.kind() == Place.Kind.EXTERNAL) {
            return layers.all();
        }
        VirtualNetwork vnet = p.subnet() == null ? null : p.subnet().virtualNetwork();
        LayerAllow.Bounds subnet = p.subnet() == null ? layers.of(null, true, direction, null, p.addresses(), p.membership())
                : layers.of(p.subnet().subnet().networkSecurityGroup(),
                p.subnet().subnet().isUnresolved("networkSecurityGroup"), direction, vnet, p.addresses(), p.membership());
        if (p.kind() == Place.Kind.SUBNET_HOSTS) {
            return subnet;
        }
        LayerAllow.Bounds nic = layers.of(p.nic().networkSecurityGroup(), p.nic().isUnresolved("networkSecurityGroup"),
                direction, vnet, p.addresses(), p.membership());
        return new LayerAllow.Bounds(subnet.low().andWith(nic.low()), subnet.high().andWith(nic.high()));
    }

    /** The places of an endpoint seen from a view, resolved once. */
    private List<Place> places(String endpoint, NetworkView view) {
        List<Object> key = List.of(endpoint, view.vnetName() == null ? "" : view.vnetName());
        List<Place> known = resolved.get(key);
        if (known == null) {
            known = List.copyOf(resolver.places(endpoint, view));
            resolved.put(key, known);
        }
        return known;
    }

    /** The view an endpoint's network sees tags from (the first modeled place's network), per endpoint. */
    private NetworkView viewFrom(String endpoint) {
        return views.computeIfAbsent(endpoint, e -> viewOf(modeledOnly(e)));
    }

    private List<Place> modeledOnly(String endpoint) {
        String lower = endpoint.trim().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("nic:") || lower.startsWith("subnet:") || lower.startsWith("asg:") || lower.startsWith("vnet:")) {
            try {
                return resolver.places(endpoint, NetworkView.assumed());
            } catch (IllegalArgumentException e) {
                return List.of();
            }
        }
        return List.of();
    }

    private NetworkView viewOf(List<Place> places) {
        for (Place p : places) {
            if (p.subnet() != null) {
                return evaluator.view(p.subnet().virtualNetwork());
            }
        }
        return evaluator.view(topology.virtualNetworks().isEmpty() ? null
                : topology.virtualNetworks().get(0));
    }

    // ---- witnesses ------------------------------------------------------------------------------------------------

    /**
     * A concrete packet from {@code set}, with the rules that decide it along the path. For a failure the pair of
     * places that shows it is chosen ({@code want}: the access the witness must get); otherwise the first pair.
     */
    private Witness witness(HeaderWitness h, List<Place> from, List<Place> to, Access want) {
        Witness first = null;
        for (Place s : from) {
            if (!WitnessTracer.contains(s, h.sourceAddress(), h.sourceAsgs())) {
                continue;
            }
            for (Place d : to) {
                if (PlaceViews.sameNic(s, d) || !WitnessTracer.contains(d, h.destinationAddress(), h.destinationAsgs())) {
                    continue;
                }
                for (Set<String> destinationSeen : seenAt(s, d, to, h.destinationAddress(), h.destinationAsgs())) {
                    for (Set<String> sourceSeen : seenAt(d, s, from, h.sourceAddress(), h.sourceAsgs())) {
                        Witness w = tracer.trace(h, s, d, sourceSeen, destinationSeen);
                        if (first == null) {
                            first = w;
                        }
                        if (want == null || want.label().equals(WitnessTracer.verdictOf(w))) {
                            return w;
                        }
                    }
                }
            }
        }
        return first != null ? first : tracer.trace(h, null, null);
    }

    /** The memberships p's rules may see at address {@code a} of q (the witness's own where not known). */
    private List<Set<String>> seenAt(Place p, Place q, List<Place> qSide, IpAddress a, List<String> own) {
        List<Set<String>> out = new ArrayList<>();
        for (PlaceViews.Remote r : seen.remotes(p, qSide)) {
            if (r.place() == q && r.addresses().contains(a)) {
                Set<String> m = r.membership() == null ? new java.util.LinkedHashSet<>(own) : r.membership();
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new java.util.LinkedHashSet<>(own));
        }
        return out;
    }

}
