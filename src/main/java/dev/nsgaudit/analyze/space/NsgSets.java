package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.eval.CompiledNsg;
import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.model.Direction;
import dev.nsgaudit.net.AddressSet;

import java.util.List;
import java.util.Set;

/**
 * The packet sets of one NSG in one direction and view. What each rule matches ({@link #match}) is kept for the
 * whole header space: it is a product of one set per field and stays small. Everything that combines rules (what
 * reaches a rule, what the list allows under first-match semantics) is computed within a region that fixes the
 * local end ({@link #within}): one NIC's addresses with its ASG membership, or a subnet's addresses. There those
 * sets depend essentially on the remote end only and stay small; over the whole header space they can grow to
 * millions of nodes for lists with many prefixes on both sides.
 *
 * <p>Uncertain rules bound the allowed set from both sides: {@code allowLow} holds the packets allowed however the
 * unknown values turn out, {@code allowHigh} those that may be allowed.
 */
public final class NsgSets {

    private final HeaderSpace space;
    private final CompiledNsg nsg;
    private final Direction direction;
    private final List<CompiledRule> rules;
    private final BDD[] match;
    /** Per rule: 1 when some packet reaches it, -1 when none does, 0 when not known yet. */
    private final byte[] reaches;
    private Global global;
    private Set<String> named;

    public NsgSets(HeaderSpace space, CompiledNsg nsg, Direction direction) {
        this.space = space;
        this.nsg = nsg;
        this.direction = direction;
        this.rules = nsg.rules(direction);
        this.match = new BDD[rules.size()];
        this.reaches = new byte[rules.size()];
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

    /**
     * The ASGs this list's rules name, on either side (lower-cased): the only membership variables its sets read, so
     * a question over this list and others may fix an endpoint's membership among theirs alone
     * ({@link HeaderSpace#sourceMembership(Set, Set)}).
     */
    public Set<String> namedAsgs() {
        if (named == null) {
            named = namedBy(rules);
        }
        return named;
    }

    /** The ASGs the rules name, on either side, in the order they are named. */
    public static Set<String> namedBy(List<CompiledRule> rules) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (CompiledRule r : rules) {
            out.addAll(r.sourceAsgs());
            out.addAll(r.destinationAsgs());
        }
        return Set.copyOf(out);
    }

    HeaderSpace space() {
        return space;
    }

    /** The packets rule {@code i} matches (may match, for an uncertain rule), over the whole header space. */
    public BDD match(int i) {
        if (match[i] == null) {
            match[i] = space.matches(rules.get(i));
        }
        return match[i];
    }

    /**
     * The sets of this list within {@code region}, a set of packets whose local end (the destination inbound, the
     * source outbound) is fixed or nearly so. Every set of the result is the corresponding set over the whole header
     * space intersected with the region. The caller closes the result.
     *
     * @param local what the region's local end can be, to skip rules that cannot match it before any set operation;
     *     null to test every rule with the region itself
     */
    public RegionSets within(BDD region, Local local) {
        return new RegionSets(this, region, local);
    }

    /**
     * What the local end of a region can be: a superset of its addresses, and the ASGs its hosts can be members of
     * (null: any membership). Only used to skip rules early; the region's set decides.
     */
    public record Local(AddressSet addresses, Set<String> asgs) {
    }

    /** Whether rule {@code i} cannot match any packet whose local end is described by {@code local}. */
    boolean misses(int i, Local local) {
        if (local == null) {
            return false;
        }
        CompiledRule r = rules.get(i);
        boolean inbound = direction == Direction.INBOUND;
        AddressSet addresses = inbound ? r.destinationAddresses() : r.sourceAddresses();
        Set<String> asgs = inbound ? r.destinationAsgs() : r.sourceAsgs();
        if (addresses.intersects(local.addresses())) {
            return false;
        }
        if (asgs.isEmpty()) {
            return true;
        }
        if (local.asgs() == null) {
            return false;
        }
        for (String asg : asgs) {
            if (local.asgs().contains(asg)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some packet of the whole header space reaches rule {@code i} (matches it and no earlier certain rule).
     * Decided within the rule's own match, so without the union of every earlier rule.
     */
    public boolean reachesAnywhere(int i) {
        if (reaches[i] == 0) {
            if (global != null) {
                reaches[i] = (byte) (global.reachable[i].isZero() ? -1 : 1);
            } else {
                BDD m = match(i);
                BDD rest = m.id();
                for (int j = 0; j < i && !rest.isZero(); j++) {
                    if (rules.get(j).certain()) {
                        BDD next = HeaderSpace.minus(rest, match(j));
                        rest.free();
                        rest = next;
                    }
                }
                reaches[i] = (byte) (rest.isZero() ? -1 : 1);
                rest.free();
            }
        }
        return reaches[i] > 0;
    }

    /**
     * Frees the BDDs kept here (each rule's match, the whole-space sets); they are built again when asked for. What
     * is known of the rules (which reach a packet, which ASGs they name) stays. A BDD handed out as owned here must
     * not be used after this.
     */
    public void release() {
        for (int i = 0; i < match.length; i++) {
            if (match[i] != null) {
                match[i].free();
                match[i] = null;
            }
        }
        if (global != null) {
            for (BDD[] kept : List.of(global.reachable, global.allowLowFrom, global.allowHighFrom)) {
                for (BDD b : kept) {
                    if (b != null) {
                        b.free();
                    }
                }
            }
            global = null;
        }
    }

    /** Records what a region found: a rule with a reachable packet there reaches one anywhere. */
    void reachedSomewhere(int i) {
        reaches[i] = 1;
    }

    // ---- the sets over the whole header space (for the rule-list findings; may be very large) ----------------------

    /** The sets over the whole header space, computed on first use as before regions existed. */
    private static final class Global {
        final BDD[] reachable;
        final BDD[] allowLowFrom;
        final BDD[] allowHighFrom;

        Global(BDD[] reachable, BDD[] allowLowFrom, BDD[] allowHighFrom) {
            this.reachable = reachable;
            this.allowLowFrom = allowLowFrom;
            this.allowHighFrom = allowHighFrom;
        }
    }

    private Global global() {
        if (global == null) {
            BDD all = space.all();
            Chain chain = chain(all, new BDD[rules.size()], true);
            for (int i = 0; i < rules.size(); i++) {
                match(i);
            }
            global = new Global(chain.reachable, chain.lowFrom, chain.highFrom);
            all.free();
        }
        return global;
    }

    // Whole-space sets: the reference that the sets within a region are tested against. The analysis never asks
    // for them, since on real NSGs the union of every earlier rule over the whole header space can be very large.

    /** What reaches rule {@code i} over the whole header space. */
    public BDD reachable(int i) {
        return global().reachable[i];
    }

    /** Packets the whole list allows for certain, over the whole header space. */
    public BDD allowLow() {
        return global().allowLowFrom[0];
    }

    /** Packets the whole list may allow, over the whole header space. */
    public BDD allowHigh() {
        return global().allowHighFrom[0];
    }

    public boolean hasUncertainRules() {
        return rules.stream().anyMatch(r -> !r.certain());
    }

    // ---- the computation, shared by the whole space and regions -------------------------------------------------

    /** The result of {@link #chain}: reachable per rule (whole space only), and the allowed bounds from index 0. */
    record Chain(BDD[] reachable, BDD[] lowFrom, BDD[] highFrom) {
    }

    /**
     * Reachable sets (forward) and the allowed bounds from index 0 ({@link FirstMatch}, the same code every engine
     * runs) over {@code m}, the rules' matches within a region ({@code null}: the rule misses the region), with
     * {@code top} the region's valid packets. With {@code keepAll} (the whole space) every rule's own match is used
     * and the reachable sets are computed too.
     */
    Chain chain(BDD top, BDD[] m, boolean keepAll) {
        int n = rules.size();
        for (int i = 0; i < n; i++) {
            if (m[i] == null && keepAll) {
                m[i] = match(i); // the whole space: every rule's own match
            }
        }
        BDD[] reachable = keepAll ? reachable(m) : null;
        int[] order = java.util.stream.IntStream.range(0, n).filter(i -> m[i] != null).toArray();
        FirstMatch<BDD> firstMatch = new FirstMatch<>(new BddAlgebra(space));
        BDD low = firstMatch.listAllowed(rules, i -> m[i], order, top, FirstMatch.Bound.LOW);
        BDD high = firstMatch.listAllowed(rules, i -> m[i], order, top, FirstMatch.Bound.HIGH);
        return new Chain(reachable, new BDD[] {low}, new BDD[] {high});
    }

    /** Forward: what matches each rule and no earlier certain rule, within the matches given. */
    BDD[] reachable(BDD[] m) {
        int n = rules.size();
        BDD[] out = new BDD[n];
        BDD covered = space.none();
        for (int i = 0; i < n; i++) {
            if (m[i] == null) {
                out[i] = space.none();
                continue;
            }
            out[i] = HeaderSpace.minus(m[i], covered);
            if (rules.get(i).certain()) {
                covered.orWith(m[i].id());
            }
        }
        covered.free();
        return out;
    }

}
