package dev.nsgaudit.analyze.policies;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.AdminPlaces;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.WitnessTracer;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides flow policies exactly (SPEC section 4): resolves each endpoint into places, asks the one
 * {@link PolicyQuestion} on box lists where they cover the policy ({@link BoxPlaceLayers}, in parallel) and on BDDs
 * otherwise ({@link BddPlaceLayers}), and turns the failing packet found into a status, a message and a witness traced
 * through the evaluator. The source endpoint's places are evaluated outbound, the destination's inbound; a packet is
 * allowed when both sides allow it. Where an endpoint stands for several
 * possible hosts at one address (a dynamic NIC and the subnet's other hosts, D8), {@code expect: allow} must
 * hold for every one of them and {@code expect: deny} for none of them may pass. Unresolved values give bounds;
 * an answer that depends on them is inconclusive. A VM's traffic to itself is no part of a policy, and each side's
 * rules see the other end as {@code verify} reads its address ({@link PlaceViews}).
 */
public final class PolicyChecker {

    private final Topology topology;
    private final PlaceResolver resolver;
    private final FlowEvaluator evaluator;
    private final WitnessTracer tracer;
    private final PlaceViews seen;
    /** The question on box lists: the layers of this thread, whose rule lists the workers share. */
    private final BoxPlaceLayers boxes;
    /** The question on BDDs, for the policies the box lists do not cover (or all, without {@code onBoxes}). */
    private final BddPlaceLayers bddLayers;
    private final PolicyQuestion<BDD> onBdds;
    /** What the questions share: the remotes grouped per list (the box workers' and the BDDs'). */
    private final PolicyQuestion.RemoteGroups remoteGroups = new PolicyQuestion.RemoteGroups();
    private final boolean onBoxes;
    private int decidedOnBoxes;
    /** The places of an endpoint seen from a view (endpoints recur in many policies). */
    private final Map<List<Object>, List<Place>> resolved = new HashMap<>();
    /** Per endpoint, the view the other side's tags are read from. */
    private final Map<String, NetworkView> views = new HashMap<>();

    /** @param onBoxes whether policies the box lists cover are decided on them (the BDDs decide the rest) */
    public PolicyChecker(FlowEvaluator evaluator, HeaderSpace space, BoxSpace boxSpace, EndpointSpaces endpoints,
                         RuleSetLookup ruleSets, boolean onBoxes) {
        this.topology = evaluator.topology();
        this.resolver = new PlaceResolver(topology, endpoints, evaluator.serviceTags());
        this.evaluator = evaluator;
        this.tracer = new WitnessTracer(evaluator);
        this.seen = new PlaceViews(topology, endpoints);
        AdminPlaces admin = new AdminPlaces(evaluator);
        this.boxes = new BoxPlaceLayers(evaluator, boxSpace, seen, admin);
        this.bddLayers = new BddPlaceLayers(topology, space, ruleSets, admin);
        this.onBdds = new PolicyQuestion<>(bddLayers, seen, remoteGroups);
        this.onBoxes = onBoxes;
    }

    /** How many policies were decided on box lists so far. */
    public int decidedOnBoxes() {
        return decidedOnBoxes;
    }

    /** Frees what the checker keeps between policies. */
    public void free() {
        bddLayers.free();
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
        PolicyQuestion.Found[] found = new PolicyQuestion.Found[n];
        Map<Thread, PolicyQuestion<BoxSet>> workers = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.stream.IntStream.range(0, n).parallel().filter(i -> jobs[i] != null && jobs[i].onBoxes())
                .forEach(i -> found[i] = jobs[i].decide(workers.computeIfAbsent(Thread.currentThread(),
                        t -> new PolicyQuestion<>(boxes.worker(), seen, remoteGroups))));
        for (int i = 0; i < n; i++) {
            if (jobs[i] != null) {
                Job job = jobs[i];
                out[i] = answer(job.policy(), job.onBoxes() ? found[i] : job.decide(onBdds), job.from(), job.to());
            }
        }
        return List.of(out);
    }

    /** A policy that resolved: its places and traffic, and whether the box lists decide it (else the BDDs). */
    private record Job(Policy policy, List<Place> from, List<Place> to, PolicyQuestion.Traffic traffic,
                          boolean onBoxes) {
        /** The question's answer on one engine; null when the policy asks about no packet. */
        PolicyQuestion.Found decide(PolicyQuestion<?> question) {
            if (!question.asks(from, to, traffic)) {
                return null;
            }
            return question.decide(from, to, traffic, policy.expect() == Policy.Expect.ALLOW);
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
        return new Job(policy, from, to, new PolicyQuestion.Traffic(mask.get(), dstPorts.ports(), srcPorts.ports()),
                covered);
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
    private PolicyResult answer(Policy policy, PolicyQuestion.Found found, List<Place> from, List<Place> to) {
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

    private static String by(Witness w) {
        if (w.decidedBy().isEmpty()) {
            return " (no NSG on the path)";
        }
        List<String> parts = new ArrayList<>();
        for (Witness.DecidedBy d : w.decidedBy()) {
            // A security admin rule has no NSG: its name says where it is defined.
            parts.add((d.networkSecurityGroup() == null ? "" : d.networkSecurityGroup() + " ") + d.rule() + " ("
                    + d.access() + " at " + d.appliedTo() + ")");
        }
        return " by " + String.join(", then ", parts);
    }

    // ---- endpoints ------------------------------------------------------------------------------------------------

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
