package dev.nsgaudit.analyze.space;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of possible ASG memberships of one end of a packet (which of the known ASGs it is in), one dimension of a
 * {@link PacketBox}: the memberships that are in none of {@code none} and in at least one ASG of every set in
 * {@code some}. Rules give "in at least one of these" (a rule side naming ASGs) or everything (a side naming
 * addresses); intersections and differences of such sets stay in this form, so no membership is ever enumerated.
 * Indexes are those of the ASGs known to the analysis. Never mutate the bit sets after construction.
 */
public final class Membership {

    public static final Membership ANY = new Membership(new BitSet(), List.of());

    private final BitSet none;
    private final List<BitSet> some;
    /** {@link #isEmpty}, once known (0: not yet, 1: empty, 2: not): box lists ask it of every box again and again. */
    private byte emptiness;
    /** {@link #smallestMember}, once known; never changed. */
    private BitSet smallest;

    private Membership(BitSet none, List<BitSet> some) {
        this.none = none;
        this.some = some;
    }

    /** Members of at least one of {@code asgs}; empty when {@code asgs} is. */
    public static Membership anyOf(BitSet asgs) {
        return new Membership(new BitSet(), List.of((BitSet) asgs.clone()));
    }

    /** Exactly the members of {@code memberOf} among the {@code known} ASGs: the membership of one host. */
    public static Membership exactly(BitSet memberOf, int known) {
        BitSet all = new BitSet();
        all.set(0, known);
        return exactlyAmong(memberOf, all);
    }

    /**
     * Exactly the members of {@code memberOf} among the ASGs {@code among}, whatever the membership in the others:
     * what a set of hosts looks like to rules that name no other ASG.
     */
    public static Membership exactlyAmong(BitSet memberOf, BitSet among) {
        BitSet none = (BitSet) among.clone();
        none.andNot(memberOf);
        List<BitSet> some = new ArrayList<>();
        for (int i = memberOf.nextSetBit(0); i >= 0; i = memberOf.nextSetBit(i + 1)) {
            BitSet one = new BitSet();
            one.set(i);
            some.add(one);
        }
        return new Membership(none, List.copyOf(some));
    }

    public BitSet none() {
        return (BitSet) none.clone();
    }

    public List<BitSet> some() {
        return some.stream().map(b -> (BitSet) b.clone()).toList();
    }

    /** Whether an end in exactly the ASGs {@code memberOf} is in the set. */
    public boolean contains(BitSet memberOf) {
        if (memberOf.intersects(none)) {
            return false;
        }
        for (BitSet s : some) {
            if (!memberOf.intersects(s)) {
                return false;
            }
        }
        return true;
    }

    /** A member in few ASGs: for each required set, its first ASG that is not excluded. Only for a non-empty set. */
    public BitSet fewestMember() {
        BitSet out = new BitSet();
        for (BitSet s : some) {
            int i = s.nextSetBit(0);
            while (none.get(i)) {
                i = s.nextSetBit(i + 1);
            }
            out.set(i);
        }
        return out;
    }

    /** The member in every known ASG that is not excluded. Only for a non-empty set. */
    public BitSet mostMember(int known) {
        BitSet out = new BitSet();
        out.set(0, known);
        out.andNot(none);
        return out;
    }

    public boolean isAny() {
        return none.isEmpty() && some.isEmpty();
    }

    /** Empty exactly when some required set lies inside the excluded ASGs: any other choice is a member. */
    public boolean isEmpty() {
        if (emptiness == 0) {
            emptiness = computeEmpty() ? (byte) 1 : (byte) 2; // a benign race: every thread computes the same value
        }
        return emptiness == 1;
    }

    private boolean computeEmpty() {
        for (BitSet s : some) {
            if (!hasElementOutside(s, none)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasElementOutside(BitSet s, BitSet excluded) {
        for (int i = s.nextSetBit(0); i >= 0; i = s.nextSetBit(i + 1)) {
            if (!excluded.get(i)) {
                return true;
            }
        }
        return false;
    }

    public Membership intersect(Membership o) {
        if (o.isAny() || this == o) {
            return this;
        }
        if (isAny()) {
            return o;
        }
        BitSet n = (BitSet) none.clone();
        n.or(o.none);
        return new Membership(n, concat(some, o.some));
    }

    public boolean intersects(Membership o) {
        if (o.isAny()) {
            return !isEmpty();
        }
        if (isAny()) {
            return !o.isEmpty();
        }
        BitSet n = (BitSet) none.clone();
        n.or(o.none);
        for (BitSet s : some) {
            if (!hasElementOutside(s, n)) {
                return false;
            }
        }
        for (BitSet s : o.some) {
            if (!hasElementOutside(s, n)) {
                return false;
            }
        }
        return true;
    }

    /**
     * This set minus {@code o}, as disjoint non-empty pieces. Outside o means: in one of o's excluded ASGs, or
     * else in none of one of its required sets (the first one that fails, so the pieces do not overlap).
     */
    public List<Membership> minus(Membership o) {
        List<Membership> out = new ArrayList<>();
        BitSet curNone = (BitSet) none.clone();
        List<BitSet> curSome = new ArrayList<>(some);
        if (!o.none.isEmpty()) {
            add(out, new Membership(curNone, concat(curSome, List.of(o.none))));
            curNone = (BitSet) curNone.clone();
            curNone.or(o.none);
        }
        for (BitSet s : o.some) {
            BitSet pieceNone = (BitSet) curNone.clone();
            pieceNone.or(s);
            add(out, new Membership(pieceNone, List.copyOf(curSome)));
            curSome.add(s);
        }
        return out;
    }

    private static void add(List<Membership> out, Membership m) {
        if (!m.isEmpty()) {
            out.add(m);
        }
    }

    private static List<BitSet> concat(List<BitSet> a, List<BitSet> b) {
        List<BitSet> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        for (BitSet s : b) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Roughly how many memberships over {@code known} ASGs the set holds: exact when the required sets are
     * disjoint. Used only to prefer larger blockers when explaining a finding, never to decide one.
     */
    public double estimate(int known) {
        double out = Math.pow(2, known - none.cardinality());
        for (BitSet s : some) {
            BitSet free = (BitSet) s.clone();
            free.andNot(none);
            out *= 1 - Math.pow(2, -free.cardinality());
        }
        return out;
    }

    /**
     * The smallest member in the witness order: at the first ASG where two memberships differ, the one outside is
     * smaller. ASGs are left out from the first on as long as the required sets can still be met. Only for a
     * non-empty set.
     */
    public BitSet smallestMember() {
        BitSet known = smallest;
        if (known == null) {
            known = computeSmallestMember();
            smallest = known; // a benign race: every thread computes an equal set, never changed afterwards
        }
        return (BitSet) known.clone();
    }

    /**
     * {@link #smallestMember} without the copy, for a reader that never changes it (witness keys compare it per box;
     * boxes of one set share their membership objects).
     */
    BitSet smallestMemberShared() {
        BitSet known = smallest;
        if (known == null) {
            known = computeSmallestMember();
            smallest = known;
        }
        return known;
    }

    private BitSet computeSmallestMember() {
        BitSet out = new BitSet();
        BitSet excluded = (BitSet) none.clone();
        BitSet candidates = new BitSet();
        some.forEach(candidates::or);
        for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
            if (excluded.get(i)) {
                continue;
            }
            excluded.set(i);
            if (!satisfiable(out, excluded)) {
                excluded.clear(i);
                out.set(i);
            }
        }
        return out;
    }

    /** Whether every required set holds a chosen ASG or one that is not excluded. */
    private boolean satisfiable(BitSet chosen, BitSet excluded) {
        for (BitSet s : some) {
            if (!s.intersects(chosen) && !hasElementOutside(s, excluded)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Membership m && none.equals(m.none) && some.equals(m.some);
    }

    @Override
    public int hashCode() {
        return none.hashCode() * 31 + some.hashCode();
    }

    @Override
    public String toString() {
        return isAny() ? "any" : "none" + none + " some" + some;
    }
}
