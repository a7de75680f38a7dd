package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.eval.CompiledRule;
import dev.nsgaudit.model.Access;
import dev.nsgaudit.model.Direction;

import java.util.List;

/**
 * The packet sets of one NSG in one direction and view: what each rule matches, what reaches it (matches it and
 * no earlier certain rule), and the allowed set of the whole list under first-match semantics. Uncertain rules
 * bound the allowed set from both sides: {@link #allowLow} holds the packets allowed however the unknown values
 * turn out, {@link #allowHigh} those that may be allowed.
 */
public final class NsgSets {

    private final CompiledNsg nsg;
    private final Direction direction;
    private final List<CompiledRule> rules;
    private final BDD[] match;
    private final BDD[] reachable;
    private final BDD[] allowLowFrom;
    private final BDD[] allowHighFrom;

    public NsgSets(HeaderSpace space, CompiledNsg nsg, Direction direction) {
        this.nsg = nsg;
        this.direction = direction;
        this.rules = nsg.rules(direction);
        int n = rules.size();
        match = new BDD[n];
        reachable = new BDD[n];
        BDD covered = space.none();
        for (int i = 0; i < n; i++) {
            match[i] = space.matches(rules.get(i));
            reachable[i] = HeaderSpace.minus(match[i], covered);
            if (rules.get(i).certain()) {
                covered.orWith(match[i].id());
            }
        }
        covered.free();
        // Backward: allowFrom[i] = what rules i..n-1 allow, first match.
        allowLowFrom = new BDD[n + 1];
        allowHighFrom = new BDD[n + 1];
        allowLowFrom[n] = space.none();
        allowHighFrom[n] = space.none();
        for (int i = n - 1; i >= 0; i--) {
            CompiledRule r = rules.get(i);
            BDD low = allowLowFrom[i + 1];
            BDD high = allowHighFrom[i + 1];
            if (r.certain()) {
                BDD verdict = r.access() == Access.ALLOW ? space.all() : space.none();
                // A later rule of the same priority and the other access that may match too: Azure rejects
                // duplicate priorities and the evaluator calls the order undefined, so either access is possible.
                BDD tied = tiedOtherAccess(i);
                BDD none = space.none();
                BDD all = space.all();
                BDD lowIfMatch = tied.ite(none, verdict);
                BDD highIfMatch = tied.ite(all, verdict);
                allowLowFrom[i] = match[i].ite(lowIfMatch, low);
                allowHighFrom[i] = match[i].ite(highIfMatch, high);
                for (BDD b : new BDD[] {verdict, tied, none, all, lowIfMatch, highIfMatch}) {
                    b.free();
                }
            } else {
                // May match or not: the low bound takes the worse case, the high bound the better one.
                BDD lowIfMatch = r.access() == Access.ALLOW ? low.id() : space.none();
                BDD highIfMatch = r.access() == Access.DENY ? high.id() : space.all();
                allowLowFrom[i] = match[i].ite(lowIfMatch.andWith(low.id()), low);
                allowHighFrom[i] = match[i].ite(highIfMatch.orWith(high.id()), high);
            }
        }
    }

    /** What the rules after {@code i} with the same priority and another (or unknown) access may match. */
    private BDD tiedOtherAccess(int i) {
        CompiledRule r = rules.get(i);
        BDD out = match[i].getFactory().zero();
        for (int k = i + 1; k < rules.size() && rules.get(k).priority() == r.priority(); k++) {
            if (rules.get(k).access() != r.access()) {
                out.orWith(match[k].id());
            }
        }
        return out;
    }

    public CompiledNsg nsg() {
        return nsg;
    }

    public Direction direction() {
        return direction;
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    public BDD match(int i) {
        return match[i];
    }

    public BDD reachable(int i) {
        return reachable[i];
    }

    /** Packets the rules from index {@code i} on allow for certain. */
    public BDD allowLowFrom(int i) {
        return allowLowFrom[i];
    }

    public BDD allowHighFrom(int i) {
        return allowHighFrom[i];
    }

    public BDD allowLow() {
        return allowLowFrom[0];
    }

    public BDD allowHigh() {
        return allowHighFrom[0];
    }

    public boolean hasUncertainRules() {
        return rules.stream().anyMatch(r -> !r.certain());
    }
}
