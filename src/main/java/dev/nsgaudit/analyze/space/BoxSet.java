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

    public BoxSet minus(BoxSet o) {
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
