package dev.nsgaudit.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property 3: AddressSet algebra against a brute-force bit set over a tiny universe: 256 IPv4 and 256 IPv6
 * addresses, placed at the start, in the middle or at the very end of their family's space.
 */
class AddressSetProperties {

    static final int N = 256;

    /** Where the two 256-address blocks sit: the IPv4 base and the IPv6 base (hi, lo). */
    record Universe(long v4Base, long v6Hi, long v6Lo) {
        /** Index 0-255 is IPv4, 256-511 is IPv6. */
        IpAddress address(int index) {
            return index < N ? IpAddress.v4(v4Base + index) : IpAddress.v6(v6Hi, v6Lo + (index - N));
        }

        /** The addresses just outside the blocks, where they exist. */
        List<IpAddress> outside() {
            List<IpAddress> out = new ArrayList<>();
            for (IpAddress a : List.of(address(0), address(N - 1), address(N), address(2 * N - 1))) {
                IpAddress before = a.previous();
                IpAddress after = a.next();
                if (before != null && !within(before)) {
                    out.add(before);
                }
                if (after != null && !within(after)) {
                    out.add(after);
                }
            }
            return out;
        }

        boolean within(IpAddress a) {
            for (int i = 0; i < 2 * N; i++) {
                if (address(i).equals(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A piece of a set: a range [a, b] or the prefix around a with {@code hostBits} free bits, in one family. */
    record Item(boolean v6, boolean prefix, int a, int b, int hostBits) {
        int lo() {
            return prefix ? (a >> hostBits) << hostBits : Math.min(a, b);
        }

        int hi() {
            return prefix ? lo() + (1 << hostBits) - 1 : Math.max(a, b);
        }

        int offset() {
            return v6 ? N : 0;
        }
    }

    @Provide
    Arbitrary<Universe> universes() {
        return Combinators.combine(Arbitraries.of(0L, 0x0A00_0000L, 0xFFFF_FF00L),
                Arbitraries.of(new long[] {0, 0}, new long[] {0x2001_0db8_0000_0000L, 0},
                        new long[] {0, 0xFFFF_FFFF_FFFF_FF00L}, new long[] {-1L, -256L}))
                .as((v4, v6) -> new Universe(v4, v6[0], v6[1]));
    }

    @Provide
    Arbitrary<List<Item>> sets() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, N - 1);
        return Combinators.combine(Arbitraries.of(false, false, true), Arbitraries.of(true, false), index, index,
                Arbitraries.integers().between(0, 8)).as(Item::new).list().ofMaxSize(6);
    }

    static AddressSet build(Universe u, List<Item> items) {
        AddressSet out = AddressSet.EMPTY;
        for (Item it : items) {
            AddressSet piece;
            if (it.prefix()) {
                IpAddress a = u.address(it.offset() + it.a());
                piece = AddressSet.ofPrefixes(List.of(new IpPrefix(a, a.family().bits() - it.hostBits())));
            } else {
                piece = AddressSet.ofRanges(List.of(new IpRange(u.address(it.offset() + it.lo()),
                        u.address(it.offset() + it.hi()))));
            }
            out = out.union(piece);
        }
        return out;
    }

    static BitSet brute(List<Item> items) {
        BitSet out = new BitSet(2 * N);
        for (Item it : items) {
            out.set(it.offset() + it.lo(), it.offset() + it.hi() + 1);
        }
        return out;
    }

    static void assertSame(Universe u, BitSet expected, AddressSet actual, String what) {
        for (int i = 0; i < 2 * N; i++) {
            assertEquals(expected.get(i), actual.contains(u.address(i)), what + ": " + u.address(i) + " in " + actual);
        }
        for (IpAddress a : u.outside()) {
            assertFalse(actual.contains(a), what + ": " + a + " is outside the universe, in " + actual);
        }
        // Normal form: sorted, disjoint, not touching.
        List<IpRange> ranges = actual.ranges();
        for (int i = 1; i < ranges.size(); i++) {
            IpRange prev = ranges.get(i - 1);
            IpRange next = ranges.get(i);
            if (prev.family() == next.family()) {
                IpAddress after = prev.last().next();
                assertTrue(after != null && after.compareTo(next.first()) < 0, what + ": not normal " + ranges);
            } else {
                assertTrue(prev.family() == IpFamily.V4, what + ": IPv4 must come first " + ranges);
            }
        }
    }

    @Property(tries = 1000)
    void algebraMatchesBruteForce(@ForAll("universes") Universe u, @ForAll("sets") List<Item> x,
                                  @ForAll("sets") List<Item> y) {
        AddressSet a = build(u, x);
        AddressSet b = build(u, y);
        BitSet ba = brute(x);
        BitSet bb = brute(y);
        assertSame(u, ba, a, "a");
        assertSame(u, bb, b, "b");

        BitSet union = (BitSet) ba.clone();
        union.or(bb);
        assertSame(u, union, a.union(b), "a union b");
        assertEquals(a.union(b), b.union(a));

        BitSet minus = (BitSet) ba.clone();
        minus.andNot(bb);
        assertSame(u, minus, a.minus(b), "a minus b");
        BitSet minus2 = (BitSet) bb.clone();
        minus2.andNot(ba);
        assertSame(u, minus2, b.minus(a), "b minus a");
        assertEquals(AddressSet.EMPTY, a.minus(a));
        assertEquals(a, a.minus(AddressSet.EMPTY));
        assertEquals(AddressSet.EMPTY, a.minus(AddressSet.ALL));
        // complement within the family blocks
        AddressSet everything = AddressSet.ALL.minus(AddressSet.ALL.minus(a));
        assertEquals(a, everything, "double complement");

        for (IpFamily f : IpFamily.values()) {
            BitSet only = (BitSet) ba.clone();
            if (f == IpFamily.V4) {
                only.clear(N, 2 * N);
            } else {
                only.clear(0, N);
            }
            assertSame(u, only, a.only(f), "only " + f);
        }
    }

    @Property(tries = 1000)
    void toPrefixesCoversExactly(@ForAll("universes") Universe u, @ForAll("sets") List<Item> x) {
        AddressSet a = build(u, x);
        BitSet expected = brute(x);
        List<IpPrefix> prefixes = a.toPrefixes();
        BitSet covered = new BitSet(2 * N);
        for (IpPrefix p : prefixes) {
            int count = 0;
            for (int i = 0; i < 2 * N; i++) {
                if (p.contains(u.address(i))) {
                    assertFalse(covered.get(i), "prefixes overlap at " + u.address(i) + ": " + prefixes);
                    covered.set(i);
                    count++;
                }
            }
            // the prefix lies inside the universe: all its addresses were counted
            int hostBits = p.family().bits() - p.length();
            assertTrue(hostBits <= 8 && count == 1 << hostBits, p + " leaves the universe " + prefixes);
            assertEquals(p.network(), p.network().withHostBits(p.length(), false), p + " is not canonical");
        }
        assertEquals(expected, covered, "cover of " + a + " by " + prefixes);
        for (int i = 1; i < prefixes.size(); i++) {
            IpPrefix prev = prefixes.get(i - 1);
            IpPrefix next = prefixes.get(i);
            assertTrue(prev.compareTo(next) < 0, "not in address order: " + prefixes);
            boolean siblings = prev.family() == next.family() && prev.length() == next.length() && prev.length() > 0
                    && prev.network().withHostBits(prev.length() - 1, false).equals(next.network())
                    == false
                    && next.network().withHostBits(next.length() - 1, false)
                    .equals(prev.network().withHostBits(prev.length() - 1, false));
            assertFalse(siblings, "two prefixes could be one: " + prev + " " + next + " in " + prefixes);
        }
        assertEquals(a, AddressSet.ofPrefixes(prefixes));
        List<String> texts = prefixes.stream().map(IpPrefix::toString).toList();
        assertEquals(a, AddressSet.of(texts.toArray(new String[0])));
    }
}
