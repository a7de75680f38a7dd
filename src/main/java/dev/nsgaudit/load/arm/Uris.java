package dev.nsgaudit.load.arm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/** URI helpers for uri(), uriComponent() and uriComponentToString(), with .NET's behaviour. */
final class Uris {

    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    private Uris() {
    }

    /**
     * Combines a base and a relative URI (RFC 3986 section 5): an absolute relative URI wins; a base that ends in
     * '/' is followed by the relative one; otherwise the last segment of the base is replaced. A base with no path
     * at all gets '/' first, as .NET's Uri does.
     */
    static String resolve(Args a, String base, String relative) {
        if (ABSOLUTE.matcher(relative).matches() && !relative.startsWith("/")) {
            return relative;
        }
        int scheme = base.indexOf("://");
        if (scheme < 0) {
            throw a.error("'" + ArmExpressionException.abbreviate(base) + "' is not an absolute URI");
        }
        int pathStart = base.indexOf('/', scheme + 3);
        int query = indexOfAny(base, "?#");
        if (pathStart < 0 || (query >= 0 && query < pathStart)) {
            String authority = query >= 0 ? base.substring(0, query) : base;
            return authority + removeDotSegments(relative.startsWith("/") ? relative : "/" + relative);
        }
        String origin = base.substring(0, pathStart);
        if (relative.startsWith("/")) {
            return origin + removeDotSegments(relative);
        }
        String path = base.substring(pathStart, query >= 0 ? query : base.length());
        String merged = path.substring(0, path.lastIndexOf('/') + 1) + relative;
        return origin + removeDotSegments(merged);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 3986 5.2.4 on the path part; a query or fragment is kept as it is. */
    private static String removeDotSegments(String pathAndRest) {
        int cut = indexOfAny(pathAndRest, "?#");
        String path = cut >= 0 ? pathAndRest.substring(0, cut) : pathAndRest;
        String rest = cut >= 0 ? pathAndRest.substring(cut) : "";
        Deque<String> out = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (seg.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out) + rest;
    }

    /** .NET Uri.EscapeDataString: everything but A-Z a-z 0-9 - _ . ~ is percent-encoded (UTF-8, upper-case hex). */
    static String escapeDataString(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX sequences as UTF-8; anything else, '+' included, is kept. */
    static String unescape(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0) {
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                byte[] enc = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(enc, 0, enc.length);
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
