package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.Locale;

import static dev.nsgaudit.load.arm.ArmValues.bool;
import static dev.nsgaudit.load.arm.ArmValues.number;
import static dev.nsgaudit.load.arm.ArmValues.text;
import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/**
 * Functions that work on strings and arrays alike (concat, contains, empty, first, last, indexOf, lastIndexOf,
 * length, skip, take). Array elements may be unknown where the result does not depend on them.
 */
final class CollectionFunctions {

    private CollectionFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("concat", 1, ANY, CollectionFunctions::concat);
        r.add("contains", 2, 2, CollectionFunctions::contains);
        r.add("empty", 1, 1, a -> {
            JsonNode v = a.value(0);
            if (ArmValues.isNull(v)) {
                return bool(true);
            }
            if (v.isTextual()) {
                return bool(v.textValue().isEmpty());
            }
            if (v.isContainerNode()) {
                return bool(v.isEmpty());
            }
            throw a.typeError(0, "an Array, an Object or a String", v);
        });
        r.add("first", 1, 1, a -> end(a, true));
        r.add("last", 1, 1, a -> end(a, false));
        r.add("indexOf", 2, 2, a -> indexOf(a, true));
        r.add("lastIndexOf", 2, 2, a -> indexOf(a, false));
        r.add("length", 1, 1, a -> {
            JsonNode v = a.value(0);
            if (v.isTextual()) {
                return number(v.textValue().length());
            }
            if (v.isContainerNode()) {
                return number(v.size());
            }
            throw a.typeError(0, "an Array, an Object or a String", v);
        });
        r.add("skip", 2, 2, a -> slice(a, false));
        r.add("take", 2, 2, a -> slice(a, true));
    }

    private static JsonNode concat(Args a) {
        if (a.value(0).isArray()) {
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < a.count(); i++) {
                JsonNode v = a.value(i);
                if (ArmValues.isNull(v)) {
                    continue;
                }
                if (!v.isArray()) {
                    throw a.error("cannot concatenate an Array with " + ArmValues.typeName(v) + " value (argument "
                            + (i + 1) + ")");
                }
                out.addAll((ArrayNode) v);
                if (out.size() > Limits.MAX_ARRAY_LENGTH) {
                    throw a.error("the result is longer than " + Limits.MAX_ARRAY_LENGTH + " elements");
                }
            }
            return out;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.count(); i++) {
            JsonNode v = a.deep(i);
            if (v.isArray()) {
                throw a.error("cannot concatenate a String with an Array (argument " + (i + 1) + ")");
            }
            sb.append(ArmValues.toText(v));
            if (sb.length() > Limits.MAX_STRING_LENGTH) {
                throw a.error("the result is longer than " + Limits.MAX_STRING_LENGTH + " characters");
            }
        }
        return text(sb.toString());
    }

    /** Strings: case-sensitive substring; objects: key, ignoring case; arrays: an equal element. */
    private static JsonNode contains(Args a) {
        JsonNode container = a.value(0);
        if (container.isTextual()) {
            return bool(container.textValue().contains(ArmValues.toText(scalar(a, 1))));
        }
        if (container.isObject()) {
            return bool(ArmValues.keyOf(container, ArmValues.toText(scalar(a, 1))) != null);
        }
        if (container.isArray()) {
            JsonNode item = a.deep(1);
            boolean unknown = false;
            for (JsonNode e : container) {
                if (ArmValues.deepEquals(e, item)) {
                    return bool(true);
                }
                unknown |= Unresolved.containsAny(e);
            }
            if (unknown) {
                throw a.unresolved("the array has unknown elements, so whether it contains the item is unknown");
            }
            return bool(false);
        }
        if (ArmValues.isNull(container)) {
            return bool(false);
        }
        throw a.typeError(0, "an Array, an Object or a String", container);
    }

    private static JsonNode scalar(Args a, int i) {
        JsonNode v = a.deep(i);
        if (v.isContainerNode()) {
            throw a.typeError(i, "a String or an Integer", v);
        }
        return v;
    }

    private static JsonNode end(Args a, boolean first) {
        JsonNode v = a.value(0);
        if (v.isArray()) {
            return v.isEmpty() ? ArmValues.NODES.nullNode() : v.get(first ? 0 : v.size() - 1);
        }
        if (v.isTextual()) {
            String s = v.textValue();
            return text(s.isEmpty() ? "" : first ? s.substring(0, 1) : s.substring(s.length() - 1));
        }
        throw a.typeError(0, "an Array or a String", v);
    }

    /** Strings ignore case; arrays compare elements deeply. -1 when absent. */
    private static JsonNode indexOf(Args a, boolean first) {
        JsonNode v = a.value(0);
        if (v.isTextual()) {
            String s = v.textValue().toLowerCase(Locale.ROOT);
            String find = a.string(1).toLowerCase(Locale.ROOT);
            return number(first ? s.indexOf(find) : s.lastIndexOf(find));
        }
        if (v.isArray()) {
            JsonNode item = a.deep(1);
            boolean unknown = false;
            for (int k = 0; k < v.size(); k++) {
                int i = first ? k : v.size() - 1 - k;
                if (ArmValues.deepEquals(v.get(i), item)) {
                    return number(i);
                }
                unknown |= Unresolved.containsAny(v.get(i));
            }
            if (unknown) {
                throw a.unresolved("the array has unknown elements, so the position of the item is unknown");
            }
            return number(-1);
        }
        throw a.typeError(0, "an Array or a String", v);
    }

    /** take(): the first n (0 or less: none); skip(): all after the first n (0 or less: all). */
    private static JsonNode slice(Args a, boolean take) {
        JsonNode v = a.value(0);
        long n = a.integer(1);
        if (v.isArray()) {
            int size = v.size();
            int k = (int) Math.max(0, Math.min(n, size));
            ArrayNode out = ArmValues.array();
            for (int i = take ? 0 : k; i < (take ? k : size); i++) {
                out.add(v.get(i));
            }
            return out;
        }
        if (v.isTextual()) {
            String s = v.textValue();
            int k = (int) Math.max(0, Math.min(n, s.length()));
            return text(take ? s.substring(0, k) : s.substring(k));
        }
        throw a.typeError(0, "an Array or a String", v);
    }
}
