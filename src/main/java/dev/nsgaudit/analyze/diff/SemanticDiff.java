package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.FlowQuery;
import dev.nsgaudit.eval.FlowResult;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Protocol;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.ServiceTags;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The semantic diff of two versions of the input (SPEC section 5): for every NIC IP configuration of either version
 * (matched by name, case-insensitively as Azure) and each direction, the exact set of packets whose verdict changes
 * across its subnet and NIC layers, summarised as a few regions, each with one witness traced through both versions;
 * the NICs, subnets and NSGs added and removed and the attachments changed; the analysis findings new and fixed.
 *
 * <p>With unresolved values, each version's allowed set has a low and a high bound ({@link NicReach}): a packet is
 * newly allowed only if head allows it for certain and base could not have allowed it, newly denied the other way,
 * and every other packet whose verdict may differ is "may change". So an unresolved value never hides a change and
 * never raises a false alarm.
 */
public final class SemanticDiff {

    /** Regions listed per target, direction and kind; the rest are counted. */
    public static final int REGION_CAP = 20;

    private final Topology base;
    private final Topology head;
    private final ServiceTags tags;

    private final int cap;
    private final boolean focused;
    private final boolean ruleFindings;

    public SemanticDiff(Topology base, Topology head, ServiceTags tags) {
        this(base, head, tags, REGION_CAP);
    }

    /** With another cap on the regions listed (the property tests list every region). */
    SemanticDiff(Topology base, Topology head, ServiceTags tags, int cap) {
        this(base, head, tags, cap, true);
    }

    /** With {@code focused} false, every packet of every configuration is compared (a test of {@link ChangeFocus}). */
    SemanticDiff(Topology base, Topology head, ServiceTags tags, int cap, boolean focused) {
        this(base, head, tags, cap, focused, true);
    }

    private SemanticDiff(Topology base, Topology head, ServiceTags tags, int cap, boolean focused,
                         boolean ruleFindings) {
        this.base = base;
        this.head = head;
        this.tags = tags;
        this.cap = cap;
        this.focused = focused;
        this.ruleFindings = ruleFindings;
    }

    /**
     * The same diff without the rule analysis of both versions: for a caller that compares check's findings itself
     * ({@link DiffResult#withChecks}), which would replace them, so that each version is analysed once.
     */
    public SemanticDiff withoutRuleFindings() {
        return new SemanticDiff(base, head, tags, cap, focused, false);
    }

    public DiffResult compute() {
        // The rule findings of both versions run on the common pool while this thread compares the packets.
        BackgroundRuleFindings findings = ruleFindings ? BackgroundRuleFindings.start(base, head, tags) : null;
        List<TargetDiff> targets = new ArrayList<>();
        List<String> notes = new ArrayList<>(UnattachedNsgs.notes(base, head));
        try {
            comparePackets(targets, notes);
        } catch (RuntimeException | Error e) {
            if (findings != null) {
                findings.abandon();
            }
            throw e;
        }
        BackgroundRuleFindings.Both both = findings == null ? new BackgroundRuleFindings.Both(List.of(), List.of())
                : findings.finish();
        List<Finding> baseFindings = both.base();
        List<Finding> headFindings = both.head();
        return new DiffResult(targets, Structure.changes(base, head),
                FindingChanges.only(headFindings, baseFindings), FindingChanges.only(baseFindings, headFindings),
                notes);
    }

    /** Every NIC configuration's and subnet's packets whose verdict changes, into {@code targets}. */
    private void comparePackets(List<TargetDiff> targets, List<String> notes) {
        Set<String> asgs = new TreeSet<>();
        collectAsgs(base, asgs);
        collectAsgs(head, asgs);
        BoxAlgebra algebra = new BoxAlgebra(new BoxSpace(asgs));
        FlowEvaluator baseEval = new FlowEvaluator(base, tags);
        FlowEvaluator headEval = new FlowEvaluator(head, tags);
        AdminRules baseAdmin = new AdminRules(base, tags, baseEval::view);
        AdminRules headAdmin = new AdminRules(head, tags, headEval::view);
        NicReach baseReach = new NicReach(algebra, base, baseEval, baseAdmin);
        NicReach headReach = new NicReach(algebra, head, headEval, headAdmin);
        Verifier baseVerifier = new Verifier(baseEval);
        Verifier headVerifier = new Verifier(headEval);
        ChangedRules changedRules = new ChangedRules(algebra, base, baseEval, head, headEval);

        SameLayers same = new SameLayers(base, head, baseAdmin, headAdmin);
        ChangeFocus focus = focused ? new ChangeFocus(algebra, base, head, baseEval, headEval, same, baseAdmin,
                headAdmin) : null;
        TreeMap<String, String> nicNames = new TreeMap<>();
        base.networkInterfaces().forEach(n -> nicNames.putIfAbsent(Topology.key(n.name()), n.name()));
        head.networkInterfaces().forEach(n -> nicNames.put(Topology.key(n.name()), n.name()));
        for (String key : nicNames.keySet()) {
            NetworkInterface b = base.networkInterface(key).orElse(null);
            NetworkInterface h = head.networkInterface(key).orElse(null);
            TreeMap<String, String> ipNames = new TreeMap<>();
            if (b != null) {
                b.ipConfigurations().forEach(c -> ipNames.putIfAbsent(Topology.key(c.name()), c.name()));
            }
            if (h != null) {
                h.ipConfigurations().forEach(c -> ipNames.put(Topology.key(c.name()), c.name()));
            }
            for (String ipKey : ipNames.keySet()) {
                IpConfiguration bIp = b == null ? null : ipConfiguration(b, ipKey);
                IpConfiguration hIp = h == null ? null : ipConfiguration(h, ipKey);
                String target = "nic:" + (h != null ? h.name() : b.name()) + "/" + ipNames.get(ipKey);
                if (b != null && h != null && bIp != null && hIp != null && same.unchanged(b, bIp, h, hIp)) {
                    continue; // nothing this configuration sees changed: no packet can change here
                }
                for (Direction d : Direction.values()) {
                    // Only the packets a changed rule can touch, when the rest is alike by construction (ChangeFocus).
                    BoxSet where = focus == null || bIp == null || hIp == null ? null : focus.of(b, bIp, h, hIp, d);
                    NicReach.Bounds bb = bIp == null ? NicReach.Bounds.NONE : baseReach.of(b, bIp, d, where);
                    NicReach.Bounds hb = hIp == null ? NicReach.Bounds.NONE : headReach.of(h, hIp, d, where);
                    if (bb == null || hb == null) {
                        if (d == Direction.INBOUND) {
                            notes.add(target + " is not compared: its subnet or address is not known in "
                                    + (bb == null ? "base" : "head"));
                        }
                        continue;
                    }
                    TargetDiff t = compare(algebra, cap, target, d, bb, hb,
                            new Tracer(b == null ? null : baseVerifier, b == null ? null : b.name(),
                                    h == null ? null : headVerifier, h == null ? null : h.name(),
                                    changedRules.at(b, bIp, h, hIp, d)),
                            hIp == null ? AddressSet.EMPTY : internet(headEval, hIp));
                    if (!t.isEmpty()) {
                        targets.add(t);
                    }
                }
            }
        }
        subnetHosts(algebra, baseReach, headReach, baseEval, headEval, changedRules, same, focus, targets, notes);
    }

    /**
     * Compares the hosts of every subnet with an NSG (in either version) that are not modeled NICs ({@link
     * SubnetHosts}), through the subnet layer only; the witnesses are traced through the subnet's NSG with the
     * evaluator ({@link SubnetHosts#verdict}).
     */
    private void subnetHosts(BoxAlgebra algebra, NicReach baseReach, NicReach headReach, FlowEvaluator baseEval,
                             FlowEvaluator headEval, ChangedRules changedRules, SameLayers same, ChangeFocus focus,
                             List<TargetDiff> targets, List<String> notes) {
        TreeMap<String, String> subnets = new TreeMap<>();
        base.subnets().forEach(s -> subnets.putIfAbsent(Topology.key(s.reference()), s.reference()));
        head.subnets().forEach(s -> subnets.put(Topology.key(s.reference()), s.reference()));
        for (String reference : subnets.values()) {
            boolean inBase = base.subnet(reference).isPresent();
            boolean inHead = head.subnet(reference).isPresent();
            if (!SubnetHosts.hasNsg(base, reference) && !SubnetHosts.hasNsg(head, reference)) {
                continue; // no NSG in either: nothing filters these hosts (subnet-without-nsg says so)
            }
            NetworkInterface standIn = SubnetHosts.standIn(reference);
            IpConfiguration ip = standIn.ipConfigurations().get(0);
            if (inBase && inHead && same.unchanged(standIn, ip, standIn, ip)) {
                continue;
            }
            String target = SubnetHosts.target(reference);
            AddressSet bOthers = inBase ? SubnetHosts.others(base, reference) : null;
            AddressSet hOthers = inHead ? SubnetHosts.others(head, reference) : null;
            if (inBase && bOthers == null || inHead && hOthers == null) {
                notes.add(target + " is not compared: its address range is not known in "
                        + (inBase && bOthers == null ? "base" : "head"));
                continue;
            }
            // Addresses a NIC holds in one version only are compared as that NIC, which the other lacks.
            AddressSet others = bOthers == null ? hOthers : hOthers == null ? bOthers
                    : bOthers.minus(bOthers.minus(hOthers));
            if (others.isEmpty()) {
                continue;
            }
            for (Direction d : Direction.values()) {
                boolean inbound = d == Direction.INBOUND;
                BoxSet local = inbound ? algebra.destinationAddresses(others) : algebra.sourceAddresses(others);
                // As for NICs: only the packets a changed rule can touch, when the rest is alike (ChangeFocus).
                BoxSet where = focus == null || !inBase || !inHead ? null : focus.of(standIn, ip, standIn, ip, d);
                NicReach.Bounds bb = inBase ? baseReach.of(standIn, ip, d, where, others) : NicReach.Bounds.NONE;
                NicReach.Bounds hb = inHead ? headReach.of(standIn, ip, d, where, others) : NicReach.Bounds.NONE;
                if (bb == null || hb == null) {
                    if (inbound) {
                        notes.add(target + " is not compared: its address range is not known in "
                                + (bb == null ? "base" : "head"));
                    }
                    continue;
                }
                bb = new NicReach.Bounds(algebra.intersect(bb.low(), local), algebra.intersect(bb.high(), local));
                hb = new NicReach.Bounds(algebra.intersect(hb.low(), local), algebra.intersect(hb.high(), local));
                Tracer tracer = new Tracer(null, reference, null, reference,
                        changedRules.at(inBase ? standIn : null, inBase ? ip : null, inHead ? standIn : null,
                                inHead ? ip : null, d, others), baseEval, headEval);
                TargetDiff t = compare(algebra, cap, target, d, bb, hb, tracer,
                        inHead ? internet(headEval, ip) : AddressSet.EMPTY);
                if (!t.isEmpty()) {
                    targets.add(t);
                }
            }
        }
    }

    private static void collectAsgs(Topology t, Set<String> out) {
        t.applicationSecurityGroups().forEach(a -> out.add(Topology.key(a.name())));
        for (NetworkInterface n : t.networkInterfaces()) {
            for (IpConfiguration c : n.ipConfigurations()) {
                c.applicationSecurityGroups().forEach(a -> out.add(Topology.key(a)));
            }
        }
    }

    private static IpConfiguration ipConfiguration(NetworkInterface nic, String key) {
        return nic.ipConfigurations().stream().filter(c -> Topology.key(c.name()).equals(key)).findFirst().orElse(null);
    }

    /** Internet as seen from the configuration's network (D4); empty when its subnet is not known. */
    private static AddressSet internet(FlowEvaluator evaluator, IpConfiguration ip) {
        return evaluator.topology().subnet(ip.subnet())
                .map(s -> evaluator.view(s.virtualNetwork()).internet()).orElse(AddressSet.EMPTY);
    }

    private static TargetDiff compare(BoxAlgebra algebra, int cap, String target, Direction d, NicReach.Bounds base,
                                      NicReach.Bounds head, Tracer tracer, AddressSet internet) {
        BoxSet allowed = algebra.minus(head.low(), base.high());
        BoxSet denied = algebra.minus(base.low(), head.high());
        // A packet may change when its standing (allowed for certain, undecided, denied) differs between the
        // versions; one undecided in both by the same unresolved values is no change.
        BoxSet differs = algebra.union(symmetric(algebra, base.low(), head.low()),
                symmetric(algebra, base.high(), head.high()));
        BoxSet may = algebra.minus(algebra.minus(differs, allowed), denied);
        boolean inbound = d == Direction.INBOUND;
        List<Integer> omitted = new ArrayList<>();
        List<DiffRegion> a = regions(allowed, cap, inbound, tracer, d, omitted, inbound ? internet : AddressSet.EMPTY);
        List<DiffRegion> n = regions(denied, cap, inbound, tracer, d, omitted, AddressSet.EMPTY);
        List<DiffRegion> m = regions(may, cap, inbound, tracer, d, omitted, AddressSet.EMPTY);
        boolean fromInternet = inbound && allowed.boxes().stream()
                .anyMatch(b -> b.sourceAddresses().toAddresses(b.family()).intersects(internet));
        return new TargetDiff(target, d.label(), a, n, m, omitted, fromInternet);
    }

    private static BoxSet symmetric(BoxAlgebra algebra, BoxSet a, BoxSet b) {
        return algebra.union(algebra.minus(a, b), algebra.minus(b, a));
    }

    /** The set's regions up to the cap; {@code internet} marks those with Internet sources (empty: none marked). */
    private static List<DiffRegion> regions(BoxSet set, int cap, boolean inbound, Tracer tracer, Direction d,
                                            List<Integer> omitted, AddressSet internet) {
        List<PacketBox> boxes = Regions.of(set);
        List<DiffRegion> out = new ArrayList<>();
        for (PacketBox b : boxes.subList(0, Math.min(cap, boxes.size()))) {
            var remote = inbound ? b.sourceAddresses() : b.destinationAddresses();
            var local = inbound ? b.destinationAddresses() : b.sourceAddresses();
            DiffWitness witness = tracer.witness(b, d);
            out.add(new DiffRegion(Regions.protocols(b), Regions.prefixes(remote, b.family()),
                    Regions.ports(b.sourcePorts()), Regions.prefixes(local, b.family()),
                    Regions.ports(b.destinationPorts()), witness, tracer.changedRules().behind(b, witness),
                    b.sourceAddresses().toAddresses(b.family()).intersects(internet)));
        }
        omitted.add(boxes.size() - out.size());
        return out;
    }

    /** Traces a region's smallest packet through both versions with {@code verify --nic}; names the rules behind it. */
    private record Tracer(Verifier base, String baseNic, Verifier head, String headNic,
                          ChangedRules.At changedRules, FlowEvaluator baseSubnet, FlowEvaluator headSubnet) {

        /** Through the NICs' layers ({@code verify --nic}). */
        Tracer(Verifier base, String baseNic, Verifier head, String headNic, ChangedRules.At changedRules) {
            this(base, baseNic, head, headNic, changedRules, null, null);
        }

        DiffWitness witness(PacketBox b, Direction d) {
            Protocol p = Regions.smallestProtocol(b);
            IpAddress src = Regions.smallestAddress(b.sourceAddresses(), b.family());
            IpAddress dst = Regions.smallestAddress(b.destinationAddresses(), b.family());
            Integer sport = p.hasPorts() ? (int) b.sourcePorts().firstLow() : null;
            Integer dport = p.hasPorts() ? (int) b.destinationPorts().firstLow() : null;
            boolean inbound = d == Direction.INBOUND;
            return new DiffWitness(p.label(), src.toString(), sport, dst.toString(), dport,
                    baseSubnet != null ? SubnetHosts.verdict(baseSubnet, baseNic, d, p, inbound ? dst : src,
                            inbound ? dport : sport, inbound ? src : dst, inbound ? sport : dport)
                            : verdict(base, baseNic, d, p, inbound ? dst : src, inbound ? dport : sport,
                            inbound ? src : dst, inbound ? sport : dport),
                    headSubnet != null ? SubnetHosts.verdict(headSubnet, headNic, d, p, inbound ? dst : src,
                            inbound ? dport : sport, inbound ? src : dst, inbound ? sport : dport)
                            : verdict(head, headNic, d, p, inbound ? dst : src, inbound ? dport : sport,
                            inbound ? src : dst, inbound ? sport : dport));
        }

        private static DiffWitness.Verdict verdict(Verifier verifier, String nic, Direction d, Protocol p,
                                                   IpAddress local, Integer localPort, IpAddress remote,
                                                   Integer remotePort) {
            if (verifier == null) {
                return DiffWitness.Verdict.ABSENT;
            }
            try {
                FlowResult r = verifier.verify(new FlowQuery(nic, null, d, p, local, localPort, remote, remotePort))
                        .result();
                return new DiffWitness.Verdict(r.access() == null ? "Inconclusive" : r.access().label(),
                        r.networkSecurityGroup(), r.ruleName());
            } catch (IllegalArgumentException e) {
                return new DiffWitness.Verdict("not evaluated: " + e.getMessage(), null, null);
            }
        }
    }
}
