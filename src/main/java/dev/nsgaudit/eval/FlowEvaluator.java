package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.Packet;
import dev.nsgaudit.semantics.PlatformService;
import dev.nsgaudit.semantics.RuleCompiler;

import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import dev.nsgaudit.model.TopologyIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Evaluates a packet through the NSGs on its path (SPEC section 2): inbound subnet NSG then NIC NSG, outbound
 * NIC NSG then subnet NSG; any Deny wins; a missing NSG allows. Compiled NSGs are cached per network view.
 * Safe for concurrent use: the caches are concurrent maps, read without locking.
 */
public final class FlowEvaluator {

    private final Topology topology;
    private final TopologyIndex index;
    private final ServiceTags serviceTags;
    /** By lower-cased VNet name ("" for the D3 view). */
    private final ConcurrentHashMap<String, NetworkView> views = new ConcurrentHashMap<>();
    /** By lower-cased NSG name and lower-cased VNet name of the view. */
    private final ConcurrentHashMap<String, CompiledNsg> compiled = new ConcurrentHashMap<>();
    /** The same by the names exactly as asked for, so that repeated lookups build no key. */
    private final ConcurrentHashMap<AsAsked, CompiledNsg> compiledAsAsked = new ConcurrentHashMap<>();

    private record AsAsked(String nsgName, String vnetName) {
    }

    private final AdminRules adminRules;

    public FlowEvaluator(Topology topology, ServiceTags serviceTags) {
        this.topology = topology;
        this.index = new TopologyIndex(topology);
        this.serviceTags = serviceTags;
        this.adminRules = new AdminRules(topology, serviceTags, this::view);
    }

    /** The Virtual Network Manager security admin rules of the topology, seen through this evaluator's views. */
    public AdminRules adminRules() {
        return adminRules;
    }

    public Topology topology() {
        return topology;
    }

    /** Name lookups of {@link #topology()} by hash. */
    public TopologyIndex index() {
        return index;
    }

    public ServiceTags serviceTags() {
        return serviceTags;
    }

    /** The view from a virtual network, or the D3 assumption for null. */
    public NetworkView view(VirtualNetwork vnet) {
        String key = vnet == null ? "" : Topology.key(vnet.name());
        return views.computeIfAbsent(key, k -> vnet == null ? NetworkView.assumed() : NetworkView.of(topology, vnet));
    }

    public CompiledNsg compiled(String nsgName, NetworkView view) {
        AsAsked asked = new AsAsked(nsgName, view.vnetName());
        CompiledNsg known = compiledAsAsked.get(asked);
        if (known != null) {
            return known;
        }
        String key = Topology.key(nsgName) + "|" + (view.vnetName() == null ? "" : Topology.key(view.vnetName()));
        CompiledNsg c = compiled.computeIfAbsent(key, k -> {
            NetworkSecurityGroup nsg = index.networkSecurityGroup(nsgName)
                    .orElseThrow(() -> new IllegalArgumentException("no NSG named " + nsgName));
            return new CompiledNsg(nsg, new RuleCompiler(view, serviceTags, topology));
        });
        compiledAsAsked.putIfAbsent(asked, c);
        return c;
    }

    /** The layers in evaluation order for a direction, from the subnet's and the NIC's NSG (either may be null). */
    public static List<Layer> layers(Direction direction, Layer subnetLayer, Layer nicLayer) {
        List<Layer> out = new ArrayList<>(2);
        Layer first = direction == Direction.INBOUND ? subnetLayer : nicLayer;
        Layer second = direction == Direction.INBOUND ? nicLayer : subnetLayer;
        if (first != null && first.networkSecurityGroup() != null) {
            out.add(first);
        }
        if (second != null && second.networkSecurityGroup() != null) {
            out.add(second);
        }
        return out;
    }

    /**
     * The verdict for one packet through the security admin layer, then (when it continues) the NSG layers
     * (DOC-AVNM): an AlwaysAllow or Deny admin rule decides alone; an Allow admin rule, or none, hands the packet
     * to the NSGs. The deciding admin rule is named {@code securityAdminRules/<manager>/<configuration>/
     * <collection>/<rule>} in {@code ruleName} and in an evaluation whose {@code appliedTo} is
     * {@code vnet:<vnet>} (or {@code subnet:<vnet>/<subnet>} for a subnet member) and whose NSG is null. When an
     * uncertain admin rule may match first, or admin rules of one priority disagree, each possible admin outcome
     * is a case: the answer is inconclusive only when the cases differ in access.
     */
    public FlowResult evaluate(AdminLayer admin, List<Layer> layers, IntFunction<CompiledNsg> nsgs,
                               Direction direction, Packet packet) {
        if (admin == null || admin.rules(direction).isEmpty()) {
            return evaluate(layers, nsgs, direction, packet);
        }
        AdminLayer.Decision decision = admin.decide(direction, packet);
        if (decision.certain()) {
            return afterAdmin(admin, decision.rule(), decision.outcome(), layers, nsgs, direction, packet);
        }
        List<FlowResult> cases = new ArrayList<>();
        cases.add(afterAdmin(admin, decision.rule(), decision.outcome(), layers, nsgs, direction, packet));
        List<String> doubts = new ArrayList<>();
        for (CompiledAdminRule maybe : decision.mayDecideInstead()) {
            doubts.add(describeDoubt(maybe, decision.rule()));
            List<AdminOutcome> outcomes = maybe.outcome() == null ? List.of(AdminOutcome.values())
                    : List.of(maybe.outcome());
            for (AdminOutcome outcome : outcomes) {
                cases.add(afterAdmin(admin, maybe, outcome, layers, nsgs, direction, packet));
            }
        }
        FlowResult certain = cases.get(0);
        boolean sameAnswer = cases.stream().allMatch(c -> c.conclusive() && c.access() == certain.access()
                && java.util.Objects.equals(c.ruleName(), certain.ruleName())
                && java.util.Objects.equals(c.networkSecurityGroup(), certain.networkSecurityGroup()));
        if (sameAnswer) {
            // Only an Allow admin rule that continues to the same NSG rule is in doubt: the answer stands.
            return certain;
        }
        return FlowResult.merge(cases, String.join("; ", doubts));
    }

    private FlowResult afterAdmin(AdminLayer admin, CompiledAdminRule rule, AdminOutcome outcome, List<Layer> layers,
                                  IntFunction<CompiledNsg> nsgs, Direction direction, Packet packet) {
        if (rule == null) {
            return evaluate(layers, nsgs, direction, packet);
        }
        String appliedTo = admin.subnetName() == null || !reachesSubnetOnly(rule)
                ? "vnet:" + admin.vnetName() : "subnet:" + admin.vnetName() + "/" + admin.subnetName();
        Access access = outcome == AdminOutcome.DENY ? Access.DENY : Access.ALLOW;
        Evaluation first = new Evaluation(null, appliedTo, rule.displayName(), access);
        if (outcome.isFinal()) {
            return new FlowResult(access, rule.displayName(), null, List.of(first), List.of(), List.of());
        }
        FlowResult nsgResult = evaluate(layers, nsgs, direction, packet);
        List<Evaluation> evaluations = new ArrayList<>(nsgResult.evaluations().size() + 1);
        evaluations.add(first);
        evaluations.addAll(nsgResult.evaluations());
        if (nsgResult.conclusive() && nsgResult.evaluations().isEmpty() && nsgResult.ruleName() == null) {
            // No NSG on the path: the admin Allow rule is the last rule that let the packet through.
            return new FlowResult(Access.ALLOW, rule.displayName(), null, evaluations, List.of(), List.of());
        }
        return new FlowResult(nsgResult.access(), nsgResult.ruleName(), nsgResult.networkSecurityGroup(), evaluations,
                nsgResult.reasons(), nsgResult.alternatives());
    }

    /** True when the rule reaches the VNet only through a subnet-member group (it says so in nothing else). */
    private boolean reachesSubnetOnly(CompiledAdminRule rule) {
        return topology.securityAdminConfigurations().stream()
                .filter(c -> c.networkManager().equalsIgnoreCase(rule.networkManager())
                        && c.name().equalsIgnoreCase(rule.configuration()))
                .flatMap(c -> c.ruleCollections().stream())
                .filter(c -> c.name().equalsIgnoreCase(rule.collection()))
                .flatMap(c -> c.appliesToGroups().stream())
                .map(g -> topology.networkGroup(rule.networkManager(), g))
                .allMatch(g -> g.isPresent() && g.get().hasSubnetMembers());
    }

    private static String describeDoubt(CompiledAdminRule maybe, CompiledAdminRule chosen) {
        if (!maybe.certain()) {
            return "admin rule " + maybe.displayName() + " may match first: " + String.join("; ",
                    maybe.uncertainties());
        }
        return "admin rule " + maybe.displayName() + " has the same priority " + maybe.priority() + " as "
                + chosen.displayName() + " and also matches with access " + maybe.access().label()
                + "; which one decides is undefined";
    }

    /** The verdict for one packet through the given layers, seen from {@code view}. */
    public FlowResult evaluate(List<Layer> layers, NetworkView view, Direction direction, Packet packet) {
        return evaluate(layers, i -> compiled(layers.get(i).networkSecurityGroup(), view), direction, packet);
    }

    /**
     * The same with the compiled NSG of each layer given by {@code nsgs} (by position in {@code layers}), asked
     * for only when that layer is reached.
     */
    FlowResult evaluate(List<Layer> layers, IntFunction<CompiledNsg> nsgs, Direction direction, Packet packet) {
        Optional<PlatformService> platform = PlatformService.of(direction, packet);
        List<Evaluation> evaluations = new ArrayList<>(layers.size());
        List<String> reasons = new ArrayList<>();
        Evaluation last = null;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            CompiledNsg nsg = nsgs.apply(i);
            Evaluation evaluation;
            if (platform.isPresent()) {
                evaluation = platformDecision(nsg, layer, direction, packet, platform.get(), reasons);
            } else {
                CompiledNsg.Decision decision = nsg.decide(direction, packet);
                for (CompiledRule maybe : decision.mayDecideInstead()) {
                    reasons.add(describeDoubt(nsg, maybe, decision.rule()));
                }
                evaluation = new Evaluation(nsg.name(), layer.appliedTo(), decision.rule().displayName(),
                        decision.rule().access());
            }
            evaluations.add(evaluation);
            last = evaluation;
            if (evaluation.access() == Access.DENY) {
                break;
            }
        }
        if (!reasons.isEmpty()) {
            return new FlowResult(null, null, null, evaluations, reasons, List.of());
        }
        if (last == null) {
            if (platform.isPresent()) {
                return new FlowResult(Access.ALLOW, platform.get().ruleName(), null, evaluations, reasons, List.of());
            }
            return new FlowResult(Access.ALLOW, null, null, evaluations, reasons, List.of());
        }
        return new FlowResult(last.access(), last.matchedRule(), last.networkSecurityGroup(), evaluations,
                reasons, List.of());
    }

    /**
     * The lookup beside {@link #evaluate(List, IntFunction, Direction, Packet)} for {@code verify --flows}: true
     * when that method's result is fully given by the deciding rule of each layer (no platform service, every
     * layer certain), with {@code rules[i]} the position of layer i's deciding rule in its
     * {@link CompiledNsg#rules} and -1 for layers not reached (after a Deny). False otherwise: then ask
     * {@code evaluate}. Allocates nothing. Whatever {@code evaluate} learns to consider must be considered
     * here too, or this must return false for it.
     */
    boolean certainDecisions(List<Layer> layers, IntFunction<CompiledNsg> nsgs, Direction direction, Packet packet,
                             int[] rules) {
        if (direction == Direction.OUTBOUND && PlatformService.of(direction, packet).isPresent()) {
            return false;
        }
        boolean denied = false;
        for (int i = 0; i < layers.size(); i++) {
            if (denied) {
                rules[i] = -1;
                continue;
            }
            CompiledNsg nsg = nsgs.apply(i);
            int at = nsg.certainDecision(direction, packet);
            if (at < 0) {
                return false;
            }
            rules[i] = at;
            denied = nsg.rules(direction).get(at).access() == Access.DENY;
        }
        return true;
    }

    /**
     * {@link #certainDecisions(List, IntFunction, Direction, Packet, int[])} of a flow given as primitives. The
     * platform-service check (D7) makes the packet only for a destination among the services' addresses.
     */
    boolean certainDecisions(List<Layer> layers, IntFunction<CompiledNsg> nsgs, Direction direction, Ipv4Flow flow,
                             int[] rules) {
        if (direction == Direction.OUTBOUND && PLATFORM_ADDRESSES.contains(flow.destinationAddress)
                && PlatformService.of(direction, flow.packet()).isPresent()) {
            return false;
        }
        boolean denied = false;
        for (int i = 0; i < layers.size(); i++) {
            if (denied) {
                rules[i] = -1;
                continue;
            }
            CompiledNsg nsg = nsgs.apply(i);
            int at = nsg.certainDecision(direction, flow);
            if (at < 0) {
                return false;
            }
            rules[i] = at;
            denied = nsg.denies(direction, at);
        }
        return true;
    }

    /** Every IPv4 address of a platform service (D7): outside them, no packet is platform traffic. */
    private static final Ipv4Ranges PLATFORM_ADDRESSES = Ipv4Ranges.of(PlatformService.ALL.stream()
            .flatMap(s -> s.addresses().ranges().stream()).toList());

    /**
     * D7: only rules naming the service's tag apply (and uncertain rules, which may); when none matches, the platform
     * lets the packet through. A rule of those that shares the deciding rule's priority with another access and
     * also matches leaves the answer open, as in {@link CompiledNsg#decide}.
     */
    private Evaluation platformDecision(CompiledNsg nsg, Layer layer, Direction direction, Packet packet,
                                        PlatformService service, List<String> reasons) {
        if (service.tag() != null) {
            List<CompiledRule> rules = nsg.rules(direction);
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule rule = rules.get(i);
                boolean names = rule.platformTags().contains(service.tag());
                if (!rule.certain() && rule.matches(packet)) {
                    reasons.add(describeDoubt(nsg, rule, null));
                }
                if (names && rule.certain() && rule.matches(packet)) {
                    for (int k = i + 1; k < rules.size() && rules.get(k).priority() == rule.priority(); k++) {
                        CompiledRule tie = rules.get(k);
                        boolean applies = !tie.certain() || tie.platformTags().contains(service.tag());
                        if (applies && tie.access() != rule.access() && tie.matches(packet)) {
                            reasons.add(describeDoubt(nsg, tie, rule));
                        }
                    }
                    return new Evaluation(nsg.name(), layer.appliedTo(), rule.displayName(), rule.access());
                }
            }
        }
        return new Evaluation(nsg.name(), layer.appliedTo(), service.ruleName(), Access.ALLOW);
    }

    private static String describeDoubt(CompiledNsg nsg, CompiledRule maybe, CompiledRule chosen) {
        String base = nsg.name() + " " + maybe.displayName();
        if (!maybe.certain()) {
            return base + " may match first: " + String.join("; ", maybe.uncertainties());
        }
        return base + " has the same priority " + maybe.priority() + " as " + chosen.displayName()
                + " and also matches with access " + maybe.access().label() + "; Azure rejects duplicate priorities,"
                + " so which one decides is undefined";
    }
}
