package dev.nsgaudit.cli;

import dev.nsgaudit.model.Direction;
import dev.nsgaudit.model.Protocol;

/**
 * The usual {@code verify --flows} JSON line, read from its bytes into reused fields without allocating: one flat
 * object of printable-ASCII strings without escapes, each key one of the columns at most once, nothing after it,
 * asking about a NIC with a direction, a protocol (not {@code *}) and IPv4 addresses. {@link #read} answers
 * false for everything else, and the caller reads that line as text, which gives today's answer and messages;
 * so whatever this accepts must mean exactly what the text reading ({@code FlowQuery.parse}) makes of it.
 */
final class PlainFlowLine {

    static final int NIC = 0;
    static final int NSG = 1;
    static final int DIRECTION = 2;
    static final int PROTOCOL = 3;
    static final int LOCAL = 4;
    static final int REMOTE = 5;
    /** The keys, in the order of the constants above. */
    private static final byte[][] KEYS = {bytes("nic"), bytes("nsg"), bytes("direction"), bytes("protocol"),
            bytes("local"), bytes("remote")};
    private static final Direction[] DIRECTIONS = Direction.values();
    private static final Protocol[] PROTOCOLS = Protocol.values();
    /** The labels in lower case, as bytes, in the order of the constants: compared without {@code String.charAt}. */
    private static final byte[][] DIRECTION_LABELS = lowerLabels(DIRECTIONS);
    private static final byte[][] PROTOCOL_LABELS = lowerLabels(PROTOCOLS);

    private final int[] start = new int[KEYS.length];
    private final int[] end = new int[KEYS.length];

    /** Set by a successful {@link #read}; a port is -1 when the protocol has none. */
    byte[] bytes;
    Direction direction;
    Protocol protocol;
    long localAddress;
    int localPort;
    long remoteAddress;
    int remotePort;

    /** The NIC name's bounds in {@link #bytes}, trimmed. */
    int nicStart() {
        return start[NIC];
    }

    int nicEnd() {
        return end[NIC];
    }

    /**
     * Reads the line that starts at {@code from} and ends at the first CR or LF before {@code limit} (or at it):
     * the position of its end when it is the plain form, else -1 (the caller then finds the end itself).
     */
    int read(byte[] b, int from, int limit) {
        bytes = b;
        int end = object(b, from, limit);
        return end >= 0 && query() ? end : -1;
    }

    private boolean query() {
        if (start[NIC] < 0 || start[NSG] >= 0 || start[DIRECTION] < 0
                || start[PROTOCOL] < 0 || start[LOCAL] < 0 || start[REMOTE] < 0) {
            return false;
        }
        trim(NIC);
        if (start[NIC] == end[NIC]) {
            return false;
        }
        int d = label(DIRECTION, DIRECTION_LABELS);
        int p = label(PROTOCOL, PROTOCOL_LABELS);
        if (d < 0 || p < 0) {
            return false;
        }
        direction = DIRECTIONS[d];
        protocol = PROTOCOLS[p];
        boolean ports = protocol.hasPorts();
        // Source ports of '*' (and every other form) are left to the text reading.
        return endpoint(LOCAL, ports) && endpoint(REMOTE, ports);
    }

    /** The flat object and the end of its line; -1 for anything but the plain form. */
    private int object(byte[] b, int from, int to) {
        for (int k = 0; k < KEYS.length; k++) {
            start[k] = -1;
        }
        int i = space(b, from, to);
        if (i >= to || b[i] != '{') {
            return -1;
        }
        i = space(b, i + 1, to);
        while (true) {
            int keyStart = i + 1;
            int keyEnd = string(b, i, to);
            if (keyEnd < 0) {
                return -1;
            }
            int key = key(b, keyStart, keyEnd);
            if (key < 0 || start[key] >= 0) {
                return -1; // unknown or repeated: the text reading has the message or the rule for it
            }
            i = space(b, keyEnd + 1, to);
            if (i >= to || b[i] != ':') {
                return -1;
            }
            i = space(b, i + 1, to);
            int valueEnd = string(b, i, to);
            if (valueEnd < 0) {
                return -1;
            }
            start[key] = i + 1;
            end[key] = valueEnd;
            i = space(b, valueEnd + 1, to);
            if (i < to && b[i] == ',') {
                i = space(b, i + 1, to);
                continue;
            }
            if (i < to && b[i] == '}') {
                i = space(b, i + 1, to);
                return i == to || b[i] == '\n' || b[i] == '\r' ? i : -1;
            }
            return -1;
        }
    }

    /** The position of the closing quote of a string starting at {@code i}, or -1 (no string, escapes, not ASCII). */
    private static int string(byte[] b, int i, int to) {
        if (i >= to || b[i] != '"') {
            return -1;
        }
        for (int k = i + 1; k < to; k++) {
            byte c = b[k];
            // Comparisons rather than a table read: cheaper in the C1-compiled code bin/nsgaudit runs.
            if (c == '"') {
                return k;
            }
            if (c < 0x20 || c == 0x7f || c == '\\') {
                return -1; // control characters (CR, LF), DEL, escapes and (negative) non-ASCII bytes
            }
        }
        return -1;
    }

    private static int space(byte[] b, int i, int to) {
        while (i < to && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static int key(byte[] b, int from, int to) {
        if (from == to) {
            return -1;
        }
        int k = switch (b[from]) {
            case 'n' -> to - from == 3 && b[from + 2] == 'c' ? NIC : NSG;
            case 'd' -> DIRECTION;
            case 'p' -> PROTOCOL;
            case 'l' -> LOCAL;
            case 'r' -> REMOTE;
            default -> -1;
        };
        return k >= 0 && equal(KEYS[k], b, from, to) ? k : -1;
    }

    /** {@code String.trim} of a value (which holds no byte below a space but spaces). */
    private void trim(int field) {
        while (start[field] < end[field] && bytes[start[field]] == ' ') {
            start[field]++;
        }
        while (end[field] > start[field] && bytes[end[field] - 1] == ' ') {
            end[field]--;
        }
    }

    /**
     * The position in {@code labels} (lower-case bytes) of the trimmed value, ignoring ASCII case
     * ({@code equalsIgnoreCase}), or -1.
     */
    private int label(int field, byte[][] labels) {
        trim(field);
        for (int i = 0; i < labels.length; i++) {
            if (equalIgnoringCase(labels[i], bytes, start[field], end[field])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code a.b.c.d:port}, or {@code a.b.c.d} with an optional ignored port for a protocol without ports, as
     * {@code FlowQuery} reads them; false for IPv6, {@code *} and everything it would reject or read otherwise.
     */
    private boolean endpoint(int field, boolean ports) {
        trim(field);
        int to = end[field];
        long address = ipv4(bytes, start[field], to);
        if (address < 0) {
            return false;
        }
        int at = addressEnd;
        int port = -1;
        if (at < to) {
            if (bytes[at] != ':') {
                return false;
            }
            if (ports) {
                port = port(bytes, at + 1, to); // a second ':' is not a digit
                if (port < 0) {
                    return false;
                }
            } else {
                for (int i = at + 1; i < to; i++) {
                    if (bytes[i] == ':') {
                        return false; // two colons: FlowQuery reads the whole as an IPv6 address
                    }
                }
            }
        } else if (ports) {
            return false;
        }
        if (field == LOCAL) {
            localAddress = address;
            localPort = port;
        } else {
            remoteAddress = address;
            remotePort = port;
        }
        return true;
    }

    /** Where the address {@link #ipv4} read ends. */
    private int addressEnd;

    /**
     * Four dot-separated decimal octets without leading zeros at {@code from}, ending at {@link #addressEnd}, or -1.
     */
    long ipv4(byte[] b, int from, int to) {
        long value = 0;
        int i = from;
        for (int part = 0; part < 4; part++) {
            int partStart = i;
            int octet = 0;
            while (i < to && i - partStart < 3 && b[i] >= '0' && b[i] <= '9') {
                octet = octet * 10 + (b[i] - '0');
                i++;
            }
            int length = i - partStart;
            if (length == 0 || octet > 255 || (length > 1 && b[partStart] == '0')) {
                return -1;
            }
            value = (value << 8) | octet;
            if (part < 3) {
                if (i >= to || b[i] != '.') {
                    return -1;
                }
                i++;
            }
        }
        addressEnd = i;
        return value;
    }

    /** One to five ASCII digits up to 65535, or -1. */
    static int port(byte[] b, int from, int to) {
        if (to <= from || to - from > 5) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value <= 65535 ? value : -1;
    }

    /** Whether {@code b[from, to)} is {@code expected} (printable ASCII). */
    static boolean equal(byte[] expected, byte[] b, int from, int to) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} is {@code lower} (lower-case ASCII) in any ASCII case. */
    private static boolean equalIgnoringCase(byte[] lower, byte[] b, int from, int to) {
        if (to - from != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] lowerLabels(Enum<?>[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            String label = values[i] instanceof Direction d ? d.label() : ((Protocol) values[i]).label();
            out[i] = bytes(label.toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
