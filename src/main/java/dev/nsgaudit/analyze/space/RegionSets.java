package dev.nsgaudit.analyze.space;

import com.github.javabdd.BDD;
import dev.nsgaudit.semantics.CompiledRule;

import java.util.List;

/**
 * The sets of one NSG's rule list within a region of the header space ({@link NsgSets#within}): each rule's match,
 * what reaches each rule, and the allowed bounds under first-match semantics, each equal to the set over the whole
 * header space intersected with the region. Rules that cannot match the region are skipped. The bounds are computed
 * on first use, the reachable sets too. Owns its BDDs: close it when done (BDDs handed out are ids the caller frees,
 * except those of {@link #match} and {@link #reachable}, which stay owned here).
 */
public final class RegionSets implements AutoCloseable {

    private final NsgSets sets;
    private final HeaderSpace space;
    private final BDD region;
    private final BDD top;
    private final BDD[] match;
    private BDD[] reachable;
    private BDD allowLow;
    private BDD allowHigh;

    RegionSets(NsgSets sets, BDD region, NsgSets.Local local) {
        this.sets = sets;
        this.space = sets.space();
        this.region = region.id();
        this.top = space.all().andWith(region.id());
        int n = sets.rules().size();
        this.match = new BDD[n];
        if (top.isZero()) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (sets.misses(i, local)) {
                continue;
            }
            BDD m = sets.match(i).and(region);
            if (m.isZero()) {
                m.free();
            } else {
                match[i] = m;
            }
        }
    }

    public NsgSets sets() {
        return sets;
    }

    public List<CompiledRule> rules() {
        return sets.rules();
    }

    /** The region (owned here). */
    public BDD region() {
        return region;
    }

    /** Whether rule {@code i} matches some packet of the region. */
    public boolean matches(int i) {
        return match[i] != null;
    }

    /** What rule {@code i} matches within the region (owned here; do not free). */
    public BDD match(int i) {
        return match[i] != null ? match[i] : constantNone();
    }

    /** What reaches rule {@code i} within the region: matches it and no earlier certain rule (owned here). */
    public BDD reachable(int i) {
        if (reachable == null) {
            reachable = sets.reachable(match);
            for (int k = 0; k < reachable.length; k++) {
                if (!reachable[k].isZero()) {
                    sets.reachedSomewhere(k);
                }
            }
        }
        return reachable[i];
    }

    /** Packets of the region the list allows for certain (a new BDD). */
    public BDD allowLow() {
        bounds();
        return allowLow.id();
    }

    /** Packets of the region the list may allow (a new BDD). */
    public BDD allowHigh() {
        bounds();
        return allowHigh.id();
    }

    private void bounds() {
        if (allowLow == null) {
            NsgSets.Chain chain = sets.chain(top, match, false);
            allowLow = chain.lowFrom()[0];
            allowHigh = chain.highFrom()[0];
        }
    }

    private BDD none;

    private BDD constantNone() {
        if (none == null) {
            none = space.none();
        }
        return none;
    }

    @Override
    public void close() {
        region.free();
        top.free();
        for (BDD b : match) {
            if (b != null) {
                b.free();
            }
        }
        if (reachable != null) {
            for (BDD b : reachable) {
                b.free();
            }
        }
        if (allowLow != null) {
            allowLow.free();
            allowHigh.free();
        }
        if (none != null) {
            none.free();
        }
    }
}
