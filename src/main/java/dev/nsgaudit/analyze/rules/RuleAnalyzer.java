package dev.nsgaudit.analyze.rules;

import dev.nsgaudit.analyze.space.BoxHosts;
import dev.nsgaudit.analyze.space.BoxSet;
import dev.nsgaudit.analyze.space.BoxSpace;
import dev.nsgaudit.analyze.space.HostUniverse;
import dev.nsgaudit.analyze.space.PacketBox;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The rule-list questions of SPEC section 6 for one NSG, direction and view, decided over the whole header space:
 * shadowed and redundant rules (against the union of every higher-priority rule, not pair by pair),
 * correlated rules and generalizations. Default rules take part but are never reported. Rules with unresolved
 * values are never reported and never used as blockers: what they match is not known.
 *
 * <p>The sets are box lists ({@link BoxSpace}): what reaches a rule is its own match minus the earlier rules
 * that meet it, so no set is ever larger than one rule's fields cut by its neighbours.
 *
 * <p>Every question is asked of the packets {@code verify} can produce seen from the view ({@link HostUniverse}):
 * an ASG term matches its members' addresses only, a host at a member's static address is that member, and a rule
 * naming an ASG with no member in reach matches nothing (and is reported redundant). Each rule's match is kept as
 * written and restricted to the producible packets where a question is asked about it.
 */
public final class RuleAnalyzer {

    private final BoxSpace space;
    private final CompiledNsg nsg;
    private final Direction direction;
    private final List<CompiledRule> rules;
    private final BoxSet[] match;
    private final BoxSet[] reachable;
    private final Overlaps overlaps;
    private final RuleRemoval removal;
    private final HostUniverse universe;
    private final BoxHosts hosts;

    public RuleAnalyzer(BoxSpace space, CompiledNsg nsg, Direction direction, HostUniverse universe) {
        this.space = space;
        this.universe = universe;
        this.hosts = space.hosts(universe);
        this.nsg = nsg;
        this.direction = direction;
        this.rules = nsg.rules(direction);
        this.match = new BoxSet[rules.size()];
        for (int i = 0; i < match.length; i++) {
            match[i] = space.matches(rules.get(i));
        }
        this.reachable = new BoxSet[rules.size()];
        this.overlaps = new Overlaps(match);
        this.removal = new RuleRemoval(rules, match, overlaps, space.knownAsgs(), hosts);
    }

    /**
     * A corner of the rule that no earlier rule matches proves it reachable without computing what reaches it; if
     * that packet then falls to a rule of the other access, the rule is needed. Otherwise the full search decides.
     */
    private RuleRemoval.Outcome removalOutcome(int i) {
        List<PacketBox.Point> reaching = reachingSamples(i);
        if (!reaching.isEmpty() && fallsElsewhere(i, reaching)) {
            return new RuleRemoval.Outcome(RuleRemoval.Kind.NEEDED, List.of());
        }
        return removal.of(i);
    }

    /**
     * The producible sample packets of rule i's match that no earlier certain rule matches. They are rule i's
     * packets, so only the earlier rules that share a packet with it can match them.
     */
    private List<PacketBox.Point> reachingSamples(int i) {
        int[] earlier = overlaps.earlierRules(i);
        List<PacketBox.Point> out = new ArrayList<>();
        for (PacketBox.Point p : hosts.samples(match[i], space.knownAsgs())) {
            if (firstMatch(p, earlier) < 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** The first certain rule of these (ascending) whose match holds the packet, or -1. */
    private int firstMatch(PacketBox.Point p, int[] candidates) {
        for (int j : candidates) {
            if (rules.get(j).certain() && match[j].contains(p)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * Whether one of these packets, which reach rule i, would without it be decided otherwise: first matched by
     * a rule of the other access, by an uncertain rule, by a rule whose priority a rule of the other access
     * shares, or by no rule while rule i allows. Then removing rule i changes a verdict. Only the later rules
     * that share a packet with rule i can match its packets.
     */
    private boolean fallsElsewhere(int i, List<PacketBox.Point> reaching) {
        Access access = rules.get(i).access();
        int[] laterRules = overlaps.laterRules(i);
        for (PacketBox.Point p : reaching) {
            int j = -1;
            for (int k = 0; k < laterRules.length && j < 0; k++) {
                j = match[laterRules[k]].contains(p) ? laterRules[k] : -1;
            }
            if (j < 0) {
                if (access == Access.ALLOW) {
                    return true;
                }
                continue;
            }
            CompiledRule later = rules.get(j);
            if (!later.certain() || later.access() != access) {
                return true;
            }
            for (int k : removal.ties(j)) {
                if (match[k].contains(p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What reaches rule i: its match minus every earlier rule that is certain (computed once, on demand). */
    private BoxSet reachable(int i) {
        if (reachable[i] == null) {
            BoxSet remaining = match[i];
            for (int j = 0; j < i && !remaining.isEmpty(); j++) {
                if (rules.get(j).certain() && RuleOverlap.mayOverlap(rules.get(j), rules.get(i))) {
                    remaining = remaining.minus(match[j]);
                }
            }
            reachable[i] = remaining;
        }
        return reachable[i];
    }

    public List<Finding> analyze() {
        int n = rules.size();
        boolean[] asked = new boolean[n];
        for (int i = 0; i < n; i++) {
            CompiledRule rule = rules.get(i);
            asked[i] = !(rule.isDefault() || !rule.certain() || match[i].isEmpty() || decidesPlatformTraffic(rule));
        }
        // A rule that matches no producible packet is redundant whatever its neighbours.
        boolean[] unmatched = new boolean[n];
        for (int i = 0; i < n; i++) {
            unmatched[i] = asked[i] && !hosts.meets(match[i]);
            asked[i] &= !unmatched[i] && !mayDecideAsTie(i);
        }
        // Each rule's question (and the blockers that explain a dead one) reads only the shared, immutable sets:
        // answered in parallel, reported in order.
        RuleRemoval.Outcome[] outcome = new RuleRemoval.Outcome[n];
        IntStream.range(0, n).parallel().filter(i -> asked[i]).forEach(i -> outcome[i] = removalOutcome(i));
        Finding[] found = new Finding[n];
        for (int i = 0; i < n; i++) {
            found[i] = unmatched[i] ? neverMatched(i) : null;
        }
        IntStream.range(0, n).parallel().filter(i -> outcome[i] != null).forEach(i -> found[i] =
                outcome[i].kind() == RuleRemoval.Kind.DEAD ? covered(i)
                        : outcome[i].kind() == RuleRemoval.Kind.REDUNDANT ? redundantByFallThrough(i, outcome[i].deciders())
                        : null);
        List<Finding> out = new ArrayList<>();
        boolean[] dead = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (found[i] != null) {
                dead[i] = true;
                out.add(found[i]);
            }
        }
        pairwise(dead, out);
        return out;
    }

    /**
     * D7: outbound traffic to a platform service is decided only by the rules naming its tag, whatever comes
     * before them, so first-match over the whole list says nothing about whether such a rule is dead or removable.
     */
    private boolean decidesPlatformTraffic(CompiledRule rule) {
        return direction == Direction.OUTBOUND && !rule.platformTags().isEmpty();
    }

    /**
     * Whether an earlier rule of the same priority and the other access is the first match for some packet rule i
     * matches too: Azure rejects duplicate priorities (duplicate-priority), the evaluator calls the order of the two
     * undefined, so rule i may decide such packets and is neither dead nor removable.
     */
    private boolean mayDecideAsTie(int i) {
        CompiledRule rule = rules.get(i);
        for (int j = i - 1; j >= 0 && rules.get(j).priority() == rule.priority(); j--) {
            if (rules.get(j).certain() && rules.get(j).access() != rule.access()
                    && hosts.meets(reachable(j).intersect(match[i]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every producible packet of rule i is decided earlier: shadowed if one of the rules that decide them has the
     * other access, else redundant. A rule of the other access counts, as a reason and as a blocker, only if it is
     * the first match of some of those packets: one they reach only after another rule decided them decides nothing.
     * Rules of the same access may be named as blockers whenever they cover some of it.
     */
    private Finding covered(int i) {
        CompiledRule rule = rules.get(i);
        BoxSet target = match[i];
        List<Integer> candidates = new ArrayList<>();
        for (int j : overlaps.earlierRules(i)) {
            if (rules.get(j).certain() && sharesProducible(target, match[j])) {
                candidates.add(j);
            }
        }
        Cover c = cover(target, candidates, rule.access());
        List<Integer> blockers = c.blockers();
        boolean otherAccess = c.otherAccess();
        List<String> names = blockers.stream().map(j -> rules.get(j).name()).toList();
        String list = describe(blockers);
        if (otherAccess) {
            return finding("shadowed-rule", rule, names, "rule " + rule.name() + " (priority "
                    + rule.priority() + ") can never match: " + list + (blockers.size() > 1 ? " together cover it"
                    : " covers it") + ", and " + (blockers.size() > 1 ? "they decide" : "it decides")
                    + " some of its packets the other way (" + otherAccessLabel(rule) + ")" + unknownNote());
        }
        return finding("redundant-rule", rule, names, "rule " + rule.name() + " (priority "
                + rule.priority() + ") is redundant: " + list + " already " + verb(rule.access(), blockers.size() > 1)
                + " everything it matches" + unknownNote());
    }

    /** A rule that no packet of a modeled host matches: it names an ASG with no member in reach. */
    private Finding neverMatched(int i) {
        CompiledRule rule = rules.get(i);
        List<String> empty = new ArrayList<>();
        List<String> named = new ArrayList<>(rule.origin().sourceApplicationSecurityGroups());
        named.addAll(rule.origin().destinationApplicationSecurityGroups());
        for (String asg : named) {
            if (!empty.contains(asg) && !hosts.hasMember(space.asgBits(Set.of(Topology.key(asg))))) {
                empty.add(asg);
            }
        }
        String why = empty.isEmpty() ? "no packet that a modeled host can send or receive matches it"
                : "application security group" + (empty.size() > 1 ? "s " : " ") + String.join(", ", empty)
                + (empty.size() > 1 ? " have" : " has") + " no member in reach (a NIC of this network or a peered one),"
                + " so it never matches";
        return finding("redundant-rule", rule, List.of(), "rule " + rule.name() + " (priority "
                + rule.priority() + ") is redundant: " + why);
    }

    /** Where a finding depends on NICs of unknown ASG membership, it says so. */
    private String unknownNote() {
        if (universe.unknown().isEmpty()) {
            return "";
        }
        return " (the ASG membership of NIC " + String.join(", ", universe.unknown())
                + " is not known and is taken to be any)";
    }

    /** The blocking rules of a dead rule, and whether one of them decides some of its packets the other way. */
    private record Cover(List<Integer> blockers, boolean otherAccess) {
    }

    /**
     * A small set of earlier rules that together cover {@code target}: greedy by the part of what is still
     * uncovered each one covers (ties to the higher priority), starting with the largest overlapping rule of the
     * other access that decides some of it; then every rule that is not needed is dropped again. A rule of the other
     * access is checked to decide some of the target ({@link RuleRemoval#decidesSome}) only when it is about to be
     * chosen, so that a needed rule costs one search at most.
     */
    private Cover cover(BoxSet target, List<Integer> candidates, Access ruleAccess) {
        List<Integer> chosen = new ArrayList<>();
        BoxSet remaining = target;
        boolean otherAccess = false;
        while (!otherAccess) {
            int first = best(remaining, candidates, chosen, ruleAccess);
            if (first < 0) {
                break;
            }
            if (removal.decidesSome(first, target)) {
                remaining = take(first, chosen, remaining);
                otherAccess = true;
            } else {
                candidates.remove(Integer.valueOf(first));
            }
        }
        while (hosts.meets(remaining)) {
            int next = best(remaining, candidates, chosen, null);
            if (next < 0) {
                break; // cannot happen when the caller checked coverage; keeps the loop finite
            }
            if (rules.get(next).access() != ruleAccess && !removal.decidesSome(next, target)) {
                candidates.remove(Integer.valueOf(next)); // it decides none of the target
                continue;
            }
            remaining = take(next, chosen, remaining);
        }
        // Drop blockers the others cover without.
        for (int k = chosen.size() - 1; k >= 0 && chosen.size() > 1; k--) {
            int candidate = chosen.get(k);
            if (otherAccess && rules.get(candidate).access() != ruleAccess
                    && chosen.stream().filter(j -> rules.get(j).access() != ruleAccess).count() == 1) {
                continue; // keep one blocker of the other access
            }
            BoxSet uncovered = target;
            for (int j : chosen) {
                if (j != candidate && !uncovered.isEmpty()) {
                    uncovered = uncovered.minus(match[j]);
                }
            }
            if (!hosts.meets(uncovered)) {
                chosen.remove(k);
            }
        }
        chosen.sort(Integer::compare);
        return new Cover(chosen, otherAccess);
    }

    private BoxSet take(int j, List<Integer> chosen, BoxSet remaining) {
        chosen.add(j);
        return remaining.minus(match[j]);
    }

    /** The candidate covering the most of {@code remaining} (of another access than {@code otherThan}, if given). */
    private int best(BoxSet remaining, List<Integer> candidates, List<Integer> chosen, Access otherThan) {
        int best = -1;
        double bestSize = 0;
        for (int j : candidates) {
            if (chosen.contains(j) || (otherThan != null && rules.get(j).access() == otherThan)) {
                continue;
            }
            double size = remaining.intersect(match[j]).volume(space.knownAsgs());
            if (size > bestSize) {
                best = j;
                bestSize = size;
            }
        }
        return best;
    }

    private Finding redundantByFallThrough(int i, List<Integer> deciders) {
        CompiledRule rule = rules.get(i);
        List<String> names = deciders.stream().map(j -> rules.get(j).name()).toList();
        return finding("redundant-rule", rule, names, "rule " + rule.name() + " (priority "
                + rule.priority() + ") is redundant: everything it matches would be "
                + (rule.access() == Access.ALLOW ? "allowed" : "denied") + " anyway by " + describe(deciders)
                + unknownNote());
    }

    /** correlated-rules and generalization, pairwise over user rules of different access. */
    private void pairwise(boolean[] dead, List<Finding> out) {
        List<List<Finding>> perRule = IntStream.range(0, rules.size()).parallel()
                .mapToObj(j -> pairsEndingAt(j, dead)).toList();
        perRule.forEach(out::addAll);
    }

    /** The correlated and generalization findings of rule j against every earlier rule it shares packets with. */
    private List<Finding> pairsEndingAt(int j, boolean[] dead) {
        CompiledRule later = rules.get(j);
        if (later.isDefault() || !later.certain() || dead[j]) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (int i : overlaps.earlierRules(j)) {
            CompiledRule earlier = rules.get(i);
            if (earlier.isDefault() || !earlier.certain() || dead[i] || earlier.access() == later.access()) {
                continue;
            }
            BoxSet a = match[i];
            BoxSet b = match[j];
            if (!sharesProducible(a, b)) {
                continue; // no packet in common that a modeled host can send or receive
            }
            boolean aInB = containsProducible(b, a);
            if (containsProducible(a, b)) {
                continue; // the same producible packets, or the later one covered
            }
            if (aInB) {
                out.add(finding("generalization", later, List.of(earlier.name()), "rule "
                        + later.name() + " (priority " + later.priority() + ", " + later.access().label()
                        + ") contains all of rule " + earlier.name() + " (priority " + earlier.priority()
                        + ", " + earlier.access().label() + "): the earlier rule is an exception to it"));
            } else {
                out.add(finding("correlated-rules", later, List.of(earlier.name()), "rules "
                        + earlier.name() + " (priority " + earlier.priority() + ", " + earlier.access().label()
                        + ") and " + later.name() + " (priority " + later.priority() + ", "
                        + later.access().label() + ") overlap without one containing the other: "
                        + "their order decides the overlap"));
            }
        }
        return out;
    }

    /** Every producible packet of {@code inner} is in {@code outer}. */
    private boolean containsProducible(BoxSet outer, BoxSet inner) {
        if (outer.boxes().size() == 1 && inner.boxes().stream().allMatch(outer.boxes().get(0)::containsAll)) {
            return true;
        }
        BoxSet rest = inner.minus(outer);
        return rest.isEmpty() || !hosts.meets(rest);
    }

    /** The two share a producible packet (they are known to share some packet); stops at the first. */
    private boolean sharesProducible(BoxSet a, BoxSet b) {
        if (hosts.unrestricted()) {
            return true;
        }
        for (PacketBox x : a.boxes()) {
            for (PacketBox y : b.boxes()) {
                if (x.intersects(y) && hosts.meets(x.intersect(y))) {
                    return true;
                }
            }
        }
        return false;
    }

    private String describe(List<Integer> indexes) {
        List<String> parts = new ArrayList<>();
        for (int j : indexes) {
            CompiledRule r = rules.get(j);
            parts.add(r.name() + " (" + (r.isDefault() ? "default, " : "") + r.priority() + ", " + r.access().label() + ")");
        }
        if (parts.size() <= 1) {
            return parts.isEmpty() ? "no rule" : parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String verb(Access access, boolean plural) {
        return access == Access.ALLOW ? (plural ? "allow" : "allows") : (plural ? "deny" : "denies");
    }

    private static String otherAccessLabel(CompiledRule rule) {
        return rule.access() == Access.ALLOW ? "Deny" : "Allow";
    }

    private Finding finding(String id, CompiledRule rule, List<String> related, String message) {
        return Findings.of(id, message + " [" + direction.label() + "]", rule.origin().source(),
                nsg.name(), rule.name(), related);
    }
}
