package dev.nsgaudit.analyze.exposure;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.AdminPlaces;
import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.analyze.EndpointSpaces;
import dev.nsgaudit.analyze.Place;
import dev.nsgaudit.analyze.WitnessTracer;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.analyze.space.AdminSets;
import dev.nsgaudit.analyze.space.BddAlgebra;
import dev.nsgaudit.analyze.space.FirstMatch;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HeaderWitness;
import dev.nsgaudit.analyze.space.LayerAllow;
import dev.nsgaudit.analyze.space.RuleSetLookup;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.PortField;
import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;
import dev.nsgaudit.model.Witness;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.net.IpFamily;
import dev.nsgaudit.net.IpPrefix;
import dev.nsgaudit.net.IpRange;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The exposure questions of the catalog, asked exactly over the analysis engine: which Internet (or, for lateral
 * movement, VirtualNetwork) addresses can open a connection to a service on a target, given every rule, priority
 * and both NSG layers? Targets are the NIC IP configurations behind at least one NSG, the other hosts of subnets
 * with an NSG, and NSGs attached to nothing (judged on their own). An exposure check fires when more addresses
 * than the threshold can (default 16,777,216, a /8; for IPv6 the same share of the address space), however the
 * rules spell it; it counts what may be allowed, so an answer that depends on unresolved values still fires and
 * says so.
 */
public final class ExposureChecker {

    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final HeaderSpace space;
    private final EndpointSpaces endpoints;
    private final LayerAllow layers;
    private final WitnessTracer tracer;
    private final Attachments attachments;
    private final double threshold;
    /** The security admin layer in front of a target's NSGs. */
    private final AdminPlaces admin;
    private final FirstMatch<BDD> adminFirstMatch;
    private final AdminSets<BDD> adminSets;
    private final RuleSetLookup ruleSets;

    /**
     * A place that an exposure is asked about, with the addresses it can be reached at; {@code named} the ASGs the
     * rules of its question name, among which its membership and the sources' are fixed ({@link #namedOnPath}).
     */
    private record Target(String name, Place place, VirtualNetwork vnet, BDD destination, String nsgAlone,
                          Set<String> named) {
    }

    public ExposureChecker(FlowEvaluator evaluator, HeaderSpace space, EndpointSpaces endpoints, RuleSetLookup ruleSets,
                           double threshold) {
        this.topology = evaluator.topology();
        this.evaluator = evaluator;
        this.space = space;
        this.endpoints = endpoints;
        this.layers = new LayerAllow(topology, space, ruleSets, false); // each target's bounds are used once
        this.ruleSets = ruleSets;
        this.tracer = new WitnessTracer(evaluator);
        this.attachments = new Attachments(topology);
        this.threshold = threshold;
        this.admin = new AdminPlaces(evaluator);
        this.adminFirstMatch = new FirstMatch<>(new BddAlgebra(space));
        this.adminSets = new AdminSets<>(adminFirstMatch);
    }

    public List<CheckOutcome> check(CatalogRule rule) {
        return checkAll(List.of(rule)).get(0);
    }

    /**
     * The outcomes of each rule (in the order of {@code rules}), each rule's in the order of the targets. Asked target
     * by target: a target's layer bounds are built once for every rule and dropped before the next target, so that
     * what is kept does not grow with the estate (kept for every target across rules, they were most of the heap of a
     * large estate's exposure phase).
     */
    public List<List<CheckOutcome>> checkAll(List<CatalogRule> rules) {
        List<List<CheckOutcome>> out = new ArrayList<>();
        rules.forEach(r -> out.add(new ArrayList<>()));
        for (Target target : targets()) {
            LayerAllow.Bounds allow = allowed(target);
            for (int i = 0; i < rules.size(); i++) {
                CatalogRule rule = rules.get(i);
                out.get(i).add(new CheckOutcome(rule.id(), target.name(), exposure(rule, target, allow)));
            }
            allow.low().free();
            allow.high().free();
            target.destination().free();
        }
        return out;
    }

    /** Frees what the checker keeps between checks. */
    public void free() {
        layers.free();
        adminSets.free();
        adminFirstMatch.free();
    }

    private List<Target> targets() {
        Topology t = topology;
        List<Target> out = new ArrayList<>();
        for (NetworkInterface nic : t.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                Optional<Topology.SubnetRef> subnet = t.subnet(ip.subnet());
                // Security admin rules filter too: a NIC behind them alone is asked about as well.
                boolean filtered = nic.networkSecurityGroup() != null
                        || subnet.map(s -> s.subnet().networkSecurityGroup() != null).orElse(false)
                        || subnet.map(s -> !AdminSets.passesAll(admin.rules().layer(s), Direction.INBOUND)).orElse(false);
                if (!filtered) {
                    continue; // no NSG at all: reported as subnet-without-nsg, not as an exposure
                }
                String name = "nic:" + nic.name() + (nic.ipConfigurations().size() > 1 ? "/" + ip.name() : "");
                Place place = new Place(Place.Kind.NIC, "NIC " + nic.name(), nic, ip, subnet.orElse(null),
                        endpoints.addresses(ip), ip.isUnresolved("applicationSecurityGroups") ? null
                        : endpoints.membership(ip));
                VirtualNetwork vnet = subnet.map(Topology.SubnetRef::virtualNetwork).orElse(null);
                Set<String> named = namedOnPath(place, vnet);
                out.add(new Target(name, place, vnet, endpoints.asDestination(ip, named), null, named));
            }
        }
        for (Topology.SubnetRef subnet : t.subnets()) {
            if (subnet.subnet().networkSecurityGroup() == null
                    && AdminSets.passesAll(admin.rules().layer(subnet), Direction.INBOUND)) {
                continue;
            }
            AddressSet others = hostAddresses(subnet);
            for (IpConfiguration ip : endpoints.configurationsIn(subnet)) {
                if (!ip.isDynamic()) {
                    others = others.minus(endpoints.addresses(ip));
                }
            }
            if (others.isEmpty()) {
                continue;
            }
            Place place = new Place(Place.Kind.SUBNET_HOSTS, "other hosts of subnet " + subnet.reference(), null, null,
                    subnet, others, Set.of());
            Set<String> named = namedOnPath(place, subnet.virtualNetwork());
            BDD destination = space.destinationAddresses(others).andWith(space.destinationMembership(Set.of(), named));
            out.add(new Target("subnet:" + subnet.reference(), place, subnet.virtualNetwork(), destination, null,
                    named));
        }
        for (NetworkSecurityGroup nsg : t.networkSecurityGroups()) {
            if (!attachments.isAttached(nsg)) {
                out.add(new Target("nsg:" + nsg.name(), null, null, space.all(), nsg.name(),
                        ruleSets.of(nsg.name(), Direction.INBOUND, null).namedAsgs()));
            }
        }
        return out;
    }

    /**
     * The ASGs a place's question reads: those the inbound rules of the NSGs on its path name, and those of the
     * security admin layer in front of them. No other ASG can change an answer, so memberships (the place's, the
     * Internet's) are fixed among these only ({@link HeaderSpace#destinationMembership(Set, Set)}).
     */
    private Set<String> namedOnPath(Place place, VirtualNetwork vnet) {
        Set<String> out = new HashSet<>();
        if (place.subnet() != null) {
            addNamed(out, place.subnet().subnet().networkSecurityGroup(), vnet);
        }
        if (place.kind() == Place.Kind.NIC) {
            addNamed(out, place.nic().networkSecurityGroup(), vnet);
        }
        var layer = admin.of(place);
        if (layer != null) {
            for (CompiledAdminRule r : layer.rules(Direction.INBOUND)) {
                out.addAll(r.rule().sourceAsgs());
                out.addAll(r.rule().destinationAsgs());
            }
        }
        return out;
    }

    private void addNamed(Set<String> out, String nsg, VirtualNetwork vnet) {
        if (nsg != null && topology.networkSecurityGroup(nsg).isPresent()) {
            out.addAll(ruleSets.of(nsg, Direction.INBOUND, vnet).namedAsgs());
        }
    }

    /**
     * The addresses a host of the subnet can have: each prefix minus its first four and its last address, which
     * Azure reserves (as for dynamic addresses, D8), so that a witness is never a reserved address. Every address
     * when the prefixes are not known.
     */
    private AddressSet hostAddresses(Topology.SubnetRef subnet) {
        if (subnet.subnet().isUnresolved("addressPrefix") || subnet.subnet().isUnresolved("addressPrefixes")) {
            return endpoints.prefixes(subnet);
        }
        List<IpRange> ranges = new ArrayList<>();
        for (String text : subnet.subnet().addressPrefixes()) {
            IpPrefix prefix;
            try {
                prefix = IpPrefix.parse(text).prefix();
            } catch (IllegalArgumentException e) {
                continue; // reported by the topology validator
            }
            IpAddress first = prefix.first();
            for (int i = 0; i < 4 && first != null; i++) {
                first = first.next();
            }
            IpAddress last = prefix.last().previous();
            if (first != null && last != null && first.compareTo(last) <= 0) {
                ranges.add(new IpRange(first, last));
            }
        }
        return AddressSet.ofRanges(ranges);
    }

    private List<Finding> exposure(CatalogRule rule, Target target, LayerAllow.Bounds allow) {
        NetworkView view = evaluator.view(target.vnet());
        boolean lateral = rule.checkType().equals("lateral");
        AddressSet sources = lateral ? view.virtualNetwork().minus(NetworkView.AZURE_HOST).minus(target.place() == null
                ? AddressSet.EMPTY : target.place().addresses()) : view.internet();
        BDD from = space.sourceAddresses(sources);
        if (!lateral) {
            from.andWith(space.sourceMembership(Set.of(), target.named())); // Internet hosts are in no ASG
        }
        List<Finding> out = new ArrayList<>();
        for (CatalogRule.Traffic traffic : rule.traffic()) {
            BDD reach = traffic(traffic);
            if (reach == null) {
                continue;
            }
            BDD possible = allow.high().and(target.destination()).andWith(from.id()).andWith(reach.id());
            BDD certain = allow.low().and(target.destination()).andWith(from.id()).andWith(reach);
            boolean allPorts = rule.checkType().equals("exposure-all-ports");
            if (allPorts) {
                possible = swap(possible, space.forAllDestinationPorts(possible));
                certain = swap(certain, space.forAllDestinationPorts(certain));
            }
            if (fires(possible, lateral)) {
                boolean sure = fires(certain, lateral);
                // A sure exposure shows a packet that is allowed whatever the unresolved values are.
                BDD shown = sure ? certain : possible;
                Ports ports = allPorts ? null : openPorts(shown, possible, traffic, lateral);
                if (ports != null) {
                    // Counted and shown over the ports named, so that the count and the example match the message.
                    BDD named = space.destinationPorts(ports.open());
                    shown = shown.and(named); // before possible is replaced: shown may be possible itself
                    possible = swap(possible, possible.and(named));
                    named.free();
                } else {
                    shown = shown.id();
                }
                double v4 = space.countSourceAddresses(possible, IpFamily.V4);
                double v6 = space.countSourceAddresses(possible, IpFamily.V6);
                out.add(finding(rule, target, traffic, ports, shown, v4, v6, sure, lateral));
                shown.free();
            }
            possible.free();
            certain.free();
        }
        from.free();
        return out;
    }

    /** The check's own test: more Internet addresses than the threshold (any VirtualNetwork address for lateral). */
    private boolean fires(BDD set, boolean lateral) {
        return lateral ? !set.isZero() : space.countSourceAddresses(set, IpFamily.V4) > threshold
                || space.countSourceAddresses(set, IpFamily.V6) > threshold * Math.pow(2, 96);
    }

    /**
     * The asked ports that are open, to name instead of the ports asked: {@code open} those at which {@code shown}
     * alone makes the check fire; {@code onlyIfUnresolved} those at which only {@code possible} does (for a sure
     * exposure, ports that unresolved values may open too).
     */
    private record Ports(PortSet open, PortSet onlyIfUnresolved) {
    }

    /**
     * The ports at which the check would fire on that port alone. When no port does on its own (several ports each
     * open to fewer addresses than the threshold, together to more), the ports open to any source address: the
     * message then still names only ports that are open, and the count is over them.
     */
    private Ports openPorts(BDD shown, BDD possible, CatalogRule.Traffic traffic, boolean lateral) {
        PortSet asked = PortField.parse("ports", traffic.ports(), List.of()).ports();
        PortSet open = space.destinationPortsWhere(shown, asked, b -> fires(b, lateral));
        if (open.isEmpty()) {
            open = space.destinationPortsWhere(shown, asked, b -> !b.isZero());
        }
        BDD named = space.destinationPorts(open);
        BDD rest = HeaderSpace.minus(possible, named);
        named.free();
        PortSet more = shown == possible ? PortSet.EMPTY : space.destinationPortsWhere(rest, asked, b -> fires(b, lateral));
        rest.free();
        return new Ports(open, more);
    }

    /** Ports as a reader writes them: {@code 22, 3389}, {@code 8000-8080}. */
    static String describe(PortSet ports) {
        if (ports.isAll()) {
            return "*";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < ports.rangeCount(); i++) {
            parts.add(ports.start(i) == ports.end(i) ? Integer.toString(ports.start(i))
                    : ports.start(i) + "-" + ports.end(i));
        }
        return String.join(", ", parts);
    }

    private static BDD swap(BDD old, BDD replacement) {
        old.free();
        return replacement;
    }

    /**
     * The layers' bounds within the target's own packets (an NSG judged alone: the whole space), behind the security
     * admin layer of the target's network ({@link AdminSets}).
     */
    private LayerAllow.Bounds allowed(Target target) {
        if (target.nsgAlone() != null) {
            return layers.of(target.nsgAlone(), false, Direction.INBOUND, null, AddressSet.ALL, null);
        }
        LayerAllow.Bounds nsgs = nsgLayers(target);
        var layer = admin.of(target.place());
        if (AdminSets.passesAll(layer, Direction.INBOUND)) {
            return nsgs;
        }
        Place p = target.place();
        BDD here = layers.region(Direction.INBOUND, p.addresses(), p.membership(), target.named());
        BDD low = adminSets.allowed(layer, Direction.INBOUND, here, FirstMatch.Bound.LOW, t -> t.and(nsgs.low()));
        BDD high = adminSets.allowed(layer, Direction.INBOUND, here, FirstMatch.Bound.HIGH, t -> t.and(nsgs.high()));
        here.free();
        nsgs.low().free();
        nsgs.high().free();
        return new LayerAllow.Bounds(low, high);
    }

    /** The subnet's and the NIC's NSG layers of a place target. */
    private LayerAllow.Bounds nsgLayers(Target target) {
        Place p = target.place();
        VirtualNetwork vnet = target.vnet();
        LayerAllow.Bounds subnet = p.subnet() == null
                ? layers.of(null, true, Direction.INBOUND, null, p.addresses(), p.membership())
                : layers.of(p.subnet().subnet().networkSecurityGroup(),
                p.subnet().subnet().isUnresolved("networkSecurityGroup"), Direction.INBOUND, vnet, p.addresses(),
                p.membership(), target.named());
        if (p.kind() == Place.Kind.SUBNET_HOSTS) {
            return subnet;
        }
        LayerAllow.Bounds nic = layers.of(p.nic().networkSecurityGroup(), p.nic().isUnresolved("networkSecurityGroup"),
                Direction.INBOUND, vnet, p.addresses(), p.membership(), target.named());
        return new LayerAllow.Bounds(subnet.low().andWith(nic.low()), subnet.high().andWith(nic.high()));
    }

    private BDD traffic(CatalogRule.Traffic traffic) {
        Optional<Integer> mask = Protocol.ruleMask(traffic.protocol());
        PortField.Parsed ports = PortField.parse("ports", traffic.ports(), List.of());
        if (mask.isEmpty() || !ports.certain()) {
            return null;
        }
        return space.protocols(mask.get()).andWith(space.destinationPorts(ports.ports()));
    }

    private Finding finding(CatalogRule rule, Target target, CatalogRule.Traffic traffic, Ports ports, BDD shown,
                            double v4, double v6, boolean sure, boolean lateral) {
        // A realistic packet (a public source, an ephemeral source port), still one of the set: written once in
        // the set algebra.
        HeaderWitness h = new BddAlgebra(space).realisticWitness(shown);
        Witness witness = target.place() == null ? alone(h, target.nsgAlone())
                : tracer.trace(h, null, target.place());
        String nsg;
        String ruleName;
        String how;
        boolean conclusive = witness.decidedBy().stream().noneMatch(d -> d.access().equals("Unknown"));
        if (conclusive) {
            Witness.DecidedBy allowing = witness.decidedBy().isEmpty() ? null
                    : witness.decidedBy().get(witness.decidedBy().size() - 1);
            nsg = allowing == null ? null : allowing.networkSecurityGroup();
            ruleName = allowing == null ? null : allowing.rule();
            how = ", allowed by ";
        } else {
            // A rule with unresolved values may match the packet first: name it (or, when the exposure is sure,
            // the rule that allows the packet whatever it turns out to be), never the trace's "undetermined" entry.
            Decisive decisive = decisive(h, target, sure);
            nsg = decisive == null ? null : decisive.nsg();
            ruleName = decisive == null ? null : decisive.rule();
            how = sure ? ", allowed by " : ", allowed only if this rule with unresolved values matches it: ";
        }
        boolean named = ruleName != null;
        SourceRef at = location(nsg, ruleName);
        String count = lateral ? "VirtualNetwork addresses" : describeCount(v4, v6);
        String portText = ports == null ? traffic.ports() + " (every port)" : describe(ports.open())
                + (ports.onlyIfUnresolved().isEmpty() ? "" : " (and " + describe(ports.onlyIfUnresolved())
                + " only if unresolved values allow it)");
        if (ruleName != null && nsg == null && ruleName.startsWith(CompiledAdminRule.PREFIX)) {
            at = adminLocation(ruleName);
        }
        String message = count + " can open " + traffic.protocol() + " " + portText + " to " + target.name()
                + ", for example " + witness.describe() + (ruleName == null ? "" : how + (nsg == null ? "" : nsg + " ")
                + ruleName) + (sure || !conclusive && named ? "" : " (only if unresolved values allow it)");
        String shortRule = ruleName == null ? null : ruleName.substring(ruleName.indexOf('/') + 1);
        return new Finding(rule.id(), rule.severity(), message, at, nsg, shortRule, List.of(), witness, target.name());
    }

    /** An NSG and one of its rules ({@code securityRules/<name>} or {@code defaultSecurityRules/<Name>}). */
    private record Decisive(String nsg, String rule) {
    }

    /**
     * For a witness whose trace is inconclusive, the rule to name: when {@code sure}, the certain rule of the last
     * layer (the packet is allowed whatever the unresolved values are); otherwise the first rule with unresolved
     * values that may match it. Null when there is none (an unresolved NSG reference, say).
     */
    private Decisive decisive(HeaderWitness h, Target target, boolean sure) {
        dev.nsgaudit.semantics.Packet packet = packet(h);
        NetworkView view = evaluator.view(target.vnet());
        List<String> path = new ArrayList<>();
        if (target.nsgAlone() != null) {
            path.add(target.nsgAlone());
        } else {
            Place p = target.place();
            if (p.subnet() != null) {
                path.add(p.subnet().subnet().networkSecurityGroup());
            }
            if (p.kind() == Place.Kind.NIC) {
                path.add(p.nic().networkSecurityGroup());
            }
        }
        Decisive last = null;
        for (String name : path) {
            if (name == null || topology.networkSecurityGroup(name).isEmpty()) {
                continue;
            }
            dev.nsgaudit.eval.CompiledNsg nsg = evaluator.compiled(name, view);
            dev.nsgaudit.eval.CompiledNsg.Decision d = nsg.decide(Direction.INBOUND, packet);
            if (!sure) {
                for (dev.nsgaudit.semantics.CompiledRule maybe : d.mayDecideInstead()) {
                    if (!maybe.certain()) {
                        return new Decisive(nsg.name(), maybe.displayName());
                    }
                }
            }
            last = new Decisive(nsg.name(), d.rule().displayName());
        }
        return sure ? last : null;
    }

    private static dev.nsgaudit.semantics.Packet packet(HeaderWitness h) {
        return new dev.nsgaudit.semantics.Packet(h.protocol(), h.sourceAddress(), h.sourcePort(),
                new java.util.LinkedHashSet<>(h.sourceAsgs()), h.destinationAddress(), h.destinationPort(),
                new java.util.LinkedHashSet<>(h.destinationAsgs()));
    }

    /** An unattached NSG judged on its own: the witness through that NSG alone. */
    private Witness alone(HeaderWitness h, String nsg) {
        var result = evaluator.evaluate(List.of(new dev.nsgaudit.eval.Layer(nsg, "nsg:" + nsg)),
                evaluator.view(null), Direction.INBOUND, packet(h));
        List<Witness.DecidedBy> decided = new ArrayList<>();
        result.evaluations().forEach(e -> decided.add(new Witness.DecidedBy(e.networkSecurityGroup(), e.appliedTo(),
                e.matchedRule(), e.access().label())));
        if (!result.conclusive()) {
            // As the tracer does for attached places: the verdict depends on unresolved values.
            decided.add(new Witness.DecidedBy(null, "nsg:" + nsg, "undetermined: "
                    + String.join("; ", result.reasons()), "Unknown"));
        }
        return new Witness("Inbound", h.protocol().label(), h.sourceAddress().toString(),
                h.sourcePort() < 0 ? null : h.sourcePort(), h.destinationAddress().toString(),
                h.destinationPort() < 0 ? null : h.destinationPort(), decided);
    }

    /** Where a security admin rule ({@code securityAdminRules/<manager>/<configuration>/<collection>/<rule>}) is defined. */
    private SourceRef adminLocation(String displayName) {
        for (var c : topology.securityAdminConfigurations()) {
            for (var col : c.ruleCollections()) {
                for (var r : col.rules()) {
                    if (CompiledAdminRule.displayName(c.networkManager(), c.name(), col.name(), r.name())
                            .equalsIgnoreCase(displayName)) {
                        return r.source();
                    }
                }
            }
        }
        return SourceRef.UNKNOWN;
    }

    /** Where the allowing rule is defined; the NSG itself for a default rule. */
    private SourceRef location(String nsgName, String ruleName) {
        if (nsgName == null) {
            return SourceRef.UNKNOWN;
        }
        Optional<NetworkSecurityGroup> nsg = topology.networkSecurityGroup(nsgName);
        if (nsg.isEmpty()) {
            return SourceRef.UNKNOWN;
        }
        if (ruleName != null && ruleName.startsWith("securityRules/")) {
            String name = ruleName.substring("securityRules/".length());
            for (SecurityRule r : nsg.get().securityRules()) {
                if (r.name().equalsIgnoreCase(name)) {
                    return r.source();
                }
            }
        }
        return nsg.get().source();
    }

    private static String describeCount(double v4, double v6) {
        NumberFormat f = NumberFormat.getIntegerInstance(Locale.ROOT);
        List<String> parts = new ArrayList<>();
        if (v4 > 0) {
            parts.add(f.format(v4) + " IPv4 Internet addresses");
        }
        if (v6 > 0) {
            // IPv6 counts say nothing as numbers: the share of the address space, as the prefix of that size.
            int exponent = Math.getExponent(v6);
            parts.add((v6 == Math.scalb(1.0, exponent) ? "a /" : "more than a /") + (128 - exponent)
                    + " of the IPv6 Internet");
        }
        return String.join(" and ", parts);
    }

}
