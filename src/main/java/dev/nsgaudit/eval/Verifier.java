package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AsgSet;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Endpoints;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PortSet;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Answers IP flow verify questions against the loaded topology: finds the NIC configuration and the NSGs on
 * the path, works out who the remote end is (D8), and evaluates. Where the input leaves the answer open (an
 * address a dynamic ASG member could hold, a source port given as {@code *}, an NSG seen from several VNets),
 * every case is evaluated; differing answers make the result inconclusive, never a guess.
 */
public final class Verifier {

    private final FlowEvaluator evaluator;
    private final Topology topology;
    private final TopologyIndex index;
    private final Endpoints endpoints;
    /** What does not depend on the query beyond the NIC, by position of the NIC in the topology; built on first use. */
    private final AtomicReferenceArray<NicEntry> nics;
    /** The routes of {@link #verifyNsg}, by canonical NSG name (as found) and direction. */
    private final ConcurrentHashMap<String, NsgRoutes> nsgRoutes = new ConcurrentHashMap<>();

    public Verifier(FlowEvaluator evaluator) {
        this.evaluator = evaluator;
        this.topology = evaluator.topology();
        this.index = evaluator.index();
        this.endpoints = new Endpoints(index);
        this.nics = new AtomicReferenceArray<>(topology.networkInterfaces().size());
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
        NicEntry entry = nic(query.nic());
        if (entry == null) {
            throw new IllegalArgumentException("no NIC named '" + query.nic() + "'; NICs in the input: "
                    + names(topology.networkInterfaces().stream().map(NetworkInterface::name).toList()));
        }
        NicContext context = entry.context(query.localAddress());
        if (context.refusal != null) {
            return context.refusal;
        }
        Route route = context.route(query.direction());
        return new Answer(evaluateCases(query, route, context.identities,
                endpoints.candidates(query.remoteAddress(), context.reachable)), context.notes);
    }

    /** The NIC of that name, found once, for {@link #plainVerdict}; null when the input has none. */
    public NicEntry nic(String name) {
        int position = index.networkInterfacePosition(name);
        if (position < 0) {
            return null;
        }
        NicEntry entry = nics.get(position);
        if (entry == null) {
            nics.compareAndSet(position, null, new NicEntry(topology.networkInterfaces().get(position)));
            entry = nics.get(position);
        }
        return entry;
    }

    /**
     * The answer of {@link #plainVerdict}, reused from query to query: the route (the NSG layers of one direction
     * at one IP configuration, with its notes; compared by identity) and the deciding rule of each layer. Within
     * one route, equal rules mean an equal {@link Answer}.
     */
    public static final class PlainVerdict {
        private Object route;
        private int layers;
        private int[] rules = new int[2];
        private int[] ruleCounts = new int[2];
        /** The query's packet as primitives, for {@link #plainVerdictV4}. */
        private final Ipv4Flow flow = new Ipv4Flow();

        /** Identifies the route; equal routes are the same object. */
        public Object route() {
            return route;
        }

        public int layers() {
            return layers;
        }

        /** The position of layer {@code i}'s deciding rule among its NSG's rules of the direction; -1 when not reached. */
        public int rule(int i) {
            return rules[i];
        }

        /** How many rules layer {@code i}'s NSG has in the direction (the bound of {@link #rule}). */
        public int ruleCount(int i) {
            return ruleCounts[i];
        }
    }

    /**
     * A NIC query answered by the rules alone, or false: when it is, {@code out} holds what {@link #verify} would
     * answer, as a route and the deciding rule of each layer; ask {@link #verify} once per distinct verdict for
     * the answer itself. False (and {@code out} undefined) for everything else: a local address the NIC does not
     * have, a NIC whose path is not known, a source port of {@code *}, an address that could be several hosts (D8),
     * platform traffic (D7), a rule that may decide instead. {@code protocol} is not null; a port is -1 for a
     * protocol without ports and must be given otherwise. Allocates only the packet once everything is built.
     */
    public boolean plainVerdict(NicEntry nic, Direction direction, Protocol protocol, IpAddress local, int localPort,
                                IpAddress remote, int remotePort, PlainVerdict out) {
        NicContext context = nic.contextOrNull(local);
        if (context == null || context.refusal != null || context.identities.size() != 1) {
            return false;
        }
        boolean inbound = direction == Direction.INBOUND;
        if (protocol.hasPorts() && (localPort < 0 || remotePort < 0)) {
            return false;
        }
        Endpoints.Candidate remoteIdentity = endpoints.soleCandidate(remote, context.reachable);
        if (remoteIdentity == null) {
            return false;
        }
        Endpoints.Candidate localIdentity = context.identities.get(0);
        int source = protocol.hasPorts() ? (inbound ? remotePort : localPort) : -1;
        int destination = protocol.hasPorts() ? (inbound ? localPort : remotePort) : -1;
        Packet packet = inbound
                ? new Packet(protocol, remote, source, remoteIdentity.asgs(), local, destination, localIdentity.asgs())
                : new Packet(protocol, local, source, localIdentity.asgs(), remote, destination, remoteIdentity.asgs());
        Route route = context.route(direction);
        if (route.admin != null && !route.admin.isEmpty()) {
            return false; // security admin rules decide first: the full evaluation reads them
        }
        int n = route.layers.size();
        if (out.rules.length < n) {
            out.rules = new int[n];
            out.ruleCounts = new int[n];
        }
        if (!evaluator.certainDecisions(route.layers, route, direction, packet, out.rules)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            out.ruleCounts[i] = route.apply(i).rules(direction).size();
        }
        out.route = route;
        out.layers = n;
        return true;
    }

    /**
     * {@link #plainVerdict} of an IPv4 query whose remote address is given as its 32 bits: the same answer, and
     * nothing allocated once everything is built (no remote address, no packet; the remote host is found in the
     * address index of {@link Endpoints#soleCandidateV4}). False as well for a local address that is not IPv4.
     */
    public boolean plainVerdictV4(NicEntry nic, Direction direction, Protocol protocol, IpAddress local,
                                  int localPort, long remote, int remotePort, PlainVerdict out) {
        if (local.family() != IpFamily.V4) {
            return false;
        }
        NicContext context = nic.contextOrNull(local);
        if (context == null || context.refusal != null || context.identities.size() != 1) {
            return false;
        }
        if (protocol.hasPorts() && (localPort < 0 || remotePort < 0)) {
            return false;
        }
        Endpoints.Candidate remoteIdentity = endpoints.soleCandidateV4(remote, context.reachable);
        if (remoteIdentity == null) {
            return false;
        }
        Route route = context.route(direction);
        if (route.admin != null && !route.admin.isEmpty()) {
            return false; // security admin rules decide first: the full evaluation reads them
        }
        AsgSet localAsgs = AsgSet.of(context.identities.get(0).asgs());
        AsgSet remoteAsgs = AsgSet.of(remoteIdentity.asgs());
        boolean ports = protocol.hasPorts();
        if (direction == Direction.INBOUND) {
            out.flow.set(protocol, remote, ports ? remotePort : -1, remoteAsgs, local.lo(), ports ? localPort : -1,
                    localAsgs);
        } else {
            out.flow.set(protocol, local.lo(), ports ? localPort : -1, localAsgs, remote, ports ? remotePort : -1,
                    remoteAsgs);
        }
        int n = route.layers.size();
        if (out.rules.length < n) {
            out.rules = new int[n];
            out.ruleCounts = new int[n];
        }
        if (!evaluator.certainDecisions(route.layers, route, direction, out.flow, out.rules)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            out.ruleCounts[i] = route.apply(i).rules(direction).size();
        }
        out.route = route;
        out.layers = n;
        return true;
    }

    /**
     * One NIC: its IP configurations by static address, the usable ranges of its dynamic ones, and the
     * context of each configuration (built on first use).
     */
    public final class NicEntry {
        private final NetworkInterface nic;
        private final Map<IpAddress, Integer> staticAt = new HashMap<>();
        private final IpRange[] dynamicRanges;
        private final AtomicReferenceArray<NicContext> contexts;
        /** The context found last and its address: queries from one address (the usual flows file) hash it once. */
        private volatile ContextHit lastHit;

        NicEntry(NetworkInterface nic) {
            this.nic = nic;
            List<IpConfiguration> ips = nic.ipConfigurations();
            this.dynamicRanges = new IpRange[ips.size()];
            this.contexts = new AtomicReferenceArray<>(ips.size());
            for (int i = 0; i < ips.size(); i++) {
                IpConfiguration ip = ips.get(i);
                if (!ip.isDynamic()) {
                    IpAddress address = Endpoints.parseOrNull(ip.privateIPAddress());
                    if (address != null) {
                        staticAt.putIfAbsent(address, i);
                    }
                } else {
                    dynamicRanges[i] = endpoints.usableRange(ip).orElse(null);
                }
            }
        }

        /** The context of the configuration that has {@code local}: a static one first, else a dynamic one. */
        NicContext context(IpAddress local) {
            NicContext c = contextOrNull(local);
            if (c == null) {
                throw notAnAddressOf(nic, local);
            }
            return c;
        }

        /** The same, or null when no configuration of the NIC has {@code local}. */
        NicContext contextOrNull(IpAddress local) {
            ContextHit hit = lastHit;
            // The same object first: a caller that keeps its address (verify --flows) skips the record's equals.
            if (hit != null && (hit.local == local || hit.local.equals(local))) {
                return hit.context;
            }
            NicContext found = find(local);
            if (found != null) {
                lastHit = new ContextHit(local, found);
            }
            return found;
        }

        private NicContext find(IpAddress local) {
            Integer at = staticAt.get(local);
            int i = at != null ? at : -1;
            for (int k = 0; i < 0 && k < dynamicRanges.length; k++) {
                if (dynamicRanges[k] != null && dynamicRanges[k].contains(local)) {
                    i = k;
                }
            }
            if (i < 0) {
                return null;
            }
            NicContext c = contexts.get(i);
            if (c == null) {
                contexts.compareAndSet(i, null, new NicContext(nic, nic.ipConfigurations().get(i)));
                c = contexts.get(i);
            }
            return c;
        }
    }

    private record ContextHit(IpAddress local, NicContext context) {
    }

    /** Everything about a query at one IP configuration of a NIC that does not depend on the packet. */
    private final class NicContext {
        /** The answer to every query when the NSGs on the path are not known, else null. */
        final Answer refusal;
        final List<String> notes;
        final Set<String> reachable;
        final List<Endpoints.Candidate> identities;
        private final Route inbound;
        private final Route outbound;

        NicContext(NetworkInterface nic, IpConfiguration ip) {
            Optional<Topology.SubnetRef> subnet = index.subnet(ip.subnet());
            List<String> reasons = new ArrayList<>();
            Layer subnetLayer = null;
            NetworkView view;
            Set<String> reachableVnets = null;
            if (subnet.isPresent()) {
                VirtualNetwork vnet = subnet.get().virtualNetwork();
                view = evaluator.view(vnet);
                reachableVnets = endpoints.reachableFrom(vnet);
                String subnetNsg = subnet.get().subnet().networkSecurityGroup();
                if (subnet.get().subnet().isUnresolved("networkSecurityGroup")) {
                    reasons.add("the NSG of subnet " + subnet.get().reference() + " is not known: "
                            + unresolvedText(subnet.get().subnet().unresolved(), "networkSecurityGroup"));
                } else if (subnetNsg != null) {
                    if (index.networkSecurityGroup(subnetNsg).isPresent()) {
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
                if (index.networkSecurityGroup(nic.networkSecurityGroup()).isPresent()) {
                    nicLayer = new Layer(canonicalNsg(nic.networkSecurityGroup()), "nic:" + nic.name());
                } else {
                    reasons.add("NIC " + nic.name() + " names NSG '" + nic.networkSecurityGroup()
                            + "', which is not defined");
                }
            }
            this.notes = view.isAssumed() ? List.of(NetworkView.D3_NOTE) : List.of();
            this.reachable = reachableVnets;
            if (!reasons.isEmpty()) {
                this.refusal = new Answer(new FlowResult(null, null, null, List.of(), reasons, List.of()), notes);
                this.identities = null;
                this.inbound = null;
                this.outbound = null;
            } else {
                this.refusal = null;
                this.identities = endpoints.identitiesOf(nic, ip);
                // Admin rules act at VNet level, before the NSGs, in both directions (DOC-AVNM).
                AdminLayer admin = evaluator.adminRules().layer(subnet.get().virtualNetwork().name(),
                        subnet.get().subnet().name());
                this.inbound = new Route(admin, FlowEvaluator.layers(Direction.INBOUND, subnetLayer, nicLayer), view,
                        Direction.INBOUND);
                this.outbound = new Route(admin, FlowEvaluator.layers(Direction.OUTBOUND, subnetLayer, nicLayer), view,
                        Direction.OUTBOUND);
            }
        }

        Route route(Direction direction) {
            return direction == Direction.INBOUND ? inbound : outbound;
        }
    }

    /**
     * The NSG layers of one direction seen from one view, with each layer's compiled NSG and the
     * representative source ports looked up on first use and kept.
     */
    private final class Route implements IntFunction<CompiledNsg> {
        /** The security admin rules in front of the NSGs; null with {@code --nsg}, which judges an NSG alone. */
        final AdminLayer admin;
        final List<Layer> layers;
        final NetworkView view;
        final Direction direction;
        private final AtomicReferenceArray<CompiledNsg> compiled;
        private volatile List<Integer> sourcePorts;

        Route(AdminLayer admin, List<Layer> layers, NetworkView view, Direction direction) {
            this.admin = admin;
            this.layers = layers;
            this.view = view;
            this.direction = direction;
            this.compiled = new AtomicReferenceArray<>(layers.size());
            this.seen = new CompiledNsg[layers.size()];
        }

        /**
         * {@link #compiled} again, read without a volatile access (a VarHandle call in the C1-compiled code
         * bin/nsgaudit runs): a thread that sees null here reads {@link #compiled}; a CompiledNsg is safe to share
         * once constructed (its fields are final or volatile).
         */
        private final CompiledNsg[] seen;

        @Override
        public CompiledNsg apply(int i) {
            CompiledNsg c = seen[i];
            if (c != null) {
                return c;
            }
            c = compiled.get(i);
            if (c == null) {
                c = evaluator.compiled(layers.get(i).networkSecurityGroup(), view);
                compiled.set(i, c);
            }
            seen[i] = c;
            return c;
        }

        /** One port from each stretch of source ports that no rule boundary splits. */
        List<Integer> representativeSourcePorts() {
            List<Integer> ports = sourcePorts;
            if (ports == null) {
                TreeSet<Integer> cuts = new TreeSet<>();
                cuts.add(0);
                List<List<CompiledRule>> lists = new ArrayList<>();
                if (admin != null) {
                    lists.add(admin.rules(direction).stream().map(CompiledAdminRule::rule).toList());
                }
                for (int i = 0; i < layers.size(); i++) {
                    lists.add(apply(i).rules(direction));
                }
                for (List<CompiledRule> list : lists) {
                    for (CompiledRule rule : list) {
                        PortSet set = rule.sourcePorts();
                        for (int r = 0; r < set.rangeCount(); r++) {
                            cuts.add(set.start(r));
                            if (set.end(r) < PortSet.MAX_PORT) {
                                cuts.add(set.end(r) + 1);
                            }
                        }
                    }
                }
                ports = List.copyOf(cuts);
                sourcePorts = ports;
            }
            return ports;
        }
    }

    private Answer verifyNsg(FlowQuery query) {
        String nsgName = index.networkSecurityGroup(query.nsg()).map(n -> n.name()).orElseThrow(() ->
                new IllegalArgumentException("no NSG named '" + query.nsg() + "'; NSGs in the input: "
                        + names(topology.networkSecurityGroups().stream().map(n -> n.name()).toList())));
        NsgRoutes routes = nsgRoutes.computeIfAbsent(nsgName, NsgRoutes::new);
        List<FlowResult> perView = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (routes.reachable.isEmpty()) {
            notes.add(NetworkView.D3_NOTE);
        }
        List<Route> byView = routes.routes(query.direction());
        for (int v = 0; v < byView.size(); v++) {
            Set<String> reachableVnets = routes.reachable.isEmpty() ? null : routes.reachable.get(v);
            perView.add(evaluateCases(query, byView.get(v), endpoints.candidates(query.localAddress(), reachableVnets),
                    endpoints.candidates(query.remoteAddress(), reachableVnets)));
        }
        return new Answer(FlowResult.merge(perView, "NSG " + nsgName + " is attached in several virtual networks"
                + " whose VirtualNetwork/Internet tags differ"), notes);
    }

    /**
     * One NSG judged on its own, seen from each virtual network it is attached in (D3 when none): per view,
     * the networks reachable from it (empty for D3) and the route of each direction.
     */
    private final class NsgRoutes {
        final List<Set<String>> reachable = new ArrayList<>();
        private final List<Route> inbound = new ArrayList<>();
        private final List<Route> outbound = new ArrayList<>();

        NsgRoutes(String nsgName) {
            List<Layer> layers = List.of(new Layer(nsgName, "nsg:" + nsgName));
            Map<String, VirtualNetwork> vnets = new LinkedHashMap<>();
            for (Topology.SubnetRef s : topology.subnets()) {
                if (nsgName.equalsIgnoreCase(s.subnet().networkSecurityGroup())) {
                    vnets.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork());
                }
            }
            for (NetworkInterface nic : topology.networkInterfaces()) {
                if (nsgName.equalsIgnoreCase(nic.networkSecurityGroup())) {
                    for (IpConfiguration ip : nic.ipConfigurations()) {
                        index.subnet(ip.subnet()).ifPresent(s ->
                                vnets.put(Topology.key(s.virtualNetwork().name()), s.virtualNetwork()));
                    }
                }
            }
            if (vnets.isEmpty()) {
                NetworkView view = evaluator.view(null);
                inbound.add(new Route(null, layers, view, Direction.INBOUND));
                outbound.add(new Route(null, layers, view, Direction.OUTBOUND));
            } else {
                for (VirtualNetwork vnet : vnets.values()) {
                    reachable.add(endpoints.reachableFrom(vnet));
                    NetworkView view = evaluator.view(vnet);
                    inbound.add(new Route(null, layers, view, Direction.INBOUND));
                    outbound.add(new Route(null, layers, view, Direction.OUTBOUND));
                }
            }
        }

        List<Route> routes(Direction direction) {
            return direction == Direction.INBOUND ? inbound : outbound;
        }
    }

    private FlowResult evaluateCases(FlowQuery query, Route route, List<Endpoints.Candidate> locals,
                                     List<Endpoints.Candidate> remotes) {
        boolean inbound = query.direction() == Direction.INBOUND;
        Integer sourcePort = inbound ? query.remotePort() : query.localPort();
        Integer destinationPort = inbound ? query.localPort() : query.remotePort();
        List<Integer> sourcePorts = sourcePort != null || !query.protocol().hasPorts()
                ? List.of(sourcePort == null ? -1 : sourcePort)
                : route.representativeSourcePorts();
        List<FlowResult> byIdentity = new ArrayList<>(locals.size() * remotes.size());
        for (Endpoints.Candidate local : locals) {
            for (Endpoints.Candidate remote : remotes) {
                List<FlowResult> byPort = new ArrayList<>(sourcePorts.size());
                for (int port : sourcePorts) {
                    Packet packet = inbound
                            ? new Packet(query.protocol(), query.remoteAddress(), port, remote.asgs(),
                            query.localAddress(), destinationPort == null ? -1 : destinationPort, local.asgs())
                            : new Packet(query.protocol(), query.localAddress(), port, local.asgs(),
                            query.remoteAddress(), destinationPort == null ? -1 : destinationPort, remote.asgs());
                    byPort.add(evaluator.evaluate(route.admin, route.layers, route, query.direction(), packet));
                }
                byIdentity.add(byPort.size() == 1 ? byPort.get(0) : FlowResult.merge(byPort, "the source port is '*'"));
            }
        }
        // With one case there is nothing to merge (and no need to say who the candidates are).
        return byIdentity.size() == 1 ? byIdentity.get(0) : FlowResult.merge(byIdentity, describe(locals, remotes));
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

    /** The error for a local address that none of the NIC's IP configurations has. */
    private IllegalArgumentException notAnAddressOf(NetworkInterface nic, IpAddress local) {
        List<String> have = new ArrayList<>();
        for (IpConfiguration ip : nic.ipConfigurations()) {
            have.add(ip.isDynamic()
                    ? "dynamic in " + endpoints.usableRange(ip).map(Object::toString).orElse(ip.subnet())
                    : ip.privateIPAddress());
        }
        return new IllegalArgumentException("local address " + local + " is not an address of NIC " + nic.name()
                + " (its addresses: " + String.join(", ", have) + "); pass one of them with --local");
    }

    private static String unresolvedText(List<dev.nsgaudit.model.UnresolvedValue> values, String property) {
        return values.stream().filter(u -> u.property().equals(property))
                .map(u -> u.expression() + " " + u.reason()).findFirst().orElse("");
    }

    private String canonicalNsg(String name) {
        return index.networkSecurityGroup(name).map(n -> n.name()).orElse(name);
    }

    private static String names(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
