package dev.nsgaudit.semantics;


import java.util.ArrayList;
import java.util.List;

/**
 * Interprets a rule's port fields ({@code xPortRange} and {@code xPortRanges}). Values Azure would reject but
 * whose meaning is clear (a comma list in one string, {@code *} in the plural array, both fields set) are
 * evaluated and listed in {@link Parsed#rejected}; values with no meaning are in {@link Parsed#unresolvable}
 * and make the field match everything, marked uncertain.
 */
public final class PortField {

    private PortField() {
    }

    public record Parsed(PortSet ports, List<String> rejected, List<String> unresolvable) {
        public boolean certain() {
            return unresolvable.isEmpty();
        }
    }

    public static Parsed parse(String fieldName, String singular, List<String> plural) {
        List<String> rejected = new ArrayList<>();
        List<String> unresolvable = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        boolean hasSingular = singular != null && !singular.isBlank();
        boolean hasPlural = plural != null && !plural.isEmpty();
        if (!hasSingular && !hasPlural) {
            unresolvable.add(fieldName + "Range: no port given (set " + fieldName + "Range or " + fieldName + "Ranges)");
            return new Parsed(PortSet.ALL, rejected, unresolvable);
        }
        if (hasSingular && hasPlural) {
            rejected.add(fieldName + "Range and " + fieldName + "Ranges are both set; Azure takes exactly one");
        }
        if (hasSingular) {
            String[] parts = singular.split(",", -1);
            if (parts.length > 1) {
                rejected.add(fieldName + "Range '" + singular + "' is a comma list; the API rejects it "
                        + "(SecurityRuleInvalidPortRange): use " + fieldName + "Ranges");
            }
            for (String part : parts) {
                parseOne(fieldName + "Range", part.trim(), false, ranges, rejected, unresolvable);
            }
        }
        if (hasPlural) {
            for (String item : plural) {
                parseOne(fieldName + "Ranges", item == null ? "" : item.trim(), true, ranges, rejected, unresolvable);
            }
        }
        PortSet set = unresolvable.isEmpty() ? PortSet.ofRanges(ranges) : PortSet.ALL;
        return new Parsed(set, rejected, unresolvable);
    }

    private static void parseOne(String field, String token, boolean inPlural, List<int[]> out,
                                 List<String> rejected, List<String> unresolvable) {
        if (token.equals("*")) {
            if (inPlural) {
                rejected.add(field + " contains '*'; the plural field takes ports and ranges only (use 0-65535)");
            }
            out.add(new int[] {0, PortSet.MAX_PORT});
            return;
        }
        int dash = token.indexOf('-');
        try {
            if (dash > 0) {
                int from = parsePort(token.substring(0, dash).trim());
                int to = parsePort(token.substring(dash + 1).trim());
                if (from > to) {
                    unresolvable.add(field + " '" + token + "' is an empty range (start after end)");
                    return;
                }
                out.add(new int[] {from, to});
            } else {
                int port = parsePort(token);
                out.add(new int[] {port, port});
            }
        } catch (NumberFormatException e) {
            unresolvable.add(field + " '" + token + "' is not a port: use an integer 0-65535, a range a-b, or *");
        }
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !asciiDigitsOf(text)) {
            throw new NumberFormatException(text);
        }
        int port = Integer.parseInt(text);
        if (port > PortSet.MAX_PORT) {
            throw new NumberFormatException(text);
        }
        return port;
    }

    /** Only 0-9: {@code Integer.parseInt} also takes signs and non-ASCII digits. */
    public static boolean asciiDigitsOf(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
