package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import static dev.nsgaudit.load.arm.ArmValues.bool;
import static dev.nsgaudit.load.arm.ArmValues.text;
import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/** String functions (template-functions-string): case rules and edge cases follow the ARM documentation. */
final class StringFunctions {

    private StringFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("base64", 1, 1, a -> text(base64(a.string(0))));
        r.add("base64ToString", 1, 1, a -> text(new String(fromBase64(a, a.string(0)), StandardCharsets.UTF_8)));
        r.add("base64ToJson", 1, 1, a -> json(a, new String(fromBase64(a, a.string(0)), StandardCharsets.UTF_8)));
        r.add("dataUri", 1, 1, a -> text("data:text/plain;charset=utf8;base64," + base64(a.string(0))));
        r.add("dataUriToString", 1, 1, StringFunctions::dataUriToString);
        r.add("startsWith", 2, 2, a -> bool(a.string(0).regionMatches(true, 0, a.string(1), 0, a.string(1).length())));
        r.add("endsWith", 2, 2, a -> {
            String s = a.string(0);
            String end = a.string(1);
            return bool(s.length() >= end.length()
                    && s.regionMatches(true, s.length() - end.length(), end, 0, end.length()));
        });
        r.add("format", 1, ANY, a -> {
            List<JsonNode> values = new ArrayList<>();
            for (int i = 1; i < a.count(); i++) {
                values.add(a.deep(i));
            }
            return text(DotNetFormat.format(a, a.string(0), values));
        });
        r.add("guid", 1, ANY, a -> text(ArmHashes.guid(strings(a))));
        r.add("uniqueString", 1, ANY, a -> text(ArmHashes.uniqueString(strings(a))));
        r.add("newGuid", 0, 0, a -> {
            throw a.unresolved("newGuid() gives a new value on every deployment");
        });
        r.add("padLeft", 2, 3, StringFunctions::padLeft);
        r.add("replace", 3, 3, a -> {
            String old = a.string(1);
            if (old.isEmpty()) {
                throw a.error("the string to replace must not be empty");
            }
            return text(a.string(0).replace(old, a.string(2)));
        });
        r.add("split", 2, 2, StringFunctions::split);
        r.add("join", 2, 2, a -> {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : a.array(0)) {
                if (Unresolved.isMarker(e)) {
                    throw Unresolved.of(e).get().toException();
                }
                if (e.isContainerNode()) {
                    throw a.error("join() takes an array of strings, found " + ArmValues.typeName(e));
                }
                parts.add(ArmValues.toText(e));
            }
            return text(String.join(a.string(1), parts));
        });
        r.add("string", 1, 1, a -> text(ArmValues.toText(a.deep(0))));
        r.add("substring", 1, 3, StringFunctions::substring);
        r.add("toLower", 1, 1, a -> text(a.string(0).toLowerCase(Locale.ROOT)));
        r.add("toUpper", 1, 1, a -> text(a.string(0).toUpperCase(Locale.ROOT)));
        r.add("trim", 1, 1, a -> text(trim(a.string(0))));
        r.add("uri", 2, 2, a -> text(Uris.resolve(a, a.string(0), a.string(1))));
        r.add("uriComponent", 1, 1, a -> text(Uris.escapeDataString(a.string(0))));
        r.add("uriComponentToString", 1, 1, a -> text(Uris.unescape(a.string(0))));
    }

    /** All arguments as strings (uniqueString and guid accept nothing else). */
    private static List<String> strings(Args a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.count(); i++) {
            out.add(a.string(i));
        }
        return out;
    }

    static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] fromBase64(Args a, String s) {
        try {
            return Base64.getDecoder().decode(s.trim());
        } catch (IllegalArgumentException e) {
            throw a.error("'" + ArmExpressionException.abbreviate(s) + "' is not valid base64");
        }
    }

    static JsonNode json(Args a, String s) {
        try {
            return ArmJson.parseValue(s);
        } catch (IOException | ArmInputException e) {
            throw a.error("the argument is not valid JSON: " + e.getMessage());
        }
    }

    private static JsonNode dataUriToString(Args a) {
        String uri = a.string(0);
        int comma = uri.indexOf(',');
        if (!uri.regionMatches(true, 0, "data:", 0, 5) || comma < 0) {
            throw a.error("'" + ArmExpressionException.abbreviate(uri) + "' is not a data URI");
        }
        String header = uri.substring(5, comma).toLowerCase(Locale.ROOT);
        String data = uri.substring(comma + 1);
        if (header.endsWith(";base64")) {
            return text(new String(fromBase64(a, data), StandardCharsets.UTF_8));
        }
        return text(Uris.unescape(data));
    }

    private static JsonNode padLeft(Args a) {
        JsonNode value = a.deep(0);
        if (!value.isTextual() && !ArmValues.isInteger(value)) {
            throw a.typeError(0, "a String or an Integer", value);
        }
        String s = ArmValues.toText(value);
        long total = a.integer(1);
        if (total > Limits.MAX_STRING_LENGTH) {
            throw a.error("total length " + total + " is larger than " + Limits.MAX_STRING_LENGTH);
        }
        String pad = a.count() > 2 ? a.string(2) : " ";
        if (pad.length() != 1) {
            throw a.error("the padding character must be a single character, not '" + pad + "'");
        }
        if (s.length() >= total) {
            return text(s);
        }
        return text(pad.repeat((int) total - s.length()) + s);
    }

    /** .NET String.Split(string[], None): at each position the first delimiter (in order) that matches wins. */
    private static JsonNode split(Args a) {
        String s = a.string(0);
        JsonNode d = a.deep(1);
        List<String> delimiters = new ArrayList<>();
        if (d.isTextual()) {
            delimiters.add(d.textValue());
        } else if (d.isArray()) {
            for (JsonNode e : d) {
                if (!e.isTextual()) {
                    throw a.error("the delimiters must be strings, found " + ArmValues.typeName(e));
                }
                delimiters.add(e.textValue());
            }
        } else {
            throw a.typeError(1, "a String or an Array of strings", d);
        }
        delimiters.removeIf(String::isEmpty);
        ArrayNode out = ArmValues.array();
        if (delimiters.isEmpty()) {
            out.add(s);
            return out;
        }
        int start = 0;
        int i = 0;
        outer:
        while (i < s.length()) {
            for (String delim : delimiters) {
                if (s.startsWith(delim, i)) {
                    out.add(s.substring(start, i));
                    i += delim.length();
                    start = i;
                    continue outer;
                }
            }
            i++;
        }
        out.add(s.substring(start));
        return out;
    }

    private static JsonNode substring(Args a) {
        String s = a.string(0);
        long start = a.count() > 1 ? a.integer(1) : 0;
        long length = a.count() > 2 ? a.integer(2) : s.length() - start;
        if (start < 0 || start > s.length() || length < 0 || start + length > s.length()) {
            throw a.error("the index and length parameters must refer to a location within the string."
                    + " The index parameter: '" + start + "', the length parameter: '" + length
                    + "', the length of the string parameter: '" + s.length() + "'");
        }
        return text(s.substring((int) start, (int) (start + length)));
    }

    /** .NET Trim(): removes leading and trailing white space, including non-breaking spaces. */
    static String trim(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isSpace(s.charAt(b))) {
            b++;
        }
        while (e > b && isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }
}
