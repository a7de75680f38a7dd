package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.Analyzer.NsgAnalysis;
import dev.nsgaudit.analyze.rules.OutsideAnswers;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rule findings ({@link Analyzer#ruleFindings()}) of the two versions of a diff, computing an NSG's findings of
 * one analysis only once when everything they are read from is the same in both versions; each version's findings
 * are otherwise computed once, by the caller's analyzer of that version ({@link #base}, then {@link #head}).
 *
 * <p>What the findings of an NSG read ({@link NsgAnalysis}): the NSG's own rules, compiled as seen from each virtual
 * network it is attached in (which the networks decide: address spaces, peerings, VirtualNetwork and Internet, and
 * the service tags); the set engines, built over the ASG names of the whole input (the rules of every NSG name some)
 * and where each ASG's members can be; the hosts {@code verify} can produce in each network (the NICs, their
 * addresses and memberships); the NSG's attachments and the endpoints of every subnet and NIC configuration; the
 * ASGs that have members; and for ineffective-across-layers, the other NSG on the path of every NIC configuration
 * the NSG is on. So a base finding list is taken for head only when the networks, ASGs and NICs are the same (where
 * they are written aside), the ASG names in order, the service tags, the NSG itself, and, for the layers, each of
 * those other NSGs (or their absence). When unsure, the findings are computed in both.
 *
 * <p>Taken findings get head's file and line: the NSG is the same but for where it is written, so each base location
 * (the NSG's or one of its rules') has its place in head; a finding located anywhere else is computed instead. The
 * diff would never print them anyway: a finding of both versions (same id, NSG, rule and target) is neither new nor
 * fixed, so base's location of a shared finding is never shown.
 *
 * <p>Where an NSG changed, its rule-outside-attachments is still decided rule by rule: an unchanged rule's answer in
 * base is head's when the surroundings are the same ({@link OutsideAnswers}), so head computes only its changed rules.
 *
 * <p>Threads: {@link #base} and {@link #headAhead} may run at the same time, each on its own analyzer; {@link #head}
 * runs after both have returned (the caller joins them), on the thread that joined.
 */
public final class RuleFindingsOnce {

    private final Topology base;
    private final Topology head;
    private final boolean sameSurroundings;
    private final Map<String, Map<NsgAnalysis, List<Finding>>> baseFindings = new HashMap<>();
    /** Head's findings computed by {@link #headAhead}, per NSG (by identity) and analysis. */
    private final Map<NetworkSecurityGroup, Map<NsgAnalysis, List<Finding>>> ahead = new IdentityHashMap<>();
    /** Base's per-rule answers of rule-outside-attachments, for head's changed NSGs; null when not the same surroundings. */
    private final OutsideAnswers answers;
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger computed = new AtomicInteger();

    /** @param sameServiceTags whether both versions expand service tags from the same data */
    public RuleFindingsOnce(Topology base, Topology head, boolean sameServiceTags) {
        this.base = base;
        this.head = head;
        this.sameSurroundings = sameServiceTags
                && SourceBlind.same(base.virtualNetworks(), head.virtualNetworks())
                && SourceBlind.same(base.applicationSecurityGroups(), head.applicationSecurityGroups())
                && SourceBlind.same(base.networkInterfaces(), head.networkInterfaces())
                && List.copyOf(Analyzer.asgNames(base)).equals(List.copyOf(Analyzer.asgNames(head)))
                && uniqueNames(base) && uniqueNames(head);
        this.answers = sameSurroundings ? new OutsideAnswers() : null;
    }

    /** Base's rule findings with {@code analyzer} (of base), each NSG's kept for head. */
    public List<Finding> base(Analyzer analyzer) {
        return analyzer.ruleFindings((nsg, analysis) -> {
            List<Finding> out = compute(analyzer, nsg, analysis, answers);
            baseFindings.computeIfAbsent(Topology.key(nsg.name()), k -> new EnumMap<>(NsgAnalysis.class))
                    .put(analysis, out);
            return out;
        });
    }

    /**
     * Computes, with {@code analyzer} (of head), head's findings that read nothing of base's: every NSG analysis that
     * cannot be taken from base and needs none of base's answers. It may run at the same time as {@link #base} (on
     * another thread, with another analyzer); {@link #head} must come after both.
     */
    public void headAhead(Analyzer analyzer) {
        for (NsgAnalysis analysis : NsgAnalysis.values()) {
            for (NetworkSecurityGroup nsg : analyzer.topology().networkSecurityGroups()) {
                if (!readsBase(nsg, analysis)) {
                    ahead.computeIfAbsent(nsg, k -> new EnumMap<>(NsgAnalysis.class))
                            .put(analysis, compute(analyzer, nsg, analysis, null));
                }
            }
        }
    }

    /** Head's rule findings with {@code analyzer} (of head), taking base's where they cannot differ. */
    public List<Finding> head(Analyzer analyzer) {
        return analyzer.ruleFindings((nsg, analysis) -> {
            List<Finding> early = ahead.getOrDefault(nsg, Map.of()).get(analysis);
            if (early != null) {
                return early;
            }
            Optional<List<Finding>> same = fromBase(nsg, analysis);
            if (same.isPresent()) {
                taken.incrementAndGet();
                return same.get();
            }
            return compute(analyzer, nsg, analysis, answers);
        });
    }

    /**
     * One NSG analysis computed; rule-outside-attachments through {@code known} when given (base records there,
     * head reads; {@link #headAhead} passes none, since base may be recording at the same time).
     */
    private List<Finding> compute(Analyzer analyzer, NetworkSecurityGroup nsg, NsgAnalysis analysis,
                                  OutsideAnswers known) {
        computed.incrementAndGet();
        return analysis == NsgAnalysis.ATTACHMENTS && known != null ? analyzer.outsideAttachments(nsg, known)
                : analyzer.ruleFindings(nsg, analysis);
    }

    /**
     * Whether head's findings of this NSG analysis may come from base's: the whole list ({@link #fromBase}), or, for
     * rule-outside-attachments of an NSG base also has, the answers of its rules.
     */
    private boolean readsBase(NetworkSecurityGroup h, NsgAnalysis analysis) {
        return mayTake(h, analysis) || analysis == NsgAnalysis.ATTACHMENTS && answers != null
                && base.networkSecurityGroup(h.name()).isPresent();
    }

    /** How many NSG analyses were taken from base for head, and how many computed (in both versions). */
    public String counts() {
        return taken + " NSG analyses taken from base, " + computed + " computed"
                + (answers == null ? "" : ", " + answers.size() + " rule answers of outside attachments kept");
    }

    int taken() {
        return taken.get();
    }

    /** Whether everything the NSG analysis reads is the same in base (decided on the two inputs alone). */
    private boolean mayTake(NetworkSecurityGroup h, NsgAnalysis analysis) {
        if (!sameSurroundings) {
            return false;
        }
        Optional<NetworkSecurityGroup> b = base.networkSecurityGroup(h.name());
        return b.isPresent() && SourceBlind.same(b.get(), h)
                && (analysis != NsgAnalysis.LAYERS || sameOtherLayers(h));
    }

    private Optional<List<Finding>> fromBase(NetworkSecurityGroup h, NsgAnalysis analysis) {
        List<Finding> found = baseFindings.getOrDefault(Topology.key(h.name()), Map.of()).get(analysis);
        if (found == null || !mayTake(h, analysis)) {
            return Optional.empty();
        }
        NetworkSecurityGroup b = base.networkSecurityGroup(h.name()).orElseThrow();
        Map<SourceRef, SourceRef> place = places(b, h);
        List<Finding> out = new ArrayList<>();
        for (Finding f : found) {
            SourceRef at = place.get(f.location());
            if (at == null) {
                return Optional.empty(); // written somewhere this NSG does not say: compute it in head
            }
            out.add(new Finding(f.id(), f.severity(), f.message(), at, f.networkSecurityGroup(), f.rule(),
                    f.relatedRules(), f.witness(), f.target()));
        }
        return Optional.of(out);
    }

    /** Each other NSG on the path of a NIC configuration the NSG is on: the same in both versions, or absent in both. */
    private boolean sameOtherLayers(NetworkSecurityGroup nsg) {
        Set<String> others = new LinkedHashSet<>();
        for (NetworkInterface nic : head.networkInterfaces()) {
            for (IpConfiguration ip : nic.ipConfigurations()) {
                String subnetNsg = head.subnet(ip.subnet()).map(s -> s.subnet().networkSecurityGroup()).orElse(null);
                if (nsg.name().equalsIgnoreCase(subnetNsg) || nsg.name().equalsIgnoreCase(nic.networkSecurityGroup())) {
                    others.add(Topology.key(subnetNsg));
                    others.add(Topology.key(nic.networkSecurityGroup()));
                }
            }
        }
        for (String other : others) {
            Optional<NetworkSecurityGroup> b = other.isEmpty() ? Optional.empty() : base.networkSecurityGroup(other);
            Optional<NetworkSecurityGroup> h = other.isEmpty() ? Optional.empty() : head.networkSecurityGroup(other);
            if (b.isPresent() != h.isPresent() || b.isPresent() && !SourceBlind.same(b.get(), h.get())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Base's place of the NSG and of each of its rules, to head's; the unknown place (the default rules') stays
     * unknown. A base place with two head places is left out, so its findings are computed in head.
     */
    private static Map<SourceRef, SourceRef> places(NetworkSecurityGroup b, NetworkSecurityGroup h) {
        Map<SourceRef, SourceRef> out = new HashMap<>();
        Set<SourceRef> ambiguous = new HashSet<>();
        put(out, ambiguous, SourceRef.UNKNOWN, SourceRef.UNKNOWN);
        put(out, ambiguous, b.source(), h.source());
        for (int i = 0; i < b.securityRules().size(); i++) {
            put(out, ambiguous, b.securityRules().get(i).source(), h.securityRules().get(i).source());
        }
        ambiguous.forEach(out::remove);
        return out;
    }

    private static void put(Map<SourceRef, SourceRef> out, Set<SourceRef> ambiguous, SourceRef b, SourceRef h) {
        SourceRef before = out.putIfAbsent(b, h);
        if (before != null && !before.equals(h)) {
            ambiguous.add(b);
        }
    }

    private static boolean uniqueNames(Topology t) {
        Set<String> seen = new HashSet<>();
        return t.networkSecurityGroups().stream().allMatch(n -> seen.add(Topology.key(n.name())));
    }
}
