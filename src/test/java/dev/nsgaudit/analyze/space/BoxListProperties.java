package dev.nsgaudit.analyze.space;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcuts of {@link BoxSet} that must not change a result: the indexed subtraction gives the very boxes, in the
 * very order, of cutting box by box over the whole list; the canonical boxes of a set depend on its packets alone.
 */
class BoxListProperties {

    private final BoxPartsProperties parts = new BoxPartsProperties();

    @Provide
    Arbitrary<List<PacketBox>> lists() {
        return parts.boxes().list().ofMinSize(1).ofMaxSize(12);
    }

    /** Many overlapping pieces, as first match leaves them: the boxes cut by each other. */
    private static BoxSet pieces(List<PacketBox> boxes) {
        BoxSet out = BoxSet.EMPTY;
        for (PacketBox b : boxes) {
            BoxSet one = BoxSet.owning(List.of(b));
            List<PacketBox> all = new ArrayList<>(out.boxes());
            all.addAll(one.minus(out).boxes());
            all.addAll(out.intersect(one).boxes());
            out = BoxSet.owning(all);
        }
        return out;
    }

    @Property(tries = 300)
    void indexedSubtractionGivesTheSameBoxesInTheSameOrder(@ForAll("lists") List<PacketBox> a,
                                                          @ForAll("lists") List<PacketBox> b) {
        BoxSet x = pieces(a);
        BoxSet y = pieces(b);
        assertThat(x.minusIndexed(y).boxes()).isEqualTo(x.minusInOrder(y).boxes());
        assertThat(y.minusIndexed(x).boxes()).isEqualTo(y.minusInOrder(x).boxes());
    }

    @Property(tries = 300)
    void canonicalBoxesDependOnThePacketsAlone(@ForAll("lists") List<PacketBox> a, @ForAll("lists") List<PacketBox> b) {
        BoxSet x = BoxSet.owning(a);
        // The same packets, cut differently and listed in another order.
        BoxSet y = BoxSet.owning(b);
        List<PacketBox> other = new ArrayList<>(x.minus(y).boxes());
        other.addAll(x.intersect(y).boxes());
        Collections.reverse(other);
        BoxSet same = BoxSet.owning(other);
        List<PacketBox> canonical = x.canonical().boxes();
        assertThat(same.canonical().boxes()).isEqualTo(canonical);
        assertThat(x.canonical().minus(x).isEmpty()).isTrue();
        assertThat(x.minus(x.canonical()).isEmpty()).isTrue();
    }
}
