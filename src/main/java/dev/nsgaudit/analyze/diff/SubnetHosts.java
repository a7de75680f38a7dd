package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Layer;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.net.IpRange;
import dev.nsgaudit.semantics.Endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts of a subnet that are not modeled NICs (a VM scale set, a load balancer's backends, an address no NIC in
 * the input holds): "any host of the subnet", in no ASG and behind the subnet's NSG only. It is compared as a
 * stand-in NIC with no NSG of its own and a dynamic configuration (any usable address of any of the subnet's
 * prefixes, IPv4 and IPv6, D8), restricted to the addresses that no static configuration of a modeled NIC holds in either version: those are compared as the
 * NICs they are.
 */
final class SubnetHosts {

    /** The configuration name of the stand-in, shown in the target {@code subnet:<vnet>/<subnet>/other-hosts}. */
    static final String CONFIGURATION = "other-hosts";

    private SubnetHosts() {
    }

    /** The target's name. */
    static String target(String subnetReference) {
        return "subnet:" + subnetReference + "/" + CONFIGURATION;
    }

    /** A NIC with no NSG and one dynamic IPv4 configuration in the subnet, in no ASG. */
    static NetworkInterface standIn(String subnetReference) {
        IpConfiguration ip = new IpConfiguration(CONFIGURATION, subnetReference, null, "IPv4", List.of(),
                SourceRef.UNKNOWN);
        return new NetworkInterface("subnet:" + subnetReference, List.of(ip), null, List.of(), SourceRef.UNKNOWN);
    }

    /** Whether the subnet has an NSG (or one that cannot be resolved) in this version. */
    static boolean hasNsg(Topology t, String subnetReference) {
        return t.subnet(subnetReference).map(s -> s.subnet().networkSecurityGroup() != null
                || s.subnet().isUnresolved("networkSecurityGroup")).orElse(false);
    }

    /**
     * How one version decides a packet of a host of the subnet that is no modeled NIC: through the subnet's NSG, the
     * local host in no ASG, the remote end whoever may hold its address (D8); holders that disagree make it
     * Inconclusive, as {@code verify} answers. No NSG allows everything.
     */
    static DiffWitness.Verdict verdict(FlowEvaluator evaluator, String subnetReference, Direction d, Protocol p,
                                       IpAddress local, Integer localPort, IpAddress remote, Integer remotePort) {
        Topology t = evaluator.topology();
        Optional<Topology.SubnetRef> subnet = t.subnet(subnetReference);
        if (subnet.isEmpty()) {
            return DiffWitness.Verdict.ABSENT;
        }
        String nsg = subnet.get().subnet().networkSecurityGroup();
        if (nsg == null) {
            return new DiffWitness.Verdict("Allow (no NSG)", null, null);
        }
        NetworkView view = evaluator.view(subnet.get().virtualNetwork());
        Endpoints endpoints = new Endpoints(t);
        boolean inbound = d == Direction.INBOUND;
        int lp = localPort == null ? 0 : localPort;
        int rp = remotePort == null ? 0 : remotePort;
        DiffWitness.Verdict answer = null;
        for (Endpoints.Candidate c : endpoints.candidates(remote, endpoints.reachableFrom(subnet.get().virtualNetwork()))) {
            Packet packet = inbound ? new Packet(p, remote, rp, c.asgs(), local, lp, Set.of())
                    : new Packet(p, local, lp, Set.of(), remote, rp, c.asgs());
            FlowResult r = evaluator.evaluate(List.of(new Layer(nsg, "subnet:" + subnetReference)), view, d, packet);
            DiffWitness.Verdict v = new DiffWitness.Verdict(r.access() == null ? "Inconclusive" : r.access().label(),
                    r.networkSecurityGroup(), r.ruleName());
            if (answer == null) {
                answer = v;
            } else if (!answer.access().equals(v.access())) {
                return new DiffWitness.Verdict("Inconclusive", null, null);
            } else if (!answer.equals(v)) {
                answer = new DiffWitness.Verdict(answer.access(), null, null);
            }
        }
        return answer == null ? new DiffWitness.Verdict("Inconclusive", null, null) : answer;
    }

    /**
     * The subnet's usable addresses, of every prefix (IPv4 and IPv6; Azure's reserved first four and last of each
     * left out), that no static configuration of a modeled NIC holds in this version; null when the subnet's prefixes
     * are not known (unresolved, or one that cannot be read), so that the caller says so instead of comparing part.
     */
    static AddressSet others(Topology t, String subnetReference) {
        Optional<Topology.SubnetRef> subnet = t.subnet(subnetReference);
        if (subnet.isEmpty() || subnet.get().subnet().isUnresolved("addressPrefix")
                || subnet.get().subnet().isUnresolved("addressPrefixes")) {
            return null;
        }
        List<IpRange> usable = new ArrayList<>();
        for (String prefix : subnet.get().subnet().addressPrefixes()) {
            try {
                Endpoints.usableRange(IpPrefix.parse(prefix).prefix()).ifPresent(usable::add);
            } catch (IllegalArgumentException e) {
                return null; // reported by the topology validator
            }
        }
        List<IpRange> held = new ArrayList<>();
        for (NetworkInterface n : t.networkInterfaces()) {
            for (IpConfiguration c : n.ipConfigurations()) {
                if (c.isDynamic() || c.isUnresolved("privateIPAddress")
                        || !Topology.key(c.subnet()).equals(Topology.key(subnetReference))) {
                    continue;
                }
                IpAddress a = Endpoints.parseOrNull(c.privateIPAddress());
                if (a != null) {
                    held.add(new IpRange(a, a));
                }
            }
        }
        return AddressSet.ofRanges(usable).minus(AddressSet.ofRanges(held));
    }
}
