package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.NetworkView;
import dev.nsgaudit.eval.PortField;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.model.Witness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides flow policies exactly (SPEC section 4). The source endpoint's places are evaluated outbound, the
 * destination's inbound; a packet is allowed when both sides allow it. Where an endpoint stands for several
 * possible hosts at one address (a dynamic NIC and the subnet's other hosts, D8), {@code expect: allow} must
 * hold for every one of them and {@code expect: deny} for none of them may pass. Unresolved values give bounds;
 * an answer that depends on them is inconclusive.
 */
final class PolicyChecker {

    private final Analyzer analyzer;
    private final HeaderSpace space;
    private final PlaceResolver resolver;
    private final LayerAllow layers;
    private final FlowEvaluator evaluator;
    private final WitnessTracer tracer;

    PolicyChecker(Analyzer analyzer, PlaceResolver resolver) {
        this.analyzer = analyzer;
        this.space = analyzer.space();
        this.resolver = resolver;
        this.layers = new LayerAllow(analyzer);
        this.evaluator = analyzer.evaluator();
        this.tracer = new WitnessTracer(analyzer);
    }

    /** One side of a flow: where its packets may come from (or go to) and what its layers let through. */
    private record Side(List<Place> places, BDD allLow, BDD allHigh, BDD anyLow, BDD anyHigh) {
        void free() {
            allLow.free();
            allHigh.free();
            anyLow.free();
            anyHigh.free();
        }
    }

    /** Frees what the checker keeps between policies. */
    void free() {
        layers.free();
    }

    PolicyResult check(Policy policy) {
        List<Place> from;
        List<Place> to;
        try {
            // Tags on one side are seen from the other side's network (the first modeled place's).
            List<Place> fromModeled = modeledOnly(policy.from());
            List<Place> toModeled = modeledOnly(policy.to());
            from = resolver.places(policy.from(), viewOf(toModeled));
            to = resolver.places(policy.to(), viewOf(fromModeled));
        } catch (IllegalArgumentException e) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "cannot evaluate: " + e.getMessage(), null);
        }
        if (from.isEmpty() || to.isEmpty()) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "the " + (from.isEmpty() ? "source "
                    + policy.from() : "destination " + policy.to()) + " stands for no host in the input, so the"
                    + " policy says nothing", null);
        }
        BDD traffic = traffic(policy);
        if (traffic == null) {
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "cannot evaluate: protocol '"
                    + policy.protocol() + "' or ports '" + policy.ports() + "' are not valid", null);
        }
        // Q0: every packet the policy is about. Each side's sets are computed within it.
        BDD q = union(from, Direction.OUTBOUND).andWith(union(to, Direction.INBOUND)).andWith(traffic);
        if (q.isZero()) {
            q.free();
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "no packet from " + policy.from()
                    + " to " + policy.to() + " has this protocol and these ports (for example: an IPv4 source and"
                    + " an IPv6 destination), so the policy says nothing", null);
        }
        Side src = side(from, Direction.OUTBOUND, q);
        Side dst = side(to, Direction.INBOUND, q);
        try {
            return policy.expect() == Policy.Expect.ALLOW ? expectAllow(policy, q, src, dst)
                    : expectDeny(policy, q, src, dst);
        } finally {
            q.free();
            src.free();
            dst.free();
        }
    }

    private PolicyResult expectAllow(Policy policy, BDD q, Side src, Side dst) {
        BDD allowedHigh = src.allHigh().and(dst.allHigh());
        BDD surelyDenied = HeaderSpace.minus(q, allowedHigh);
        allowedHigh.free();
        if (!surelyDenied.isZero()) {
            Witness w = witness(surelyDenied, src, dst, Access.DENY);
            surelyDenied.free();
            return new PolicyResult(policy, PolicyResult.Status.FAIL, "not every packet is allowed: " + w.describe()
                    + " is denied" + by(w), w);
        }
        surelyDenied.free();
        BDD allowedLow = src.allLow().and(dst.allLow());
        BDD maybeDenied = HeaderSpace.minus(q, allowedLow);
        allowedLow.free();
        if (!maybeDenied.isZero()) {
            Witness w = witness(maybeDenied, src, dst, null);
            maybeDenied.free();
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "every packet is allowed only if"
                    + " unresolved values allow it: " + w.describe() + " depends on them", w);
        }
        maybeDenied.free();
        return new PolicyResult(policy, PolicyResult.Status.PASS, "every packet from " + policy.from() + " to "
                + policy.to() + " (" + policy.protocol() + " " + policy.ports() + ") is allowed", null);
    }

    private PolicyResult expectDeny(Policy policy, BDD q, Side src, Side dst) {
        BDD surelyAllowed = q.and(src.anyLow()).andWith(dst.anyLow().id());
        if (!surelyAllowed.isZero()) {
            Witness w = witness(surelyAllowed, src, dst, Access.ALLOW);
            surelyAllowed.free();
            return new PolicyResult(policy, PolicyResult.Status.FAIL, "a packet is allowed: " + w.describe() + by(w), w);
        }
        surelyAllowed.free();
        BDD maybeAllowed = q.and(src.anyHigh()).andWith(dst.anyHigh().id());
        if (!maybeAllowed.isZero()) {
            Witness w = witness(maybeAllowed, src, dst, null);
            maybeAllowed.free();
            return new PolicyResult(policy, PolicyResult.Status.INCONCLUSIVE, "no packet is allowed only if"
                    + " unresolved values deny it: " + w.describe() + " depends on them", w);
        }
        maybeAllowed.free();
        return new PolicyResult(policy, PolicyResult.Status.PASS, "no packet from " + policy.from() + " to "
                + policy.to() + " (" + policy.protocol() + " " + policy.ports() + ") is allowed", null);
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

    /** Where the side's packets may come from (or go to): the union of its places. */
    private BDD union(List<Place> places, Direction direction) {
        BDD union = space.none();
        for (Place p : places) {
            union.orWith(here(p, direction));
        }
        return union;
    }

    /**
     * The bounds of one side within {@code q} (the packets the policy is about): each place's bounds are computed
     * within the place's own packets, then cut down to {@code q} before the places are combined.
     */
    private Side side(List<Place> places, Direction direction, BDD q) {
        BDD allLow = q.id();
        BDD allHigh = q.id();
        BDD anyLow = space.none();
        BDD anyHigh = space.none();
        boolean source = direction == Direction.OUTBOUND;
        for (Place p : places) {
            BDD here = here(p, direction).andWith(q.id());
            if (here.isZero()) {
                here.free();
                continue; // allLow, allHigh: nothing to remove; anyLow, anyHigh: nothing to add
            }
            LayerAllow.Bounds allow = placeAllow(p, direction);
            BDD low = allow.low();
            BDD high = allow.high();
            if (p.membership() == null) {
                // Unknown membership is one fixed value nobody knows, not a choice among packets: allowed for
                // sure only if allowed whatever it is, maybe allowed if allowed for some value.
                low = space.forAllMemberships(allow.low(), source);
                high = space.existsMembership(allow.high(), source);
                allow.low().free();
                allow.high().free();
            }
            low.andWith(here.id());
            high.andWith(here.id());
            // Packets of this place that are not allowed (for sure / maybe) are not allowed at every place.
            BDD notLow = HeaderSpace.minus(here, low);
            BDD next = HeaderSpace.minus(allLow, notLow);
            allLow.free();
            allLow = next;
            notLow.free();
            anyHigh.orWith(high.id());
            if (!p.maybe()) {
                // A place that may not be part of the endpoint can make the answer inconclusive, never fail it.
                BDD notHigh = HeaderSpace.minus(here, high);
                next = HeaderSpace.minus(allHigh, notHigh);
                allHigh.free();
                allHigh = next;
                notHigh.free();
                anyLow.orWith(low.id());
            }
            here.free();
            low.free();
            high.free();
        }
        return new Side(places, allLow, allHigh, anyLow, anyHigh);
    }

    /** The packets whose local end is this place: its addresses with its exact membership (free when unknown). */
    private BDD here(Place p, Direction direction) {
        return layers.region(direction, p.addresses(), p.membership());
    }

    /**
     * Subnet NSG and NIC NSG of a place, within the place's packets ({@link #here}; the bounds of a missing or
     * unknown NSG are not cut down), in the order of the direction (the order does not matter for sets).
     */
    private LayerAllow.Bounds placeAllow(Place p, Direction direction) {
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
        return evaluator.view(analyzer.topology().virtualNetworks().isEmpty() ? null
                : analyzer.topology().virtualNetworks().get(0));
    }

    /** The protocol and ports of a policy; null when they cannot be read. */
    private BDD traffic(Policy policy) {
        Optional<Integer> mask = Protocol.ruleMask(policy.protocol());
        PortField.Parsed dst = PortField.parse("ports", policy.ports(), List.of());
        PortField.Parsed srcp = PortField.parse("sourcePorts", policy.sourcePorts(), List.of());
        if (mask.isEmpty() || !dst.certain() || !srcp.certain()) {
            return null;
        }
        BDD ports = space.destinationPorts(dst.ports()).andWith(space.sourcePorts(srcp.ports()));
        boolean fullPorts = dst.ports().isAll() && srcp.ports().isAll();
        BDD out = space.none();
        for (Protocol p : Protocol.values()) {
            if ((mask.get() & p.mask()) == 0) {
                continue;
            }
            if (p.hasPorts()) {
                out.orWith(space.protocols(p.mask()).andWith(ports.id()));
            } else if (fullPorts) {
                out.orWith(space.protocols(p.mask()));
            }
        }
        ports.free();
        return out;
    }

    // ---- witnesses ------------------------------------------------------------------------------------------------

    /**
     * A concrete packet from {@code set}, with the rules that decide it along the path. For a failure the pair of
     * places that shows it is chosen ({@code want}: the access the witness must get); otherwise the first pair.
     */
    private Witness witness(BDD set, Side src, Side dst, Access want) {
        HeaderWitness h = space.witness(set);
        Witness first = null;
        for (Place s : src.places()) {
            if (!WitnessTracer.contains(s, h.sourceAddress(), h.sourceAsgs())) {
                continue;
            }
            for (Place d : dst.places()) {
                if (!WitnessTracer.contains(d, h.destinationAddress(), h.destinationAsgs())) {
                    continue;
                }
                Witness w = tracer.trace(h, s, d);
                if (first == null) {
                    first = w;
                }
                String verdict = WitnessTracer.verdictOf(w);
                if (want == null || want.label().equals(verdict)) {
                    return w;
                }
            }
        }
        return first != null ? first : tracer.trace(h, null, null);
    }

}
