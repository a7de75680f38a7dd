package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.Witness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a witness packet from the set engine into a {@link Witness} with the rule that decided it at each layer,
 * by running it through the evaluator: the source place's outbound layers, then the destination's inbound ones.
 * The evaluator is the reference: a witness whose trace disagrees with the claim it supports is a bug.
 */
public final class WitnessTracer {

    /** How a trace names the access of an AlwaysAllow admin rule: allowed, and the NSGs were not consulted. */
    public static final String ALWAYS_ALLOW = "AlwaysAllow";

    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final AdminPlaces admin;

    public WitnessTracer(FlowEvaluator evaluator) {
        this.topology = evaluator.topology();
        this.evaluator = evaluator;
        this.admin = new AdminPlaces(evaluator);
    }

    public static boolean contains(Place p, dev.nsgaudit.net.IpAddress address, List<String> asgs) {
        return p.addresses().contains(address) && (p.membership() == null || p.membership().equals(new LinkedHashSet<>(asgs)));
    }

    public static String verdictOf(Witness w) {
        for (Witness.DecidedBy d : w.decidedBy()) {
            if (d.access().equals(ALWAYS_ALLOW)) {
                return "Allow";
            }
            if (!d.access().equals("Allow")) {
                return d.access();
            }
        }
        return "Allow";
    }

    /** Runs the packet through the source's outbound layers, then the destination's inbound layers. */
    public Witness trace(HeaderWitness h, Place s, Place d) {
        return trace(h, s, d, new LinkedHashSet<>(h.sourceAsgs()), new LinkedHashSet<>(h.destinationAsgs()));
    }

    /**
     * The same, with the other end's membership as each side's rules see it: {@code sourceSeen} at the destination,
     * {@code destinationSeen} at the source (whoever holds the address there, D8). The direction is the one of the
     * layer that decided: the source's outbound layers when they deny, else the destination's inbound ones.
     */
    public Witness trace(HeaderWitness h, Place s, Place d, Set<String> sourceSeen, Set<String> destinationSeen) {
        Set<String> srcAsgs = new LinkedHashSet<>(h.sourceAsgs());
        Set<String> dstAsgs = new LinkedHashSet<>(h.destinationAsgs());
        List<Witness.DecidedBy> decided = new ArrayList<>();
        boolean denied = false;
        boolean source = s != null && s.kind() != Place.Kind.EXTERNAL;
        boolean destination = d != null && d.kind() != Place.Kind.EXTERNAL;
        if (source) {
            denied = record(decided, s, Direction.OUTBOUND, new Packet(h.protocol(), h.sourceAddress(), h.sourcePort(),
                    srcAsgs, h.destinationAddress(), h.destinationPort(), destinationSeen));
        }
        if (!denied && destination) {
            record(decided, d, Direction.INBOUND, new Packet(h.protocol(), h.sourceAddress(), h.sourcePort(), sourceSeen,
                    h.destinationAddress(), h.destinationPort(), dstAsgs));
        }
        String direction = destination && !denied ? "Inbound" : "Outbound";
        return new Witness(direction, h.protocol().label(), h.sourceAddress().toString(),
                h.sourcePort() < 0 ? null : h.sourcePort(), h.destinationAddress().toString(),
                h.destinationPort() < 0 ? null : h.destinationPort(), decided);
    }

    /**
     * Adds the place's layer decisions, the security admin layer's first (nsg-semantics 4.4); true when one of them
     * denies or is undetermined.
     */
    private boolean record(List<Witness.DecidedBy> decided, Place p, Direction direction, Packet packet) {
        AdminLayer layer = admin.of(p);
        if (layer != null && !layer.rules(direction).isEmpty()) {
            AdminLayer.Decision d = layer.decide(direction, packet);
            String at = p.subnet() == null ? p.description() : "vnet:" + p.subnet().virtualNetwork().name();
            if (!d.certain() && d.possibleOutcomes().size() > 1) {
                decided.add(new Witness.DecidedBy(null, at, "undetermined: security admin rule "
                        + d.mayDecideInstead().get(0).displayName() + " may decide", "Unknown"));
                return true;
            }
            if (d.rule() != null) {
                AdminOutcome outcome = d.outcome();
                decided.add(new Witness.DecidedBy(null, at, d.rule().displayName(), outcome == AdminOutcome.DENY
                        ? "Deny" : outcome == AdminOutcome.ALWAYS_ALLOW ? ALWAYS_ALLOW : "Allow"));
                if (outcome.isFinal()) {
                    return outcome == AdminOutcome.DENY;
                }
            }
        }
        if (p.subnet() == null) {
            decided.add(new Witness.DecidedBy(null, p.description(), "unknown subnet", "Unknown"));
            return true;
        }
        String subnetNsg = p.subnet().subnet().networkSecurityGroup();
        Layer subnetLayer = subnetNsg == null || topology.networkSecurityGroup(subnetNsg).isEmpty() ? null
                : new Layer(subnetNsg, "subnet:" + p.subnet().reference());
        Layer nicLayer = null;
        if (p.kind() == Place.Kind.NIC && p.nic().networkSecurityGroup() != null
                && topology.networkSecurityGroup(p.nic().networkSecurityGroup()).isPresent()) {
            nicLayer = new Layer(p.nic().networkSecurityGroup(), "nic:" + p.nic().name());
        }
        List<Layer> path = FlowEvaluator.layers(direction, subnetLayer, nicLayer);
        FlowResult result = evaluator.evaluate(path, evaluator.view(p.subnet().virtualNetwork()), direction, packet);
        for (var e : result.evaluations()) {
            decided.add(new Witness.DecidedBy(e.networkSecurityGroup(), e.appliedTo(), e.matchedRule(), e.access().label()));
        }
        if (!result.conclusive()) {
            decided.add(new Witness.DecidedBy(null, p.description(), "undetermined: "
                    + String.join("; ", result.reasons()), "Unknown"));
            return true;
        }
        return result.access() == Access.DENY;
    }

}
