package dev.nsgaudit.analyze;

import dev.nsgaudit.analyze.exposure.ExposureChecker;
import dev.nsgaudit.analyze.layers.AdminOverrides;
import dev.nsgaudit.analyze.layers.LayerAnalyzer;
import dev.nsgaudit.analyze.policies.PolicyChecker;
import dev.nsgaudit.analyze.rules.AttachmentAnalyzer;
import dev.nsgaudit.analyze.rules.OutsideAnswers;
import dev.nsgaudit.analyze.rules.RuleListFindings;
import dev.nsgaudit.analyze.rules.UnusedReferences;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.SecurityRule;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The analysis facade: rule findings for every NSG (shadowed, redundant, correlated, generalization,
 * ineffective across layers, outside attachments, empty ASG references, unattached NSGs) and flow policies, all
 * decided exactly over header-space sets. One analyzer per loaded input; results are plain records in a
 * deterministic order. Close it to release the set engine.
 *
 * <p>It builds the set engines and the views once and composes the question classes, each of which takes only what
 * it needs: the rule-list questions and rule checks in {@code analyze.rules}, the layer question in
 * {@code analyze.layers}, flow policies in {@code analyze.policies} and exposure in {@code analyze.exposure}.
 */
public final class Analyzer implements AutoCloseable {

    private final Topology topology;
    private final FlowEvaluator evaluator;
    private final HeaderSpace space;
    private final BoxSpace boxes;
    private final Attachments attachments;
    private final EndpointSpaces endpoints;
    private final Map<String, NsgSets> sets = new HashMap<>();
    /**
     * The rule sets whose BDDs are kept, least recently asked for first: beyond {@link #LIVE_RULE_SETS} the eldest
     * releases its BDDs (built again if asked for again). Kept for every NSG, they grew with the estate past a 4 GiB
     * heap (about 50,000 nodes per NSG); the questions go NSG by NSG and network by network, so few are built twice.
     */
    private final Map<String, NsgSets> live = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NsgSets> eldest) {
            if (size() <= liveRuleSets) {
                return false;
            }
            eldest.getValue().release();
            return true;
        }
    };
    /** Rule sets (NSG, direction, view) whose BDDs are kept at once: far more than any one question reads. */
    static final int LIVE_RULE_SETS = 128;
    private final int liveRuleSets;
    private final HostUniverses hostUniverses;
    private final Map<String, HostUniverse> hosts = new HashMap<>();
    private final RuleListFindings ruleLists;
    private final UnusedReferences unused;
    private final LayerAnalyzer layers;
    private final AttachmentAnalyzer outside;

    public Analyzer(Topology topology, ServiceTags serviceTags) {
        this(topology, serviceTags, LIVE_RULE_SETS);
    }

    /** An analyzer that keeps the BDDs of at most {@code liveRuleSets} rule sets (tests release them often). */
    Analyzer(Topology topology, ServiceTags serviceTags, int liveRuleSets) {
        this.liveRuleSets = liveRuleSets;
        this.topology = topology;
        this.evaluator = new FlowEvaluator(topology, serviceTags);
        Set<String> asgs = asgNames(topology);
        Map<String, dev.nsgaudit.net.AddressSet> where = memberAddresses(topology);
        this.space = new HeaderSpace(asgs, where);
        this.boxes = new BoxSpace(asgs, where);
        this.attachments = new Attachments(topology);
        this.endpoints = new EndpointSpaces(topology, space);
        this.hostUniverses = new HostUniverses(topology);
        this.ruleLists = new RuleListFindings(attachments, boxes, this::compiled, this::hosts);
        this.unused = new UnusedReferences(topology, attachments);
        this.layers = new LayerAnalyzer(topology, attachments, endpoints, this::sets);
        this.outside = new AttachmentAnalyzer(topology, attachments, this::sets, endpoints, asgs::contains, where);
    }

    /** The ends {@code verify} can produce seen from {@code vnet} (null: D3, every network in reach). */
    HostUniverse hosts(VirtualNetwork vnet) {
        return hosts.computeIfAbsent(vnet == null ? "" : Topology.key(vnet.name()), k -> hostUniverses.of(vnet));
    }

    /**
     * Where the members of each ASG can be: Azure keeps every NIC of an ASG in one virtual network, so a member has
     * an address of the address space of the network its modeled members are in (of every such network, in an
     * input that breaks the rule). Only a NIC known to be a member places an ASG; a NIC of unknown membership may be
     * a member of any ASG, so its network is added to every placed one. ASGs with no NIC known to be a member, or
     * with a member of unknown network, are left out: their members can be anywhere.
     */
    static Map<String, dev.nsgaudit.net.AddressSet> memberAddresses(Topology topology) {
        Map<String, dev.nsgaudit.net.AddressSet> out = new LinkedHashMap<>();
        Set<String> anywhere = new LinkedHashSet<>();
        List<dev.nsgaudit.net.AddressSet> maybeMembers = new ArrayList<>();
        for (NetworkInterface nic : topology.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                dev.nsgaudit.net.AddressSet space = networkSpace(topology, ip);
                if (ip.isUnresolved("applicationSecurityGroups")) {
                    if (space == null) {
                        return Map.of(); // a possible member of every ASG, somewhere unknown
                    }
                    maybeMembers.add(space);
                    continue;
                }
                for (String asg : ip.applicationSecurityGroups().stream().map(Topology::key).toList()) {
                    if (space == null) {
                        anywhere.add(asg);
                    } else {
                        out.merge(asg, space, dev.nsgaudit.net.AddressSet::union);
                    }
                }
            }
        }
        anywhere.forEach(out::remove);
        for (dev.nsgaudit.net.AddressSet space : maybeMembers) {
            out.replaceAll((asg, at) -> at.union(space));
        }
        return out;
    }

    /** The address space of the NIC configuration's virtual network; null when it is not known. */
    private static dev.nsgaudit.net.AddressSet networkSpace(Topology topology, IpConfiguration ip) {
        VirtualNetwork vnet = ip.subnet() == null ? null
                : topology.subnet(ip.subnet()).map(Topology.SubnetRef::virtualNetwork).orElse(null);
        if (vnet == null || vnet.isUnresolved("addressSpace") || vnet.addressSpace().isEmpty()) {
            return null;
        }
        try {
            return dev.nsgaudit.net.AddressSet.of(vnet.addressSpace().toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            return null; // reported by the topology validator
        }
    }

    /** The ASG names the set engines are built over: the input's ASGs, then those the rules name, in that order. */
    public static Set<String> asgNames(Topology topology) {
        Set<String> out = new LinkedHashSet<>();
        topology.applicationSecurityGroups().forEach(a -> out.add(Topology.key(a.name())));
        for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
            for (SecurityRule r : nsg.securityRules()) {
                r.sourceApplicationSecurityGroups().forEach(a -> out.add(Topology.key(a)));
                r.destinationApplicationSecurityGroups().forEach(a -> out.add(Topology.key(a)));
            }
        }
        return out;
    }

    public Topology topology() {
        return topology;
    }

    public FlowEvaluator evaluator() {
        return evaluator;
    }

    HeaderSpace space() {
        return space;
    }

    BoxSpace boxSpace() {
        return boxes;
    }

    /** The sets of an NSG in one direction, seen from {@code vnet} (null: D3). */
    NsgSets sets(String nsgName, Direction direction, VirtualNetwork vnet) {
        NetworkView view = evaluator.view(vnet);
        String key = Topology.key(nsgName) + "|" + direction + "|" + (vnet == null ? "" : Topology.key(vnet.name()));
        NsgSets out = sets.computeIfAbsent(key, k -> new NsgSets(space, evaluator.compiled(nsgName, view), direction));
        live.put(key, out);
        return out;
    }

    /** Every rule finding of the input, sorted by file, line, id and rule. */
    public List<Finding> ruleFindings() {
        return ruleFindings(this::ruleFindings);
    }

    /**
     * The analyses behind an NSG's rule findings, by what each reads besides the NSG's own rules as compiled in each
     * virtual network it is seen from, the ASG names of every NSG and the topology's networks, ASGs and NICs with
     * their memberships and attachments (the set engines, host universes and endpoints are built from those).
     */
    /** How check --timings names each analysis. */
    private static final java.util.Map<NsgAnalysis, String> PHASES = java.util.Map.of(NsgAnalysis.RULE_LISTS,
            "rule lists", NsgAnalysis.LAYERS, "layers", NsgAnalysis.ATTACHMENTS, "outside attachments");

    public enum NsgAnalysis {
        /** Shadowed, redundant, correlated, generalization, unattached NSG, empty ASG reference: nothing more. */
        RULE_LISTS,
        /** Ineffective across layers: also the other NSG on the path of every NIC configuration the NSG is on. */
        LAYERS,
        /** Rule outside attachments: nothing more. */
        ATTACHMENTS
    }

    /** The rule findings of one NSG from one analysis; unsorted. The per-NSG entry of {@link #ruleFindings()}. */
    public List<Finding> ruleFindings(NetworkSecurityGroup nsg, NsgAnalysis analysis) {
        return switch (analysis) {
            case RULE_LISTS -> {
                List<Finding> out = new ArrayList<>(ruleListFindings(nsg));
                out.addAll(unused.of(nsg));
                yield out;
            }
            case LAYERS -> layers.ineffective(nsg);
            case ATTACHMENTS -> outside.outsideAttachments(nsg);
        };
    }

    /**
     * The {@link NsgAnalysis#ATTACHMENTS} findings of one NSG, each rule's answer taken from {@code answers} where
     * known and recorded there otherwise: for a caller that passes answers between analyzers of the same networks,
     * ASGs, NICs and service tags ({@link OutsideAnswers}).
     */
    public List<Finding> outsideAttachments(NetworkSecurityGroup nsg, OutsideAnswers answers) {
        return outside.outsideAttachments(nsg, answers);
    }

    /**
     * Every rule finding of the input, each NSG's of each analysis taken from {@code perNsg} (the per-NSG entry, or
     * what a caller kept of it), sorted as {@link #ruleFindings()}: collected analysis by analysis, NSG by NSG in
     * input order, then stably sorted, so that the same findings come out in the same order.
     */
    public List<Finding> ruleFindings(BiFunction<NetworkSecurityGroup, NsgAnalysis, List<Finding>> perNsg) {
        List<Finding> out = new ArrayList<>();
        for (NsgAnalysis analysis : NsgAnalysis.values()) {
            PhaseTimings.time(PHASES.get(analysis), () -> {
                for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
                    out.addAll(perNsg.apply(nsg, analysis));
                }
            });
        }
        // Rules that admin rules override read the admin layer of every place: one pass over the topology, never
        // taken from another version.
        out.addAll(PhaseTimings.time("admin overrides", () -> new AdminOverrides(topology, attachments, endpoints,
                this::sets, space, new AdminPlaces(evaluator).rules()).overridden()));
        out.sort(ORDER);
        return out;
    }

    /**
     * The rule-list findings of one NSG, both directions (shadowed, redundant, correlated, generalization), each
     * holding in every virtual network the NSG is used in; unsorted.
     */
    public List<Finding> ruleListFindings(NetworkSecurityGroup nsg) {
        return ruleLists.of(nsg);
    }

    /** The order of findings in every report: file, line, column, id, NSG, rule, message. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.location().file())
            .thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::id)
            .thenComparing(f -> String.valueOf(f.networkSecurityGroup()))
            .thenComparing(f -> String.valueOf(f.rule()))
            .thenComparing(Finding::message);

    /**
     * The catalog checks that ask their own questions (exposure, lateral movement, subnets without NSG), one
     * outcome per rule and target, passing ones included.
     */
    public List<CheckOutcome> catalogChecks(List<CatalogRule> rules, double exposureThreshold) {
        List<CheckOutcome> out = new ArrayList<>();
        ExposureChecker exposure = new ExposureChecker(evaluator, space, endpoints, this::sets, exposureThreshold);
        List<CatalogRule> exposureRules = rules.stream().filter(r -> EXPOSURE_TYPES.contains(r.checkType())).toList();
        java.util.Iterator<List<CheckOutcome>> exposures = exposure.checkAll(exposureRules).iterator();
        for (CatalogRule rule : rules) {
            switch (rule.checkType()) {
                case "exposure", "exposure-all-ports", "lateral" -> out.addAll(exposures.next());
                case "structure" -> out.addAll(subnetsWithoutNsg(rule));
                default -> {
                    // analysis and validation findings come from ruleFindings() and the validators
                }
            }
        }
        exposure.free();
        return out;
    }

    private static final Set<String> EXPOSURE_TYPES = Set.of("exposure", "exposure-all-ports", "lateral");

    /** Subnets that Azure does not allow an NSG on are exempt. */
    private static final Set<String> NO_NSG_SUBNETS = Set.of("gatewaysubnet", "azurefirewallsubnet",
            "azurefirewallmanagementsubnet", "routeserversubnet");

    private List<CheckOutcome> subnetsWithoutNsg(CatalogRule rule) {
        List<CheckOutcome> out = new ArrayList<>();
        for (Topology.SubnetRef s : topology.subnets()) {
            if (NO_NSG_SUBNETS.contains(Topology.key(s.subnet().name()))) {
                continue;
            }
            List<Finding> findings = s.subnet().networkSecurityGroup() == null && !s.subnet().isUnresolved("networkSecurityGroup")
                    ? List.of(new Finding(rule.id(), rule.severity(), "subnet " + s.reference() + " has no network"
                    + " security group", s.subnet().source(), null, null, List.of(), null, "subnet:" + s.reference()))
                    : List.of();
            out.add(new CheckOutcome(rule.id(), "subnet:" + s.reference(), findings));
        }
        return out;
    }

    /** Decides each policy; results in the order of the policies. */
    public List<PolicyResult> checkPolicies(List<Policy> policies) {
        PolicyChecker checker = policyChecker(true);
        List<PolicyResult> out = checker.checkAll(policies);
        checker.free();
        return out;
    }

    /**
     * A policy checker over this analyzer's engines; with {@code onBoxes} false every policy is decided on BDDs
     * (tests hold the two engines to the same answers).
     */
    PolicyChecker policyChecker(boolean onBoxes) {
        return new PolicyChecker(evaluator, space, boxes, endpoints, this::sets, onBoxes);
    }

    CompiledNsg compiled(String nsg, VirtualNetwork vnet) {
        return evaluator.compiled(nsg, evaluator.view(vnet));
    }

    @Override
    public void close() {
        space.close();
    }
}
