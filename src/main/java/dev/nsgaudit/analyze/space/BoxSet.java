package dev.nsgaudit.analyze.space;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable set of packets as a list of {@link PacketBox}es. Subtraction keeps the boxes disjoint, so
 * {@link #volume} adds up; a rule's own boxes may overlap (a side naming both addresses and ASGs), which only
 * makes that estimate larger.
 */
public final class BoxSet {

    public static final BoxSet EMPTY = new BoxSet(List.of());

    private final List<PacketBox> boxes;

    BoxSet(List<PacketBox> boxes) {
        this.boxes = List.copyOf(boxes);
    }

    private BoxSet(List<PacketBox> boxes, boolean owned) {
        this.boxes = java.util.Collections.unmodifiableList(boxes);
    }

    /** A set over a list nobody changes any more: the list is not copied. */
    public static BoxSet owning(List<PacketBox> boxes) {
        return boxes.isEmpty() ? EMPTY : new BoxSet(boxes, true);
    }

    public List<PacketBox> boxes() {
        return boxes;
    }

    public boolean isEmpty() {
        return boxes.isEmpty();
    }

    public boolean intersects(BoxSet o) {
        for (PacketBox a : boxes) {
            for (PacketBox b : o.boxes) {
                if (a.intersects(b)) {
                    return true;
                }
            }
        }
        return false;
    }

    public BoxSet intersect(BoxSet o) {
        List<PacketBox> out = new ArrayList<>();
        for (PacketBox a : boxes) {
            for (PacketBox b : o.boxes) {
                if (a.intersects(b)) {
                    out.add(a.intersect(b));
                }
            }
        }
        return out.isEmpty() ? EMPTY : new BoxSet(out);
    }

    /**
     * This set minus {@code o}: every box of this set, in order, is cut by every box of {@code o}, in order, and
     * replaced by its pieces ({@link PacketBox#minus}).
     */
    public BoxSet minus(BoxSet o) {
        if (boxes.isEmpty() || o.boxes.isEmpty()) {
            return this;
        }
        if ((long) boxes.size() * o.boxes.size() > INDEXED_FROM) {
            return minusIndexed(o);
        }
        return minusInOrder(o);
    }

    /** Above this many pairs of boxes, {@link #minus} looks up the boxes that meet instead of testing every pair. */
    private static final long INDEXED_FROM = 4096;

    /** {@link #minus} as written: box of {@code o} after box of {@code o}, over the whole list. */
    BoxSet minusInOrder(BoxSet o) {
        List<PacketBox> current = boxes;
        for (PacketBox b : o.boxes) {
            if (current.isEmpty()) {
                break;
            }
            List<PacketBox> next = new ArrayList<>(current.size() + 4);
            for (PacketBox a : current) {
                a.minus(b, next);
            }
            current = next;
        }
        return current == boxes ? this : current.isEmpty() ? EMPTY : new BoxSet(current);
    }

    /**
     * {@link #minus} with the same boxes in the same order, by less work. Cutting a box by {@code o}'s boxes in turn
     * only ever replaces it by its own pieces, so the result is, box by box of this set in order, what that box alone
     * leaves; a box of {@code o} that does not meet a box meets none of its pieces and leaves it as it is, so each box
     * (and, in turn, each piece) needs only the boxes of {@code o} that meet it, in {@code o}'s order. Those are found
     * with a {@link BoxIndex} at first, then by filtering the ones its parent needed.
     */
    BoxSet minusIndexed(BoxSet o) {
        BoxIndex index = new BoxIndex(o.boxes);
        List<PacketBox> out = new ArrayList<>(boxes.size());
        for (PacketBox a : boxes) {
            List<PacketBox> cutters = index.meeting(a);
            if (cutters.isEmpty()) {
                out.add(a);
            } else {
                cut(a, cutters, out);
            }
        }
        return out.isEmpty() ? EMPTY : new BoxSet(out);
    }

    /** Adds what is left of {@code a} after each of {@code cutters} in turn, in the order {@link #minus} gives. */
    private static void cut(PacketBox a, List<PacketBox> cutters, List<PacketBox> out) {
        // Depth first over the pieces, first piece first: the order in which the whole-list cutting leaves them.
        java.util.ArrayDeque<Pending> stack = new java.util.ArrayDeque<>();
        stack.push(new Pending(a, cutters, 0));
        List<PacketBox> pieces = new ArrayList<>(8);
        while (!stack.isEmpty()) {
            Pending p = stack.pop();
            int k = p.from;
            while (k < p.cutters.size() && !p.cutters.get(k).intersects(p.box)) {
                k++;
            }
            if (k == p.cutters.size()) {
                out.add(p.box);
                continue;
            }
            pieces.clear();
            p.box.minus(p.cutters.get(k), pieces);
            int rest = p.cutters.size() - k - 1;
            for (int i = pieces.size() - 1; i >= 0; i--) {
                PacketBox piece = pieces.get(i);
                if (rest > FILTER_FROM) {
                    List<PacketBox> meeting = new ArrayList<>();
                    for (int j = k + 1; j < p.cutters.size(); j++) {
                        if (p.cutters.get(j).intersects(piece)) {
                            meeting.add(p.cutters.get(j));
                        }
                    }
                    stack.push(new Pending(piece, meeting, 0));
                } else {
                    stack.push(new Pending(piece, p.cutters, k + 1));
                }
            }
        }
    }

    /** Past this many cutters left, each piece keeps only those that meet it. */
    private static final int FILTER_FROM = 8;

    /** A piece still to cut by {@code cutters} from {@code from} on. */
    private record Pending(PacketBox box, List<PacketBox> cutters, int from) {
    }

    /**
     * The same packets as one fixed list of boxes, whatever boxes this set was computed as (see
     * {@link CanonicalBoxes}; for sets whose boxes all have the same memberships, such as sets without ASGs).
     */
    public BoxSet canonical() {
        return owning(CanonicalBoxes.of(boxes));
    }

    /** Every packet of {@code o} is in this set. */
    public boolean containsAll(BoxSet o) {
        if (boxes.size() == 1) {
            boolean all = true;
            for (PacketBox b : o.boxes) {
                all &= boxes.get(0).containsAll(b);
            }
            if (all) {
                return true;
            }
        }
        return o.minus(this).isEmpty();
    }

    public boolean contains(PacketBox.Point p) {
        for (PacketBox b : boxes) {
            if (b.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** A few packets of the set (two per box), in box order. */
    public List<PacketBox.Point> samples(int knownAsgs) {
        List<PacketBox.Point> out = new ArrayList<>(boxes.size() * 2);
        for (PacketBox b : boxes) {
            out.addAll(b.corners(knownAsgs));
        }
        return out;
    }

    public double volume(int knownAsgs) {
        double out = 0;
        for (PacketBox b : boxes) {
            out += b.volume(knownAsgs);
        }
        return out;
    }

    @Override
    public String toString() {
        return boxes.toString();
    }
}
