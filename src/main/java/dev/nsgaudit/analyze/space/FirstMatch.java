package dev.nsgaudit.analyze.space;

import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.PlatformService;
import dev.nsgaudit.semantics.PortSet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * What one NSG layer does with a set of packets, written once for every {@link SetAlgebra}: first match over the
 * rule list in priority order, with bounds for unresolved values, rules tied on priority, and D7.
 *
 * <ul>
 * <li>Bounds: the {@link Bound#LOW low} bound holds what is allowed whatever unresolved values turn out (an uncertain
 * allow may not match, an uncertain deny or a rule of unknown access may), the {@link Bound#HIGH high} bound what may
 * be allowed (the reverse).</li>
 * <li>Ties: the packets of a certain rule that a later rule of the same priority and another access also matches
 * get either access (Azure rejects duplicate priorities, so which one decides is undefined): denied in the low
 * bound, allowed in the high one.</li>
 * <li>D7: outbound packets to a platform service ({@link PlatformService#ALL}) are decided only by the rules naming
 * the service's tag (and uncertain rules, which may); when none matches, or the service has no tag, they pass.</li>
 * <li>D6 is in the rules' own sets ({@link SetAlgebra#matches}).</li>
 * </ul>
 *
 * @param <S> the algebra's set type
 */
public final class FirstMatch<S> {

    /** Which bound of a layer. */
    public enum Bound { LOW, HIGH }

    private final SetAlgebra<S> algebra;
    private final List<S> platform = new ArrayList<>();

    public FirstMatch(SetAlgebra<S> algebra) {
        this.algebra = algebra;
    }

    public SetAlgebra<S> algebra() {
        return algebra;
    }

    /** The packets of a platform service (index in {@link PlatformService#ALL}; owned here). */
    public S platform(int service) {
        if (platform.isEmpty()) {
            for (PlatformService s : PlatformService.ALL) {
                S traffic = algebra.traffic(s.protocols(), s.ports(), PortSet.ALL);
                S to = algebra.destinationAddresses(s.addresses());
                platform.add(algebra.intersect(traffic, to));
                algebra.free(traffic);
                algebra.free(to);
            }
        }
        return platform.get(service);
    }

    /** Releases the platform sets. */
    public void free() {
        platform.forEach(algebra::free);
        platform.clear();
    }

    /**
     * What the layer does to the rule's packets under a bound: allow, deny, or nothing (null: the rule is taken as not
     * matching).
     */
    public static Access effect(CompiledRule rule, Bound bound) {
        if (rule.certain()) {
            return rule.access();
        }
        if (bound == Bound.LOW) {
            return rule.access() == Access.ALLOW ? null : Access.DENY;
        }
        return rule.access() == Access.DENY ? null : Access.ALLOW;
    }

    /**
     * The packets of {@code in} the layer allows under {@code bound}.
     *
     * @param rules the NSG's rules of the direction, in priority order
     * @param match each rule's set (null: the rule cannot meet {@code in}); owned by the caller
     * @param order the indexes of the rules to try, ascending; rules left out must not meet {@code in}
     * @param denied receives the denied parts (null: not wanted); each part is new and goes to the receiver
     * @return the allowed packets, a new set
     */
    public S allowed(List<CompiledRule> rules, IntFunction<S> match, int[] order, S in, Bound bound,
                     Direction direction, Consumer<S> denied) {
        return allowed(rules, match, order, in, bound, direction, denied, true);
    }

    /**
     * {@link #allowed}, with what becomes of platform packets (D7) that no rule naming their service's tag matches:
     * allowed when {@code platformPasses} (an NSG), else denied (an admin rule list read for one outcome, where such
     * a packet has the outcome of no rule matching, {@code AdminAccess}).
     */
    public S allowed(List<CompiledRule> rules, IntFunction<S> match, int[] order, S in, Bound bound,
                     Direction direction, Consumer<S> denied, boolean platformPasses) {
        return allowed(rules, match, order, in, bound, direction, denied, platformPasses, true);
    }

    /**
     * {@link #allowed}, told whether {@code in} may hold packets to a platform service at all: a caller that knows
     * every destination of {@code in} is outside {@link PlatformService#destinations()} passes false and saves the
     * split by each service, which would find nothing.
     */
    public S allowed(List<CompiledRule> rules, IntFunction<S> match, int[] order, S in, Bound bound,
                     Direction direction, Consumer<S> denied, boolean platformPasses, boolean toPlatform) {
        List<S> allowed = new ArrayList<>();
        S left = algebra.copy(in);
        if (direction == Direction.OUTBOUND && toPlatform) {
            for (int k = 0; k < PlatformService.ALL.size() && !algebra.isEmpty(left); k++) {
                SetAlgebra.Split<S> part = algebra.split(left, platform(k));
                algebra.free(left);
                left = part.outside();
                if (algebra.isEmpty(part.inside())) {
                    algebra.free(part.inside());
                    continue;
                }
                String tag = PlatformService.ALL.get(k).tag();
                if (tag == null && platformPasses) {
                    allowed.add(part.inside());
                } else {
                    // A service without a tag: no rule names it, so only uncertain rules may decide (an empty tag).
                    allowed.add(chain(rules, match, order, tag == null ? "" : tag, part.inside(), bound, platformPasses,
                            denied));
                    algebra.free(part.inside());
                }
            }
        }
        allowed.add(chain(rules, match, order, null, left, bound, false, denied));
        algebra.free(left);
        return unionFreeing(allowed);
    }

    /**
     * The packets of {@code in} the rule list alone allows under {@code bound}, without D7 (what a layer's rules say,
     * as the rule findings read them); arguments as for {@link #allowed}.
     */
    public S listAllowed(List<CompiledRule> rules, IntFunction<S> match, int[] order, S in, Bound bound) {
        return chain(rules, match, order, null, in, bound, false, null);
    }

    /** Every rule index of a list, for {@link #allowed}. */
    public static int[] every(List<CompiledRule> rules) {
        return java.util.stream.IntStream.range(0, rules.size()).toArray();
    }

    /**
     * First match over the rules {@code order} (only those naming {@code tag}, and uncertain ones, when a tag is
     * given); what no rule takes is allowed when {@code otherwiseAllowed}. Returns the allowed part (new); {@code in}
     * stays the caller's.
     */
    private S chain(List<CompiledRule> rules, IntFunction<S> match, int[] order, String tag, S in, Bound bound,
                    boolean otherwiseAllowed, Consumer<S> denied) {
        List<S> allowed = new ArrayList<>();
        S left = in;
        for (int i : order) {
            if (algebra.isEmpty(left)) {
                break;
            }
            CompiledRule r = rules.get(i);
            if (!applies(r, tag)) {
                continue;
            }
            Access effect = effect(r, bound);
            S m = effect == null ? null : match.apply(i);
            if (m == null) {
                continue;
            }
            SetAlgebra.Split<S> part = algebra.split(left, m);
            if (algebra.isEmpty(part.inside())) {
                algebra.free(part.inside());
                algebra.free(part.outside());
                continue;
            }
            S taken = part.inside();
            if (r.certain()) {
                S tied = tiedOtherAccess(rules, match, i, tag);
                if (tied != null) {
                    // Either access may decide the tied packets: the low bound denies them, the high bound allows.
                    SetAlgebra.Split<S> t = algebra.split(taken, tied);
                    algebra.free(tied);
                    algebra.free(taken);
                    take(bound == Bound.HIGH ? Access.ALLOW : Access.DENY, t.inside(), allowed, denied);
                    taken = t.outside();
                }
            }
            take(effect, taken, allowed, denied);
            if (left != in) {
                algebra.free(left);
            }
            left = part.outside();
        }
        if (otherwiseAllowed) {
            allowed.add(left == in ? algebra.copy(in) : left);
        } else {
            if (denied != null) {
                denied.accept(left == in ? algebra.copy(in) : left);
            } else if (left != in) {
                algebra.free(left);
            }
        }
        return unionFreeing(allowed);
    }

    /** The union of the parts, which are released. */
    private S unionFreeing(List<S> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        S out = algebra.unionAll(parts);
        for (S p : parts) {
            if (p != out) {
                algebra.free(p);
            }
        }
        return out;
    }

    private void take(Access access, S part, List<S> allowed, Consumer<S> denied) {
        if (algebra.isEmpty(part)) {
            algebra.free(part);
        } else if (access == Access.ALLOW) {
            allowed.add(part);
        } else if (denied != null) {
            denied.accept(part);
        } else {
            algebra.free(part);
        }
    }

    /**
     * Whether the rule takes part in a chain: every rule without a tag; with a platform tag (D7) only the rules naming
     * it, and uncertain rules, which may.
     */
    private static boolean applies(CompiledRule r, String tag) {
        return tag == null || !r.certain() || r.platformTags().contains(tag);
    }

    /**
     * What the rules after {@code i} of the same priority and another (or unknown) access match, among those that
     * take part in the chain of {@code tag} (a rule D7 skips ties with nothing); null when none.
     */
    private S tiedOtherAccess(List<CompiledRule> rules, IntFunction<S> match, int i, String tag) {
        CompiledRule r = rules.get(i);
        List<S> tied = new ArrayList<>();
        for (int k = i + 1; k < rules.size() && rules.get(k).priority() == r.priority(); k++) {
            if (rules.get(k).access() != r.access() && applies(rules.get(k), tag)) {
                S m = match.apply(k);
                if (m != null) {
                    tied.add(m);
                }
            }
        }
        return tied.isEmpty() ? null : algebra.unionAll(tied);
    }
}
