package dev.nsgaudit.eval;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers IP flow verify questions against the loaded topology: finds the NIC configuration and the NSGs on
 * the path, works out who the remote end is (D8), and evaluates. Where the input leaves the answer open (an
 * address a dynamic ASG member could hold, a source port given as {@code *}, an NSG seen from several VNets),
 * every case is evaluated; differing answers make the result inconclusive, never a guess.
 */
public final class Verifier {

    private final FlowEvaluator evaluator;
    private final Topology topology;
    private final Endpoints endpoints;

    public Verifier(FlowEvaluator evaluator) {
        this.evaluator = evaluator;
        this.topology = evaluator.topology();
        this.endpoints = new Endpoints(topology);
    }

    /** A verdict plus notes on assumptions made (D3). */
    public record Answer(FlowResult result, List<String> notes) {
    }

    /** Throws IllegalArgumentException for a question about something the input does not have. */
    public Answer verify(FlowQuery query) {
        if (query.protocol() == null) {
            // Protocol '*': every protocol is a case of its own.
            List<FlowResult> byProtocol = new ArrayList<>();
            List<String> notes = List.of();
            for (Protocol p : Protocol.values()) {
                Answer a = verify(new FlowQuery(query.nic(), query.nsg(), query.direction(), p,
                        query.localAddress(), query.localPort(), query.remoteAddress(), query.remotePort()));
                byProtocol.add(a.result());
                notes = a.notes();
            }
            return new Answer(FlowResult.merge(byProtocol, "the protocol is '*'"), notes);
        }
        return query.nic() != null ? verifyNic(query) : verifyNsg(query);
    }

    private Answer verifyNic(FlowQuery query) {
        NetworkInterface nic = topology.networkInterface(query.nic()).orElseThrow(() -> new IllegalArgumentException(
                "no NIC named '" + query.nic() + "'; NICs in the input: " + names(topology.networkInterfaces().stream()
                        .map(NetworkInterface::name).toList())));
        IpConfiguration ip = ipConfigurationFor(nic, query.localAddress());
        Optional<Topology.SubnetRef> subnet = topology.subnet(ip.subnet());
        List<String> reasons = new ArrayList<>();
        Layer subnetLayer = null;
        NetworkView view;
        Set<String> reachable = null;
        if (subnet.isPresent()) {
            VirtualNetwork vnet = subnet.get().virtualNetwork();
            view = evaluator.view(vnet);
            reachable = endpoints.reachableFrom(vnet);
            String subnetNsg = subnet.get().subnet().networkSecurityGroup();
            if (subnet.get().subnet().isUnresolved("networkSecurityGroup")) {
                reasons.add("the NSG of subnet " + subnet.get().reference() + " is not known: "
                        + unresolvedText(subnet.get().subnet().unresolved(), "networkSecurityGroup"));
            } else if (subnetNsg != null) {
                if (topology.networkSecurityGroup(subnetNsg).isPresent()) {
                    subnetLayer = new Layer(canonicalNsg(subnetNsg), "subnet:" + subnet.get().reference());
                } else {
                    reasons.add("subnet " + subnet.get().reference() + " names NSG '" + subnetNsg
                            + "', which is not defined");
                }
            }
        } else {
            view = evaluator.view(null);
            reasons.add(ip.isUnresolved("subnet")
                    ? "the subnet of NIC " + nic.name() + " is not known: " + unresolvedText(ip.unresolved(), "subnet")
                    : "NIC " + nic.name() + " is in subnet '" + ip.subnet() + "', which is not defined, so the"
                    + " subnet NSG is unknown");
        }
        Layer nicLayer = null;
        if (nic.isUnresolved("networkSecurityGroup")) {
            reasons.add("the NSG of NIC " + nic.name() + " is not known: "
                    + unresolvedText(nic.unresolved(), "networkSecurityGroup"));
        } else if (nic.networkSecurityGroup() != null) {
            if (topology.networkSecurityGroup(nic.networkSecurityGroup()).isPresent()) {
                nicLayer = new Layer(canonicalNsg(nic.networkSecurityGroup()), "nic:" + nic.name());
            } else {
                reasons.add("NIC " + nic.name() + " names NSG '" + nic.networkSecurityGroup()
                        + "', which is not defined");
            }
        }
        List<String> notes = view.isAssumed() ? List.of(NetworkView.D3_NOTE) : List.of();
        if (!reasons.isEmpty()) {
            return new Answer(new FlowResult(null, null, null, List.of(), reasons, List.of()), notes);
        }
        List<Layer> layers = FlowEvaluator.layers(query.direction(), subnetLayer, nicLayer);
        return new Answer(evaluateCases(query, layers, view, endpoints.identitiesOf(nic, ip),
                endpoints.candidates(query.remoteAddress(), reachable)), notes);
    }

    private Answer verifyNsg(FlowQuery query) {
        String nsgName = topology.networkSecurityGroup(query.nsg()).map(n -> n.name()).orElseThrow(() ->
                new IllegalArgumentException("no NSG named '" + query.nsg() + "'; NSGs in the input: "
                        + names(topology.networkSecurityGroups().stream().map(n -> n.name()).toList())));
        List<Layer> layers = List.of(new Layer(nsgName, "nsg:" + nsgName));
        // The NSG judged on its own, seen from each virtual network it is attached in (D3 when none).
        Map<String, VirtualNetwork> vnets = new LinkedHashMap<>();
        for (Topology.SubnetRef s : topology.subnets()) {
            if (nsgName.equalsIgnoreCase(s.subnet().networkSecurityGroup())) {
                vnets.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork());
            }
        }
        for (NetworkInterface nic : topology.networkInterfaces()) {
            if (nsgName.equalsIgnoreCase(nic.networkSecurityGroup())) {
                for (IpConfiguration ip : nic.ipConfigurations()) {
                    topology.subnet(ip.subnet()).ifPresent(s ->
                            vnets.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork()));
                }
            }
        }
        List<FlowResult> perView = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (vnets.isEmpty()) {
            notes.add(NetworkView.D3_NOTE);
            perView.add(evaluateCases(query, layers, evaluator.view(null),
                    endpoints.candidates(query.localAddress(), null),
                    endpoints.candidates(query.remoteAddress(), null)));
        } else {
            for (VirtualNetwork vnet : vnets.values()) {
                Set<String> reachable = endpoints.reachableFrom(vnet);
                perView.add(evaluateCases(query, layers, evaluator.view(vnet),
                        endpoints.candidates(query.localAddress(), reachable),
                        endpoints.candidates(query.remoteAddress(), reachable)));
            }
        }
        return new Answer(FlowResult.merge(perView, "NSG " + nsgName + " is attached in several virtual networks"
                + " whose VirtualNetwork/Internet tags differ"), notes);
    }

    private FlowResult evaluateCases(FlowQuery query, List<Layer> layers, NetworkView view,
                                     List<Endpoints.Candidate> locals, List<Endpoints.Candidate> remotes) {
        boolean inbound = query.direction() == Direction.INBOUND;
        Integer sourcePort = inbound ? query.remotePort() : query.localPort();
        Integer destinationPort = inbound ? query.localPort() : query.remotePort();
        List<Integer> sourcePorts = sourcePort != null || !query.protocol().hasPorts()
                ? List.of(sourcePort == null ? -1 : sourcePort)
                : representativeSourcePorts(layers, view, query.direction());
        List<FlowResult> byIdentity = new ArrayList<>();
        for (Endpoints.Candidate local : locals) {
            for (Endpoints.Candidate remote : remotes) {
                List<FlowResult> byPort = new ArrayList<>();
                for (int port : sourcePorts) {
                    Packet packet = inbound
                            ? new Packet(query.protocol(), query.remoteAddress(), port, remote.asgs(),
                            query.localAddress(), destinationPort == null ? -1 : destinationPort, local.asgs())
                            : new Packet(query.protocol(), query.localAddress(), port, local.asgs(),
                            query.remoteAddress(), destinationPort == null ? -1 : destinationPort, remote.asgs());
                    byPort.add(evaluator.evaluate(layers, view, query.direction(), packet));
                }
                byIdentity.add(FlowResult.merge(byPort, "the source port is '*'"));
            }
        }
        String who = describe(locals, remotes);
        return FlowResult.merge(byIdentity, who);
    }

    private static String describe(List<Endpoints.Candidate> locals, List<Endpoints.Candidate> remotes) {
        List<String> parts = new ArrayList<>();
        if (locals.size() > 1) {
            parts.add("the local address could be " + String.join(" or ", locals.stream().map(Endpoints.Candidate::description).toList()));
        }
        if (remotes.size() > 1) {
            parts.add("the remote address could be " + String.join(" or ", remotes.stream().map(Endpoints.Candidate::description).toList()));
        }
        return "D8: " + String.join("; ", parts);
    }

    /** One port from each stretch of source ports that no rule boundary splits. */
    private List<Integer> representativeSourcePorts(List<Layer> layers, NetworkView view, Direction direction) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        for (Layer layer : layers) {
            for (CompiledRule rule : evaluator.compiled(layer.networkSecurityGroup(), view).rules(direction)) {
                PortSet ports = rule.sourcePorts();
                for (int i = 0; i < ports.rangeCount(); i++) {
                    cuts.add(ports.start(i));
                    if (ports.end(i) < PortSet.MAX_PORT) {
                        cuts.add(ports.end(i) + 1);
                    }
                }
            }
        }
        return List.copyOf(cuts);
    }

    private IpConfiguration ipConfigurationFor(NetworkInterface nic, IpAddress local) {
        for (IpConfiguration ip : nic.ipConfigurations()) {
            if (!ip.isDynamic() && local.equals(Endpoints.parseOrNull(ip.privateIPAddress()))) {
                return ip;
            }
        }
        for (IpConfiguration ip : nic.ipConfigurations()) {
            if (ip.isDynamic() && endpoints.usableRange(ip).map(r -> r.contains(local)).orElse(false)) {
                return ip;
            }
        }
        List<String> have = new ArrayList<>();
        for (IpConfiguration ip : nic.ipConfigurations()) {
            have.add(ip.isDynamic()
                    ? "dynamic in " + endpoints.usableRange(ip).map(Object::toString).orElse(ip.subnet())
                    : ip.privateIPAddress());
        }
        throw new IllegalArgumentException("local address " + local + " is not an address of NIC " + nic.name()
                + " (its addresses: " + String.join(", ", have) + "); pass one of them with --local");
    }

    private static String unresolvedText(List<dev.nsgaudit.model.UnresolvedValue> values, String property) {
        return values.stream().filter(u -> u.property().equals(property))
                .map(u -> u.expression() + " " + u.reason()).findFirst().orElse("");
    }

    private String canonicalNsg(String name) {
        return topology.networkSecurityGroup(name).map(n -> n.name()).orElse(name);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
