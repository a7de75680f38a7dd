package dev.nsgaudit.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AddressSetTest {

    private static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    private static List<String> prefixes(AddressSet s) {
        return s.toPrefixes().stream().map(IpPrefix::toString).toList();
    }

    @Test
    void unionMergesOverlappingAndAdjacentRanges() {
        AddressSet s = AddressSet.of("10.0.0.0/25").union(AddressSet.of("10.0.0.128/25", "10.0.0.64/26"));

        assertThat(s.ranges()).hasSize(1);
        assertThat(prefixes(s)).containsExactly("10.0.0.0/24");
    }

    @Test
    void unionKeepsFamiliesApartAndIpv4First() {
        AddressSet s = AddressSet.of("2001:db8::/32", "192.0.2.0/24", "255.255.255.255/32", "::/128");

        assertThat(prefixes(s)).containsExactly("192.0.2.0/24", "255.255.255.255/32", "::/128", "2001:db8::/32");
        assertThat(s.only(IpFamily.V6).ranges()).hasSize(2);
        assertThat(s.only(IpFamily.V4).ranges()).hasSize(2);
    }

    @Test
    void minusCutsHolesAndEnds() {
        AddressSet s = AddressSet.of("10.0.0.0/24").minus(AddressSet.of("10.0.0.0/32", "10.0.0.128/26",
                "10.0.0.255/32"));

        assertThat(prefixes(s)).containsExactly("10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/30", "10.0.0.8/29",
                "10.0.0.16/28", "10.0.0.32/27", "10.0.0.64/26", "10.0.0.192/27", "10.0.0.224/28",
                "10.0.0.240/29", "10.0.0.248/30", "10.0.0.252/31", "10.0.0.254/32");
        assertThat(s.contains(ip("10.0.0.0"))).isFalse();
        assertThat(s.contains(ip("10.0.0.1"))).isTrue();
        assertThat(s.contains(ip("10.0.0.150"))).isFalse();
        assertThat(s.contains(ip("10.0.0.254"))).isTrue();
        assertThat(s.contains(ip("10.0.0.255"))).isFalse();
    }

    @Test
    void minusOfEverythingIsEmptyAndMinusOfNothingIsUnchanged() {
        AddressSet s = AddressSet.of("10.0.0.0/8", "2001:db8::/32");

        assertThat(s.minus(AddressSet.ALL).isEmpty()).isTrue();
        assertThat(s.minus(AddressSet.EMPTY)).isEqualTo(s);
        assertThat(s.minus(AddressSet.of("2001:db8::/32"))).isEqualTo(AddressSet.of("10.0.0.0/8"));
        assertThat(AddressSet.ALL.minus(AddressSet.allOf(IpFamily.V4))).isEqualTo(AddressSet.allOf(IpFamily.V6));
    }

    @Test
    void theWholeAddressSpaceMinusOneAddressAtEachEnd() {
        AddressSet s = AddressSet.allOf(IpFamily.V4).minus(AddressSet.of("0.0.0.0/32", "255.255.255.255/32"));

        assertThat(s.contains(ip("0.0.0.0"))).isFalse();
        assertThat(s.contains(ip("0.0.0.1"))).isTrue();
        assertThat(s.contains(ip("255.255.255.254"))).isTrue();
        assertThat(s.contains(ip("255.255.255.255"))).isFalse();
        assertThat(s.toPrefixes()).hasSize(62);

        AddressSet v6 = AddressSet.allOf(IpFamily.V6).minus(AddressSet.of("::/1"));
        assertThat(prefixes(v6)).containsExactly("8000::/1");
    }

    @Test
    void containsDoesNotConfuseFamilies() {
        AddressSet v4 = AddressSet.of("0.0.0.0/0");

        assertThat(v4.contains(ip("::"))).isFalse();
        assertThat(v4.contains(ip("::ffff:1.2.3.4"))).isFalse();
        assertThat(AddressSet.of("::/0").contains(ip("1.2.3.4"))).isFalse();
    }

    @Test
    void toPrefixesRoundTripsThroughOfPrefixes() {
        AddressSet s = AddressSet.of("10.0.0.0/8").minus(AddressSet.of("10.1.2.3/32", "10.200.0.0/13"));

        assertThat(AddressSet.ofPrefixes(s.toPrefixes())).isEqualTo(s);
    }

    /** Random unions and differences inside a 256-address window, checked against a bit set. */
    @Test
    void agreesWithABitSetModelOnRandomOperations() {
        Random random = new Random(20240611);
        for (int round = 0; round < 300; round++) {
            BitSet a = new BitSet(256);
            BitSet b = new BitSet(256);
            AddressSet sa = randomSet(random, a);
            AddressSet sb = randomSet(random, b);

            BitSet union = (BitSet) a.clone();
            union.or(b);
            BitSet minus = (BitSet) a.clone();
            minus.andNot(b);

            assertMatches(sa.union(sb), union);
            assertMatches(sa.minus(sb), minus);
            assertMatches(AddressSet.ofPrefixes(sa.minus(sb).toPrefixes()), minus);
        }
    }

    private static AddressSet randomSet(Random random, BitSet model) {
        List<IpPrefix> prefixes = new ArrayList<>();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            int length = 24 + random.nextInt(9);
            int start = random.nextInt(256);
            IpPrefix p = new IpPrefix(IpAddress.v4(0x0A000000L + start), length);
            prefixes.add(p);
            int first = (int) (p.first().lo() - 0x0A000000L);
            int last = (int) (p.last().lo() - 0x0A000000L);
            model.set(first, last + 1);
        }
        return AddressSet.ofPrefixes(prefixes);
    }

    private static void assertMatches(AddressSet set, BitSet model) {
        for (int i = 0; i < 256; i++) {
            assertThat(set.contains(IpAddress.v4(0x0A000000L + i))).as("10.0.0.%d in %s", i, set).isEqualTo(model.get(i));
        }
        assertThat(set.contains(IpAddress.v4(0x0A000100L))).isFalse();
        assertThat(set.contains(IpAddress.v4(0x09FFFFFFL))).isFalse();
        // Canonical form: sorted, disjoint, non-adjacent ranges.
        List<IpRange> ranges = set.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i - 1).last().next()).isLessThan(ranges.get(i).first());
        }
    }
}
