package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.text.Collator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Value helpers with ARM's semantics: type names as ARM reports them, case-insensitive property lookup, deep
 * equality that treats 1 and 1L alike, .NET-style text conversion ({@code True}/{@code False}) and the
 * culture-aware string order ARM uses in {@code less()} and friends (where {@code 'A'} is greater than
 * {@code 'a'}).
 */
final class ArmValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Collator COLLATOR = Collator.getInstance(Locale.ROOT);

    static {
        COLLATOR.setStrength(Collator.TERTIARY);
    }

    private ArmValues() {
    }

    static String typeName(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "Null";
        }
        if (Unresolved.isMarker(n)) {
            return "Unresolved";
        }
        if (n.isTextual()) {
            return "String";
        }
        if (n.isIntegralNumber()) {
            return "Integer";
        }
        if (n.isNumber()) {
            return "Float";
        }
        if (n.isBoolean()) {
            return "Boolean";
        }
        if (n.isArray()) {
            return "Array";
        }
        return n.isObject() ? "Object" : n.getNodeType().toString();
    }

    static JsonNode text(String s) {
        return NODES.textNode(s);
    }

    static JsonNode number(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    static JsonNode bool(boolean b) {
        return NODES.booleanNode(b);
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static boolean isInteger(JsonNode n) {
        return n != null && (n.isIntegralNumber() || (n.isNumber() && isWhole(n.decimalValue())));
    }

    private static boolean isWhole(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** The property of an object by name: exact match first, then ignoring case as ARM does; null if absent. */
    static JsonNode get(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The key of an object that matches {@code name} ignoring case, or null. */
    static String keyOf(JsonNode object, String name) {
        if (object.has(name)) {
            return name;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    /** Deep equality as ARM's equals(): numbers by value, strings case-sensitive, markers equal to nothing. */
    static boolean deepEquals(JsonNode a, JsonNode b) {
        if (Unresolved.isMarker(a) || Unresolved.isMarker(b)) {
            return false;
        }
        if (isNull(a) || isNull(b)) {
            return isNull(a) && isNull(b);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!deepEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !deepEquals(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Compares strings the way ARM's less()/greater() do (culture-aware, lower case before upper case). */
    static int compareStrings(String a, String b) {
        synchronized (COLLATOR) {
            int c = COLLATOR.compare(a, b);
            return c != 0 ? c : a.compareTo(b);
        }
    }

    /** The text ARM makes of a value in concat(), format() and string(). */
    static String toText(JsonNode n) {
        if (isNull(n)) {
            return "";
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "True" : "False";
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue();
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return compactJson(n);
    }

    /** Compact JSON text of a value without markers. */
    static String compactJson(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON value", e);
        }
    }
}
