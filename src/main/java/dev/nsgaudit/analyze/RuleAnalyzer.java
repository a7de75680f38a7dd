package dev.nsgaudit.analyze;

import com.github.javabdd.BDD;
import dev.nsgaudit.analyze.space.HeaderSpace;
import dev.nsgaudit.analyze.space.NsgSets;
import dev.nsgaudit.eval.CompiledRule;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The rule-list questions of SPEC section 6 for one NSG, direction and view, decided over the whole header space:
 * shadowed and redundant rules (against the union of every higher-priority rule, not pair by pair),
 * correlated rules and generalizations. Default rules take part but are never reported. Rules with unresolved
 * values are never reported and never used as blockers: what they match is not known.
 */
final class RuleAnalyzer {

    private final HeaderSpace space;
    private final NsgSets sets;
    private final List<CompiledRule> rules;

    RuleAnalyzer(HeaderSpace space, NsgSets sets) {
        this.space = space;
        this.sets = sets;
        this.rules = sets.rules();
    }

    List<Finding> analyze() {
        List<Finding> out = new ArrayList<>();
        boolean[] dead = new boolean[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule rule = rules.get(i);
            if (rule.isDefault() || !rule.certain() || sets.match(i).isZero() || mayDecideAsTie(i)
                    || decidesPlatformTraffic(rule)) {
                continue;
            }
            if (sets.reachable(i).isZero()) {
                dead[i] = true;
                out.add(covered(i));
            } else if (fallsThroughToSameAccess(i)) {
                dead[i] = true;
                out.add(redundantByFallThrough(i));
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
        return sets.direction() == Direction.OUTBOUND && !rule.platformTags().isEmpty();
    }

    /**
     * Whether an earlier rule of the same priority and the other access is the first match for some packet rule i
     * matches too: Azure rejects duplicate priorities (duplicate-priority), the evaluator calls the order of the two
     * undefined, so rule i may decide such packets and is neither dead nor removable.
     */
    private boolean mayDecideAsTie(int i) {
        CompiledRule rule = rules.get(i);
        for (int j = i - 1; j >= 0 && rules.get(j).priority() == rule.priority(); j--) {
            if (rules.get(j).certain() && rules.get(j).access() != rule.access()) {
                BDD both = sets.reachable(j).and(sets.match(i));
                boolean overlap = !both.isZero();
                both.free();
                if (overlap) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every packet of rule i is decided earlier: shadowed if a blocker has the other access, else redundant. */
    private Finding covered(int i) {
        CompiledRule rule = rules.get(i);
        BDD target = sets.match(i);
        List<Integer> candidates = new ArrayList<>();
        boolean otherAccess = false;
        for (int j = 0; j < i; j++) {
            CompiledRule earlier = rules.get(j);
            if (!earlier.certain()) {
                continue;
            }
            BDD overlap = target.and(sets.match(j));
            if (!overlap.isZero()) {
                candidates.add(j);
                otherAccess |= earlier.access() != rule.access();
            }
            overlap.free();
        }
        List<Integer> blockers = cover(target, candidates, otherAccess ? rule.access() : null);
        List<String> names = blockers.stream().map(j -> rules.get(j).name()).toList();
        String list = describe(blockers);
        if (otherAccess) {
            return finding("shadowed-rule", Severity.ERROR, rule, names, "rule " + rule.name() + " (priority "
                    + rule.priority() + ") can never match: " + list + (blockers.size() > 1 ? " together cover it"
                    : " covers it") + ", and " + (blockers.size() > 1 ? "they decide" : "it decides")
                    + " some of its packets the other way (" + otherAccessLabel(rule) + ")");
        }
        return finding("redundant-rule", Severity.WARNING, rule, names, "rule " + rule.name() + " (priority "
                + rule.priority() + ") is redundant: " + list + " already " + verb(rule.access(), blockers.size() > 1)
                + " everything it matches");
    }

    /**
     * A small set of earlier rules that together cover {@code target}: greedy by the part of what is still
     * uncovered each one covers (ties to the higher priority), starting, when the rule is shadowed, with the
     * largest overlapping rule of the other access; then every rule that is not needed is dropped again.
     */
    private List<Integer> cover(BDD target, List<Integer> candidates, Access ruleAccess) {
        List<Integer> chosen = new ArrayList<>();
        BDD remaining = target.id();
        if (ruleAccess != null) {
            int first = best(remaining, candidates, chosen, ruleAccess);
            if (first >= 0) {
                remaining = take(first, chosen, remaining);
            }
        }
        while (!remaining.isZero()) {
            int next = best(remaining, candidates, chosen, null);
            if (next < 0) {
                break; // cannot happen when the caller checked coverage; keeps the loop finite
            }
            remaining = take(next, chosen, remaining);
        }
        remaining.free();
        // Drop blockers the others cover without.
        for (int k = chosen.size() - 1; k >= 0 && chosen.size() > 1; k--) {
            int candidate = chosen.get(k);
            if (ruleAccess != null && rules.get(candidate).access() != ruleAccess
                    && chosen.stream().filter(j -> rules.get(j).access() != ruleAccess).count() == 1) {
                continue; // keep one blocker of the other access
            }
            BDD others = space.none();
            for (int j : chosen) {
                if (j != candidate) {
                    others.orWith(sets.match(j).id());
                }
            }
            BDD uncovered = HeaderSpace.minus(target, others);
            others.free();
            if (uncovered.isZero()) {
                chosen.remove(k);
            }
            uncovered.free();
        }
        chosen.sort(Integer::compare);
        return chosen;
    }

    private BDD take(int j, List<Integer> chosen, BDD remaining) {
        chosen.add(j);
        BDD next = HeaderSpace.minus(remaining, sets.match(j));
        remaining.free();
        return next;
    }

    /** The candidate covering the most of {@code remaining} (of the given access, when not null). */
    private int best(BDD remaining, List<Integer> candidates, List<Integer> chosen, Access otherThan) {
        int best = -1;
        double bestSize = 0;
        for (int j : candidates) {
            if (chosen.contains(j) || (otherThan != null && rules.get(j).access() == otherThan)) {
                continue;
            }
            BDD part = remaining.and(sets.match(j));
            double size = part.satCount();
            part.free();
            if (size > bestSize) {
                best = j;
                bestSize = size;
            }
        }
        return best;
    }

    /** Removing rule i changes nothing when what reaches it gets the same access from the rules after it. */
    private boolean fallsThroughToSameAccess(int i) {
        CompiledRule rule = rules.get(i);
        BDD reach = sets.reachable(i);
        for (int j = i + 1; j < rules.size(); j++) {
            if (!rules.get(j).certain()) {
                BDD overlap = reach.and(sets.match(j));
                boolean touches = !overlap.isZero();
                overlap.free();
                if (touches) {
                    return false; // an unknown value could change the fall-through: not decided
                }
            }
        }
        BDD after = sets.allowLowFrom(i + 1);
        BDD differ = rule.access() == Access.ALLOW ? HeaderSpace.minus(reach, after) : reach.and(after);
        boolean same = differ.isZero();
        differ.free();
        return same;
    }

    private Finding redundantByFallThrough(int i) {
        CompiledRule rule = rules.get(i);
        List<Integer> deciders = new ArrayList<>();
        BDD remaining = sets.reachable(i).id();
        for (int j = i + 1; j < rules.size() && !remaining.isZero(); j++) {
            BDD hit = remaining.and(sets.match(j));
            if (!hit.isZero()) {
                deciders.add(j);
                BDD next = HeaderSpace.minus(remaining, sets.match(j));
                remaining.free();
                remaining = next;
            }
            hit.free();
        }
        remaining.free();
        List<String> names = deciders.stream().map(j -> rules.get(j).name()).toList();
        return finding("redundant-rule", Severity.WARNING, rule, names, "rule " + rule.name() + " (priority "
                + rule.priority() + ") is redundant: everything it matches would be "
                + (rule.access() == Access.ALLOW ? "allowed" : "denied") + " anyway by " + describe(deciders));
    }

    /** correlated-rules and generalization, pairwise over user rules of different access. */
    private void pairwise(boolean[] dead, List<Finding> out) {
        for (int j = 0; j < rules.size(); j++) {
            CompiledRule later = rules.get(j);
            if (later.isDefault() || !later.certain() || dead[j]) {
                continue;
            }
            for (int i = 0; i < j; i++) {
                CompiledRule earlier = rules.get(i);
                if (earlier.isDefault() || !earlier.certain() || dead[i] || earlier.access() == later.access()
                        || !RuleOverlap.mayOverlap(earlier, later)) {
                    continue;
                }
                BDD a = sets.match(i);
                BDD b = sets.match(j);
                BDD both = a.and(b);
                if (!both.isZero()) {
                    boolean aInB = both.equals(a);
                    boolean bInA = both.equals(b);
                    if (aInB && !bInA) {
                        out.add(finding("generalization", Severity.INFO, later, List.of(earlier.name()), "rule "
                                + later.name() + " (priority " + later.priority() + ", " + later.access().label()
                                + ") contains all of rule " + earlier.name() + " (priority " + earlier.priority()
                                + ", " + earlier.access().label() + "): the earlier rule is an exception to it"));
                    } else if (!aInB && !bInA) {
                        out.add(finding("correlated-rules", Severity.WARNING, later, List.of(earlier.name()), "rules "
                                + earlier.name() + " (priority " + earlier.priority() + ", " + earlier.access().label()
                                + ") and " + later.name() + " (priority " + later.priority() + ", "
                                + later.access().label() + ") overlap without one containing the other: "
                                + "their order decides the overlap"));
                    }
                }
                both.free();
            }
        }
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

    private Finding finding(String id, Severity severity, CompiledRule rule, List<String> related, String message) {
        return new Finding(id, severity, message + " [" + sets.direction().label() + "]", rule.origin().source(),
                sets.nsg().name(), rule.name(), related);
    }
}
