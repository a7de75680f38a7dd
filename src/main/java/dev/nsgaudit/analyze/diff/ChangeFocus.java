package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.space.BoxAlgebra;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.IpConfiguration;
import dev.nsgaudit.model.NetworkInterface;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.AdminRules;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.NetworkView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The packets that a change of rules can touch at one NIC IP configuration: outside them, both versions decide every
 * packet alike, so only they need comparing ({@link NicReach#of} with a focus).
 *
 * <p>When the configuration sees the same things in both versions but for the rule lists of its NSGs
 * ({@link SameLayers#sameSurroundings}), its packets (local addresses and memberships, the remote holders, D8) are
 * the same in both. In each layer and direction, the rules are taken in groups of one priority; a group that is not
 * the same in both versions (a rule added, removed, or changed in its set, access, certainty or D7 tags, or the
 * group's order) is changed; the security admin rules in front of the NSGs are one more such layer, compared by
 * outcome, and the focus is the union of the sets of the rules of every changed group, in both
 * versions, with any memberships at either end.
 *
 * <p>Why this is exact. Take a packet outside the focus, with any memberships. In each layer, every rule that matches
 * it, in either version, is in a group that is the same in both versions (a rule of a changed group would put it in
 * the focus); so the rules matching it are the same rules, in the same order, with the same access, certainty and
 * tags, and the rules tied with each on priority are the same too. First match ({@code FirstMatch}: the bounds,
 * ties and D7 read only those) then gives it the same verdict in both versions, in each layer and under each bound.
 * The focus holds a packet with every membership or with none, so a plain packet's holders (D8) are all inside or
 * all outside it, and its low and high bounds are the same in both versions: it is in no reported set. And first
 * match and the projection over memberships act packet by packet, so the bounds computed within the focus are the
 * whole bounds within the focus: every reported set is the same set of packets, and {@link Regions} reads a set by its
 * packets alone, so the regions, their witnesses and counts are the same.
 */
final class ChangeFocus {

    private final BoxAlgebra algebra;
    private final Topology base;
    private final Topology head;
    private final FlowEvaluator baseEval;
    private final FlowEvaluator headEval;
    private final SameLayers same;
    private final Map<CompiledRule, List<PacketBox>> matches = new IdentityHashMap<>();
    private final Map<List<Object>, BoxSet> changedByLayer = new HashMap<>();

    private final AdminRules baseAdmin;
    private final AdminRules headAdmin;

    ChangeFocus(BoxAlgebra algebra, Topology base, Topology head, FlowEvaluator baseEval, FlowEvaluator headEval,
                SameLayers same, AdminRules baseAdmin, AdminRules headAdmin) {
        this.baseAdmin = baseAdmin;
        this.headAdmin = headAdmin;
        this.algebra = algebra;
        this.base = base;
        this.head = head;
        this.baseEval = baseEval;
        this.headEval = headEval;
        this.same = same;
    }

    /**
     * The packets (without memberships) outside of which both versions decide alike at the configuration in the
     * direction; null when that cannot be narrowed (the configuration's surroundings changed: compare everything).
     */
    BoxSet of(NetworkInterface b, IpConfiguration bIp, NetworkInterface h, IpConfiguration hIp, Direction d) {
        if (!same.sameSurroundings(b, bIp, h, hIp)) {
            return null;
        }
        Topology.SubnetRef bs = base.subnet(bIp.subnet()).orElseThrow();
        Topology.SubnetRef hs = head.subnet(hIp.subnet()).orElseThrow();
        NetworkView bView = baseEval.view(bs.virtualNetwork());
        NetworkView hView = headEval.view(hs.virtualNetwork());
        BoxSet subnetLayer = changed(bs.subnet().networkSecurityGroup(), hs.subnet().networkSecurityGroup(), bView,
                hView, d);
        BoxSet nicLayer = changed(b.networkSecurityGroup(), h.networkSecurityGroup(), bView, hView, d);
        if (subnetLayer == null || nicLayer == null) {
            return null;
        }
        BoxSet adminLayer = changedAdmin(AdminChanges.rules(baseAdmin.layer(bs), d),
                AdminChanges.rules(headAdmin.layer(hs), d));
        if (adminLayer == null) {
            return null;
        }
        return algebra.union(algebra.union(subnetLayer, nicLayer), adminLayer);
    }

    /** The sets of the rules of the changed priority groups of one layer; null when the lists cannot be read so. */
    private BoxSet changed(String bName, String hName, NetworkView bView, NetworkView hView, Direction d) {
        if (bName == null || base.networkSecurityGroup(bName).isEmpty()) {
            return BoxSet.EMPTY; // no NSG, or one missing in both versions (SameLayers): the layer acts alike
        }
        List<Object> key = List.of(Topology.key(bName), Objects.toString(bView.vnetName(), ""), d);
        if (changedByLayer.containsKey(key)) {
            return changedByLayer.get(key);
        }
        BoxSet out = changed(baseEval.compiled(bName, bView).rules(d), headEval.compiled(hName, hView).rules(d));
        changedByLayer.put(key, out);
        return out;
    }

    private BoxSet changed(List<CompiledRule> bRules, List<CompiledRule> hRules) {
        return changedGroups(bRules, hRules, CompiledRule::priority, this::keys, r -> r);
    }

    /**
     * The sets of the security admin rules of the changed priority groups, as for an NSG layer: a packet outside them
     * meets the same admin rules, in the same order, with the same outcome, in both versions. Null when a list is not
     * in priority order.
     */
    private BoxSet changedAdmin(List<CompiledAdminRule> bRules, List<CompiledAdminRule> hRules) {
        return changedGroups(bRules, hRules, CompiledAdminRule::priority, AdminChanges::keys, CompiledAdminRule::rule);
    }

    /**
     * The sets of the rules (both versions') of every priority group whose keys differ between the lists, so that a
     * packet outside them meets the same rules in the same order in both; null when a list is not in priority order.
     */
    private <R> BoxSet changedGroups(List<R> bRules, List<R> hRules, java.util.function.ToIntFunction<R> priority,
                                     java.util.function.Function<List<R>, ?> keys,
                                     java.util.function.Function<R, CompiledRule> rule) {
        Map<Integer, List<R>> bGroups = groups(bRules, priority);
        Map<Integer, List<R>> hGroups = groups(hRules, priority);
        if (bGroups == null || hGroups == null) {
            return null;
        }
        Set<Integer> priorities = new java.util.TreeSet<>(bGroups.keySet());
        priorities.addAll(hGroups.keySet());
        List<PacketBox> out = new ArrayList<>();
        for (int p : priorities) {
            List<R> bg = bGroups.getOrDefault(p, List.of());
            List<R> hg = hGroups.getOrDefault(p, List.of());
            if (!keys.apply(bg).equals(keys.apply(hg))) {
                for (R r : bg) {
                    out.addAll(match(rule.apply(r)));
                }
                for (R r : hg) {
                    out.addAll(match(rule.apply(r)));
                }
            }
        }
        return BoxSet.owning(out);
    }

    /** The rules by priority, each group in list order; null when the list is not in priority order. */
    private static <R> Map<Integer, List<R>> groups(List<R> rules, java.util.function.ToIntFunction<R> priority) {
        Map<Integer, List<R>> out = new TreeMap<>();
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0 && priority.applyAsInt(rules.get(i)) < priority.applyAsInt(rules.get(i - 1))) {
                return null;
            }
            out.computeIfAbsent(priority.applyAsInt(rules.get(i)), k -> new ArrayList<>()).add(rules.get(i));
        }
        return out;
    }

    /** What first match reads of a rule: its set (memberships included), access, certainty and D7 tags. */
    private List<List<Object>> keys(List<CompiledRule> group) {
        List<List<Object>> out = new ArrayList<>(group.size());
        for (CompiledRule r : group) {
            out.add(List.of(algebra.matches(r).boxes(), Objects.toString(r.access(), ""), r.certain(),
                    r.platformTags()));
        }
        return out;
    }

    /** The rule's set with any memberships at either end: the focus holds a packet with all its holders. */
    private List<PacketBox> match(CompiledRule r) {
        return matches.computeIfAbsent(r, k -> NicReach.anyMembership(algebra.matches(k)).boxes());
    }
}
