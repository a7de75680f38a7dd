package dev.nsgaudit.net;

import java.util.Locale;

/**
 * An IPv4 or IPv6 address held as an unsigned 128-bit value in two longs; IPv4 uses the low 32 bits of
 * {@code lo}. The parser is strict and never consults DNS.
 */
public record IpAddress(IpFamily family, long hi, long lo) implements Comparable<IpAddress> {

    public static IpAddress v4(long value) {
        return new IpAddress(IpFamily.V4, 0, value & 0xFFFF_FFFFL);
    }

    public static IpAddress v6(long hi, long lo) {
        return new IpAddress(IpFamily.V6, hi, lo);
    }

    /** True when the text looks like an address literal of either family (no validation of values). */
    public static boolean looksLikeAddress(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        boolean colon = text.indexOf(':') >= 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == ':'
                    || (colon && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Parses a dotted-quad IPv4 or an RFC 4291 IPv6 literal; throws IllegalArgumentException with a reason. */
    public static IpAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        IpAddress a = v4(parseV4(text, text));
        rejectLeadingZeros(text, a);
        return a;
    }

    /**
     * {@code 010.1.0.0}: Azure rejects such an address, and other tools read a leading zero as octal (8.1.0.0), so
     * it never means one thing for sure. Checked after parsing: valid input parses exactly as before.
     */
    private static void rejectLeadingZeros(String text, IpAddress parsed) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('.', start);
            end = end < 0 ? text.length() : end;
            if (end - start > 1 && text.charAt(start) == '0') {
                throw new IllegalArgumentException("'" + text + "' has a leading zero in '" + text.substring(start, end)
                        + "' (Azure rejects it; other tools read it as octal): write " + parsed);
            }
            start = end + 1;
        }
    }

    private static long parseV4(String text, String whole) {
        // Four dot-separated parts (as split("\\.", -1) would give them), each one to three ASCII digits.
        int dots = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots != 3) {
            throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address (need four dot-separated numbers)");
        }
        long value = 0;
        int start = 0;
        for (int part = 0; part < 4; part++) {
            int end = part < 3 ? text.indexOf('.', start) : text.length();
            int length = end - start;
            if (length == 0 || length > 3) {
                throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
            }
            int octet = 0;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address");
                }
                octet = octet * 10 + (c - '0');
            }
            if (octet > 255) {
                throw new IllegalArgumentException("'" + whole + "' is not an IPv4 address (" + octet + " > 255)");
            }
            value = (value << 8) | octet;
            start = end + 1;
        }
        return value;
    }

    /** True when every char of {@code s} is an ASCII digit (true for ""). */
    static boolean asciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static IpAddress parseV6(String text) {
        String bad = "'" + text + "' is not an IPv6 address";
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw new IllegalArgumentException(bad + " (more than one '::')");
        }
        int[] groups = new int[8];
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        // An embedded IPv4 address can only end the literal: never before a '::' (RFC 4291 2.2).
        int[] headGroups = parseV6Groups(head, bad, doubleColon < 0);
        int[] tailGroups = doubleColon >= 0 ? parseV6Groups(tail, bad, true) : new int[0];
        if (doubleColon < 0) {
            if (headGroups.length != 8) {
                throw new IllegalArgumentException(bad + " (need eight groups)");
            }
            groups = headGroups;
        } else {
            if (headGroups.length + tailGroups.length > 7) {
                throw new IllegalArgumentException(bad + " (too many groups)");
            }
            System.arraycopy(headGroups, 0, groups, 0, headGroups.length);
            System.arraycopy(tailGroups, 0, groups, 8 - tailGroups.length, tailGroups.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return v6(hi, lo);
    }

    /** Parses colon-separated hex groups; the last may be an embedded IPv4 address (two groups). */
    private static int[] parseV6Groups(String text, String bad, boolean mayEndWithV4) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int count = parts.length;
        boolean v4Tail = mayEndWithV4 && parts[count - 1].indexOf('.') >= 0;
        int[] out = new int[count + (v4Tail ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            String part = parts[i];
            if (v4Tail && i == count - 1) {
                long v4 = parseV4(part, bad);
                out[i] = (int) (v4 >>> 16);
                out[i + 1] = (int) (v4 & 0xFFFF);
                continue;
            }
            if (part.isEmpty() || part.length() > 4) {
                throw new IllegalArgumentException(bad);
            }
            int value = 0;
            for (int k = 0; k < part.length(); k++) {
                char ch = part.charAt(k);
                int digit = ch < 128 ? Character.digit(ch, 16) : -1; // ASCII only, as Azure
                if (digit < 0) {
                    throw new IllegalArgumentException(bad);
                }
                value = (value << 4) | digit;
            }
            out[i] = value;
        }
        return out;
    }

    public int compareTo(IpAddress other) {
        int c = family.compareTo(other.family);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(hi, other.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, other.lo);
    }

    /** The next address, or null past the end of the family. */
    public IpAddress next() {
        if (family == IpFamily.V4) {
            return lo == 0xFFFF_FFFFL ? null : v4(lo + 1);
        }
        if (lo == -1L) {
            return hi == -1L ? null : v6(hi + 1, 0);
        }
        return v6(hi, lo + 1);
    }

    /** The previous address, or null before the start of the family. */
    public IpAddress previous() {
        if (family == IpFamily.V4) {
            return lo == 0 ? null : v4(lo - 1);
        }
        if (lo == 0) {
            return hi == 0 ? null : v6(hi - 1, -1L);
        }
        return v6(hi, lo - 1);
    }

    /** Bit {@code index} counted from the most significant bit of the family (0-based). */
    public boolean bit(int index) {
        if (family == IpFamily.V4) {
            return ((lo >>> (31 - index)) & 1) != 0;
        }
        return index < 64 ? ((hi >>> (63 - index)) & 1) != 0 : ((lo >>> (127 - index)) & 1) != 0;
    }

    /** This address with every bit after the first {@code length} cleared (or set, when {@code ones}). */
    public IpAddress withHostBits(int length, boolean ones) {
        if (family == IpFamily.V4) {
            long mask = length == 0 ? 0 : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
            return v4(ones ? (lo | ~mask) : (lo & mask));
        }
        long hiMask = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        long loMask = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        return ones ? v6(hi | ~hiMask, lo | ~loMask) : v6(hi & hiMask, lo & loMask);
    }

    @Override
    public String toString() {
        if (family == IpFamily.V4) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) ((hi >>> (48 - 16 * i)) & 0xFFFF);
            groups[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xFFFF);
        }
        // RFC 5952: compress the longest run (at least two) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
