package dev.nsgaudit.analyze.space;

import dev.nsgaudit.semantics.PortSet;
import dev.nsgaudit.net.AddressSet;
import dev.nsgaudit.net.IpFamily;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two dimensions of a {@link PacketBox} that are not plain masks, against brute force: {@link Intervals} over
 * ports 0-63 (every value enumerated) and {@link Membership} over five ASGs (all 32 memberships enumerated). And
 * {@link BoxBounds}, whose tests must never rule out boxes that meet or hold.
 */
class BoxPartsProperties {

    private static final int PORTS = 64;
    private static final int ASGS = 5;

    // ---- intervals ----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<List<int[]>> portRanges() {
        Arbitrary<int[]> range = Combinators.combine(Arbitraries.integers().between(0, PORTS - 1),
                Arbitraries.integers().between(0, 9)).as((a, len) -> new int[] {a, Math.min(PORTS - 1, a + len)});
        return range.list().ofMaxSize(5);
    }

    private static BitSet values(Intervals s) {
        BitSet out = new BitSet();
        PortSet p = s.toPorts();
        for (int v = 0; v < PORTS; v++) {
            if (p.contains(v)) {
                out.set(v);
            }
        }
        return out;
    }

    private static BitSet values(List<int[]> ranges) {
        BitSet out = new BitSet();
        for (int[] r : ranges) {
            out.set(r[0], r[1] + 1);
        }
        return out;
    }

    @Property(tries = 500)
    void intervalOperationsAreSetOperations(@ForAll("portRanges") List<int[]> a, @ForAll("portRanges") List<int[]> b) {
        Intervals x = Intervals.of(PortSet.ofRanges(a));
        Intervals y = Intervals.of(PortSet.ofRanges(b));
        BitSet va = values(a);
        BitSet vb = values(b);
        BitSet and = (BitSet) va.clone();
        and.and(vb);
        BitSet minus = (BitSet) va.clone();
        minus.andNot(vb);
        assertThat(values(x)).isEqualTo(va);
        assertThat(values(x.intersect(y))).isEqualTo(and);
        assertThat(values(x.minus(y))).isEqualTo(minus);
        assertThat(x.intersects(y)).isEqualTo(!and.isEmpty());
        assertThat(x.containsAll(y)).isEqualTo(and.equals(vb));
        assertThat(x.size()).isEqualTo(va.cardinality());
        assertThat(x.minus(y).isEmpty()).isEqualTo(minus.isEmpty());
    }

    @Provide
    Arbitrary<List<int[]>> manyPortRanges() {
        // Narrow ranges, many of them: lists past the length where intersects merges instead of searching.
        Arbitrary<int[]> range = Combinators.combine(Arbitraries.integers().between(0, PORTS - 1),
                Arbitraries.integers().between(0, 1)).as((a, len) -> new int[] {a, Math.min(PORTS - 1, a + len)});
        return range.list().ofMinSize(8).ofMaxSize(30);
    }

    @Property(tries = 500)
    void longListsMeetExactlyWhenTheySharePorts(@ForAll("manyPortRanges") List<int[]> a,
                                                @ForAll("manyPortRanges") List<int[]> b) {
        BitSet and = values(a);
        and.and(values(b));
        Intervals x = Intervals.of(PortSet.ofRanges(a));
        Intervals y = Intervals.of(PortSet.ofRanges(b));
        assertThat(x.intersects(y)).isEqualTo(!and.isEmpty());
        assertThat(y.intersects(x)).isEqualTo(!and.isEmpty());
        assertThat(values(x.intersect(y))).isEqualTo(and);
    }

    @Test
    void ipv6IntervalsCarryAcrossTheLow64Bits() {
        Intervals all = Intervals.all(IpFamily.V6);
        Intervals mid = Intervals.of(AddressSet.of("2001:db8::/64"), IpFamily.V6);
        Intervals rest = all.minus(mid);
        assertThat(rest.toAddresses(IpFamily.V6)).isEqualTo(AddressSet.allOf(IpFamily.V6).minus(AddressSet.of("2001:db8::/64")));
        assertThat(rest.intersects(mid)).isFalse();
        assertThat(rest.size() + mid.size()).isEqualTo(Math.pow(2, 128));
        Intervals upper = Intervals.of(AddressSet.of("::1:0:0:0:0/64"), IpFamily.V6);
        Intervals lowHalf = Intervals.of(AddressSet.of("::/64"), IpFamily.V6);
        // ::/64 ends at ::ffff:ffff:ffff:ffff; the next address, ::1:0:0:0:0, starts the next /64.
        assertThat(Intervals.of(AddressSet.of("::/63"), IpFamily.V6).minus(lowHalf)).isEqualTo(upper);
        assertThat(Intervals.of(AddressSet.of("::/63"), IpFamily.V6).minus(upper)).isEqualTo(lowHalf);
        Intervals v4 = Intervals.of(AddressSet.of("10.0.0.0/8", "192.0.2.0/24"), IpFamily.V4);
        assertThat(Intervals.all(IpFamily.V4).minus(v4).toAddresses(IpFamily.V4))
                .isEqualTo(AddressSet.allOf(IpFamily.V4).minus(AddressSet.of("10.0.0.0/8", "192.0.2.0/24")));
        assertThat(v4.size()).isEqualTo(16_777_216 + 256);
    }

    // ---- memberships ----------------------------------------------------------------------------------------

    @Provide
    Arbitrary<Membership> memberships() {
        Arbitrary<BitSet> asgs = Arbitraries.integers().between(0, (1 << ASGS) - 1).map(m -> BitSet.valueOf(new long[] {m}));
        Arbitrary<Membership> leaf = Arbitraries.oneOf(asgs.map(Membership::anyOf), Arbitraries.just(Membership.ANY));
        // Intersections and differences of leaves, as the analysis builds them.
        return Combinators.combine(leaf, leaf, leaf, Arbitraries.integers().between(0, 3)).as((a, b, c, op) -> switch (op) {
            case 0 -> a;
            case 1 -> a.intersect(b);
            case 2 -> a.minus(b).isEmpty() ? a.intersect(c) : a.minus(b).get(0);
            default -> a.minus(b).size() > 1 ? a.minus(b).get(1).intersect(c) : a.intersect(b).intersect(c);
        });
    }

    private static List<BitSet> members(Membership m) {
        List<BitSet> out = new ArrayList<>();
        for (int v = 0; v < 1 << ASGS; v++) {
            BitSet b = BitSet.valueOf(new long[] {v});
            if (m.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    @Property(tries = 1000)
    void membershipOperationsAreSetOperations(@ForAll("memberships") Membership a, @ForAll("memberships") Membership b) {
        List<BitSet> ma = members(a);
        List<BitSet> mb = members(b);
        List<BitSet> both = ma.stream().filter(mb::contains).toList();
        List<BitSet> minus = ma.stream().filter(x -> !mb.contains(x)).toList();
        assertThat(a.isEmpty()).isEqualTo(ma.isEmpty());
        assertThat(members(a.intersect(b))).isEqualTo(both);
        assertThat(a.intersects(b)).isEqualTo(!both.isEmpty());
        List<Membership> pieces = a.minus(b);
        List<BitSet> union = new ArrayList<>();
        for (Membership p : pieces) {
            assertThat(p.isEmpty()).isFalse();
            for (BitSet x : members(p)) {
                assertThat(union).as("pieces are disjoint").doesNotContain(x);
                union.add(x);
            }
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(minus);
        double estimate = a.estimate(ASGS);
        assertThat(estimate).isBetween(0.0, (double) (1 << ASGS));
    }

    // ---- bounds ---------------------------------------------------------------------------------------------

    private static final List<String> V4 = List.of("0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.0.1.4/32",
            "192.0.2.0/24", "255.255.255.255/32");
    private static final List<String> V6 = List.of("::/0", "::/63", "::/64", "::1:0:0:0:0/64", "2001:db8::/32",
            "ffff::/16");

    @Provide
    Arbitrary<PacketBox> boxes() {
        Arbitrary<Intervals> ports = portRanges().filter(r -> !r.isEmpty()).map(r -> Intervals.of(PortSet.ofRanges(r)));
        Arbitrary<Boolean> v6 = Arbitraries.of(false, true);
        Arbitrary<List<String>> v4Cidrs = Arbitraries.of(V4).list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<List<String>> v6Cidrs = Arbitraries.of(V6).list().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(v6, Arbitraries.integers().between(1, 15), v4Cidrs, v6Cidrs, v4Cidrs, v6Cidrs,
                ports, ports).as((six, protocols, s4, s6, d4, d6, sp, dp) -> {
                    IpFamily f = six ? IpFamily.V6 : IpFamily.V4;
                    return new PacketBox(f, protocols, Intervals.of(AddressSet.of((six ? s6 : s4).toArray(String[]::new)), f), sp,
                            Intervals.of(AddressSet.of((six ? d6 : d4).toArray(String[]::new)), f), dp, Membership.ANY, Membership.ANY);
                });
    }

    @Property(tries = 1000)
    void boundsNeverRuleOutAMeetingOrHoldingBox(@ForAll("boxes") PacketBox a, @ForAll("boxes") PacketBox b,
                                                @ForAll("boxes") PacketBox c) {
        BoxBounds bounds = new BoxBounds(List.of(a, b, c)); // c only moves the buckets' splits
        if (a.intersects(b)) {
            assertThat(bounds.mayMeet(0, BoxBounds.of(b))).isTrue();
            assertThat(bounds.mayMeet(0, 1)).isTrue();
            assertThat(bounds.mayMeet(1, 0)).isTrue();
        }
        if (a.containsAll(b)) {
            assertThat(bounds.mayHold(0, BoxBounds.of(b))).isTrue();
        }
        assertThat(bounds.select(new int[] {2, 0}).mayMeet(1, 0)).isEqualTo(bounds.mayMeet(0, 2));
    }
}
