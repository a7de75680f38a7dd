package dev.nsgaudit.analyze.space;

import dev.nsgaudit.analyze.space.FirstMatch.Bound;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminOutcome;
import dev.nsgaudit.semantics.CompiledAdminRule;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The security admin layer in front of a place's NSGs (nsg-semantics 4.3/4.4), written once for every
 * {@link SetAlgebra}: both set engines, the exposure checks, the diff and the rule findings compose it here.
 *
 * <p>With the admin rules of a place and direction read as one first-match list, {@code A} is the set of packets
 * whose first admin match is AlwaysAllow and {@code N} the set whose first match is not Deny (Allow, AlwaysAllow, or
 * no admin rule). A packet passes when it is in {@code A}, or in {@code N} and the NSG layers allow it:
 * {@code allowed = A ∪ (N ∩ nsgs)}. Everything is monotone in {@code A}, {@code N} and the NSG layers, so a bound
 * of the allowed set is the same bound of each ({@link FirstMatch}: unresolved values, uncertain applicability,
 * priority ties, D7). {@code N} is the rest of the packets whose first match may be Deny under the other bound.
 *
 * <p>The lists are {@link AdminLayer#firstMatchRules}: one rule list per outcome whose allowed packets are those
 * with that outcome. Platform packets (D7) that no rule naming their tag matches have no admin rule matching them:
 * CONTINUE.
 *
 * @param <S> the algebra's set type
 */
public final class AdminSets<S> {

    /**
     * A place's packets as the admin layer splits them under one bound (each new, owned by the caller).
     *
     * @param alwaysAllowed allowed whatever the NSGs say
     * @param toNsgs left to the NSG layers
     * @param denied denied whatever the NSGs say
     */
    public record Parts<S>(S alwaysAllowed, S toNsgs, S denied) {
    }

    private final FirstMatch<S> firstMatch;
    private final SetAlgebra<S> algebra;
    /** Per admin layer (by identity) and direction: the two outcome lists and their rules' sets. */
    private final Map<AdminLayer, Lists<S>[]> lists = new IdentityHashMap<>();

    /** The lists of one layer and direction: AlwaysAllow and Deny read as first-match lists, with the rules' sets. */
    private record Lists<S>(List<CompiledRule> alwaysAllow, List<CompiledRule> deny, List<S> match) {
    }

    public AdminSets(FirstMatch<S> firstMatch) {
        this.firstMatch = firstMatch;
        this.algebra = firstMatch.algebra();
    }

    /** Whether no admin rule applies or may apply in this direction: the layer passes everything on to the NSGs. */
    public static boolean passesAll(AdminLayer layer, Direction direction) {
        return layer == null || layer.rules(direction).isEmpty();
    }

    /**
     * Whether two rules of one priority and different outcome may both match: then the box engine leaves the place
     * to the BDDs, as it does for NSGs with such ties (the bounds are still exact in {@link FirstMatch}).
     */
    public static boolean tied(AdminLayer layer, Direction direction) {
        List<CompiledAdminRule> rules = layer == null ? List.of() : layer.rules(direction);
        for (int i = 0; i < rules.size(); i++) {
            for (int k = i + 1; k < rules.size() && rules.get(k).priority() == rules.get(i).priority(); k++) {
                if (rules.get(k).outcome() != rules.get(i).outcome()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether some admin rule of the direction is uncertain (its values or whether it applies here). */
    public static boolean uncertain(AdminLayer layer, Direction direction) {
        return layer != null && layer.rules(direction).stream().anyMatch(r -> !r.certain() || r.outcome() == null);
    }

    /** The packets of {@code in} (kept by the caller) split by the layer under the bound. */
    public Parts<S> split(AdminLayer layer, Direction direction, S in, Bound bound) {
        if (passesAll(layer, direction)) {
            return new Parts<>(algebra.none(), algebra.copy(in), algebra.none());
        }
        Lists<S> l = lists(layer, direction);
        int[] order = FirstMatch.every(l.alwaysAllow());
        S always = firstMatch.allowed(l.alwaysAllow(), l.match()::get, order, in, bound, direction, null, false);
        // N under this bound is what may be denied only under the other bound taken away; the NSGs see N without A.
        Bound other = bound == Bound.LOW ? Bound.HIGH : Bound.LOW;
        S denied = firstMatch.allowed(l.deny(), l.match()::get, order, in, other, direction, null, false);
        S notDenied = algebra.minus(in, denied);
        S toNsgs = algebra.minus(notDenied, always);
        algebra.free(notDenied);
        S deniedOnly = algebra.minus(denied, always);
        algebra.free(denied);
        return new Parts<>(always, toNsgs, deniedOnly);
    }

    /**
     * What the place lets through under the bound: the admin layer's always-allowed packets of {@code in}, and what
     * {@code nsgs} (the NSG layers under the same bound, given the packets it is to decide; its result is new) allows
     * of the packets the admin layer passes on. {@code in} stays the caller's.
     */
    public S allowed(AdminLayer layer, Direction direction, S in, Bound bound, UnaryOperator<S> nsgs) {
        Parts<S> parts = split(layer, direction, in, bound);
        algebra.free(parts.denied());
        S throughNsgs = nsgs.apply(parts.toNsgs());
        algebra.free(parts.toNsgs());
        S out = algebra.union(parts.alwaysAllowed(), throughNsgs);
        algebra.free(parts.alwaysAllowed());
        algebra.free(throughNsgs);
        return out;
    }

    /**
     * The packets of {@code in} that the admin layer decides on its own (AlwaysAllow or Deny) under the bound: with
     * {@link Bound#LOW}, those it decides whatever unresolved values turn out; the NSG rules never see them.
     */
    public S decided(AdminLayer layer, Direction direction, S in, Bound bound) {
        if (passesAll(layer, direction)) {
            return algebra.none();
        }
        Lists<S> l = lists(layer, direction);
        int[] order = FirstMatch.every(l.alwaysAllow());
        S always = firstMatch.allowed(l.alwaysAllow(), l.match()::get, order, in, bound, direction, null, false);
        S denied = firstMatch.allowed(l.deny(), l.match()::get, order, in, bound, direction, null, false);
        S out = algebra.union(always, denied);
        algebra.free(always);
        algebra.free(denied);
        return out;
    }

    /** Releases the rules' sets kept per layer. */
    public void free() {
        for (Lists<S>[] both : lists.values()) {
            for (Lists<S> l : both) {
                if (l != null) {
                    l.match().forEach(algebra::free);
                }
            }
        }
        lists.clear();
    }

    @SuppressWarnings("unchecked")
    private Lists<S> lists(AdminLayer layer, Direction direction) {
        Lists<S>[] both = lists.computeIfAbsent(layer, k -> (Lists<S>[]) new Lists[2]);
        int at = direction == Direction.INBOUND ? 0 : 1;
        if (both[at] == null) {
            List<CompiledRule> always = layer.firstMatchRules(direction, AdminOutcome.ALWAYS_ALLOW);
            List<CompiledRule> deny = layer.firstMatchRules(direction, AdminOutcome.DENY);
            List<S> match = new ArrayList<>(always.size());
            for (CompiledRule r : always) {
                match.add(algebra.matches(r)); // the same fields in both lists: only the access differs
            }
            both[at] = new Lists<>(always, deny, match);
        }
        return both[at];
    }
}
