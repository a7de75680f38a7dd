package dev.nsgaudit.net;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Property 4: printing and parsing addresses and prefixes are inverse, and agree with java.net. */
class IpAddressProperties {

    @Provide
    Arbitrary<IpAddress> v6() {
        // Many zero groups, so that '::' compression is exercised at every position and length.
        Arbitrary<Integer> group = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.just(0xFFFF)), Tuple.of(3, Arbitraries.integers().between(0, 0xFFFF)));
        return group.list().ofSize(8).map(g -> {
            long hi = 0;
            long lo = 0;
            for (int i = 0; i < 4; i++) {
                hi = (hi << 16) | g.get(i);
                lo = (lo << 16) | g.get(i + 4);
            }
            return IpAddress.v6(hi, lo);
        });
    }

    static byte[] bytes(IpAddress a) {
        if (a.family() == IpFamily.V4) {
            return ByteBuffer.allocate(4).putInt((int) a.lo()).array();
        }
        return ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo()).array();
    }

    /** java.net's bytes for a literal; it turns IPv4-mapped IPv6 literals into IPv4, so map them back. */
    static byte[] javaNet(String literal, IpFamily family) throws Exception {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (family == IpFamily.V6 && b.length == 4) {
            return ByteBuffer.allocate(16).putLong(0).putInt(0xFFFF).put(b).array();
        }
        return b;
    }

    @Property(tries = 2000)
    void v4RoundTrip(@ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long value) throws Exception {
        IpAddress a = IpAddress.v4(value);
        String text = a.toString();
        assertEquals(a, IpAddress.parse(text));
        assertArrayEquals(javaNet(text, IpFamily.V4), bytes(a));
    }

    @Property(tries = 2000)
    void v6RoundTrip(@ForAll("v6") IpAddress a) throws Exception {
        String text = a.toString();
        assertEquals(a, IpAddress.parse(text), text);
        assertEquals(a, IpAddress.parse(text.toUpperCase(Locale.ROOT)), text);
        assertFalse(text.contains(":::"), text);
        assertArrayEquals(javaNet(text, IpFamily.V6), bytes(a), text);
        // the full, uncompressed form parses to the same address
        StringBuilder full = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long word = i < 4 ? a.hi() : a.lo();
            full.append(i == 0 ? "" : ":").append(Long.toHexString((word >>> (48 - 16 * (i % 4))) & 0xFFFF));
        }
        assertEquals(a, IpAddress.parse(full.toString()), full.toString());
        // RFC 5952: no leading zeros in a group and '::' only for a run of two or more zero groups
        for (String g : text.split(":", -1)) {
            assertFalse(g.length() > 1 && g.startsWith("0"), text);
        }
        assertFalse(List.of(text.split("::", -1)).size() > 2, text);
    }

    @Property(tries = 1000)
    void prefixRoundTrip(@ForAll("v6") IpAddress v6, @ForAll @LongRange(min = 0, max = 0xFFFF_FFFFL) long v4,
                         @ForAll @IntRange(min = 0, max = 128) int length) {
        IpPrefix p6 = new IpPrefix(v6, length);
        assertEquals(p6, IpPrefix.of(p6.toString()));
        IpPrefix p4 = new IpPrefix(IpAddress.v4(v4), length % 33);
        assertEquals(p4, IpPrefix.of(p4.toString()));
        // D2: host bits in the text are normalised away and reported
        IpPrefix.Parsed parsed = IpPrefix.parse(IpAddress.v4(v4) + "/" + (length % 33));
        assertEquals(p4, parsed.prefix());
        assertEquals(!p4.network().equals(IpAddress.v4(v4)), parsed.hadHostBits());
    }

    /**
     * IPv6 literals, valid and nearly valid: parts joined by ':' (an empty part makes '::'), each a hex group of
     * one to four digits or a dotted quad, valid or not. Every string starts with a hex digit or ':', so java.net
     * parses it as a literal and never asks DNS.
     */
    @Provide
    Arbitrary<String> v6Literals() {
        Arbitrary<String> group = Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> quad = Arbitraries.of("1.2.3.4", "255.255.255.255", "0.0.0.0", "10.0.1.17", "256.1.1.1",
                "1.2.3", "01.2.3.4", "1.2.3.4.5");
        Arbitrary<String> part = Arbitraries.frequencyOf(Tuple.of(8, group), Tuple.of(2, Arbitraries.just("")),
                Tuple.of(1, quad));
        return part.list().ofMinSize(2).ofMaxSize(10).map(l -> String.join(":", l));
    }

    /** Found by v6ParserAgreesWithJavaNet: an IPv4 tail before '::' was accepted (as 102:304::). */
    @Example
    void v4TailBeforeDoubleColonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1.2.3.4::"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("1:1.2.3.4::"));
        assertEquals(IpAddress.v6(0, 0x0102_0304L), IpAddress.parse("::1.2.3.4"));
        assertEquals(IpAddress.v6(0x0001_0002_0003_0004L, 0x0005_0006_0102_0304L), IpAddress.parse("1:2:3:4:5:6:1.2.3.4"));
    }

    /** The IPv6 parser accepts exactly what java.net's literal parser accepts, with the same value. */
    @Property(tries = 3000)
    void v6ParserAgreesWithJavaNet(@ForAll("v6Literals") String text) {
        byte[] expected;
        try {
            expected = javaNet(text, IpFamily.V6);
        } catch (Exception e) {
            expected = null;
        }
        IpAddress actual;
        try {
            actual = IpAddress.parse(text);
        } catch (IllegalArgumentException e) {
            actual = null;
        }
        Statistics.label("valid").collect(expected != null);
        if (expected == null) {
            assertEquals(null, actual, "accepted an invalid literal: " + text);
        } else {
            assertArrayEquals(expected, actual == null ? null : bytes(actual), "literal " + text);
        }
    }
}
