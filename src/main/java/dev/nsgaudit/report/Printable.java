package dev.nsgaudit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text from the input made safe to print. Names and descriptions can carry any character (a YAML "\e" escape,
 * a JSON "\u001b"): on a terminal an escape sequence can rewrite what the user sees, a line break splits one
 * finding over two lines, and XML 1.0 forbids most control characters outright. Such characters are written in
 * the visible form {@code \u001b}; bidi controls too, as they can reorder the text around them.
 */
public final class Printable {

    private Printable() {
    }

    /** For one line of console text: every control character, line breaks included. */
    public static String line(String s) {
        return escape(s, false);
    }

    /** For XML and HTML text: as {@link #line} but tab and line breaks stay (both formats allow them). */
    public static String markup(String s) {
        return escape(s, true);
    }

    /** The template model with every string made {@link #markup} safe (maps, lists, strings; the rest as is). */
    static Object markupModel(Object value) {
        if (value instanceof String s) {
            return markup(s);
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(markupModel(k), markupModel(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(markupModel(v)));
            return out;
        }
        return value;
    }

    private static String escape(String s, boolean keepWhitespace) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = unsafe(c, keepWhitespace) || Character.isSurrogate(c) && !paired(s, i);
            if (unsafe && out == null) {
                out = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (unsafe) {
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    static boolean unsafe(char c, boolean keepWhitespace) {
        if (keepWhitespace && (c == '\t' || c == '\n' || c == '\r')) {
            return false;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1
                || c == 0x2028 || c == 0x2029 // line and paragraph separators
                || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069) // bidi marks, embeddings, overrides and isolates
                || c == 0xfffe || c == 0xffff; // not characters (XML forbids them)
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
