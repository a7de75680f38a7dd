package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/** array, createArray, flatten, union and intersection (the last two for arrays and objects). */
final class ArrayFunctions {

    private ArrayFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("array", 1, 1, a -> {
            JsonNode v = a.value(0);
            if (v.isArray()) {
                return v;
            }
            ArrayNode out = ArmValues.array();
            out.add(v);
            return out;
        });
        r.add("createArray", 0, ANY, a -> {
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < a.count(); i++) {
                out.add(a.raw(i));
            }
            return out;
        });
        r.add("flatten", 1, 1, a -> {
            ArrayNode out = ArmValues.array();
            for (JsonNode e : a.array(0)) {
                Unresolved.of(e).ifPresent(u -> {
                    throw u.toException();
                });
                if (!e.isArray()) {
                    throw a.error("flatten() takes an array of arrays, found " + ArmValues.typeName(e));
                }
                out.addAll((ArrayNode) e);
            }
            return out;
        });
        r.add("union", 1, ANY, ArrayFunctions::union);
        r.add("intersection", 1, ANY, ArrayFunctions::intersection);
    }

    private static List<JsonNode> nonNullArgs(Args a) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < a.count(); i++) {
            JsonNode v = a.value(i);
            if (!ArmValues.isNull(v)) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * Arrays: the elements of all, each once, in order of first appearance. Objects: later properties overwrite
     * earlier ones, nested objects are merged recursively, nested arrays replaced (as documented).
     */
    private static JsonNode union(Args a) {
        List<JsonNode> values = nonNullArgs(a);
        if (values.isEmpty()) {
            return ArmValues.NODES.nullNode();
        }
        if (values.get(0).isArray()) {
            ArrayNode out = ArmValues.array();
            for (JsonNode v : values) {
                if (!v.isArray()) {
                    throw a.error("union() cannot mix an Array with " + ArmValues.typeName(v) + " value");
                }
                for (JsonNode e : v) {
                    if (!containsEqual(out, e)) {
                        out.add(e);
                    }
                }
            }
            return out;
        }
        ObjectNode out = ArmValues.object();
        for (JsonNode v : values) {
            if (!v.isObject()) {
                throw a.error("union() cannot mix an Object with " + ArmValues.typeName(v) + " value");
            }
            merge(out, (ObjectNode) v);
        }
        return out;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = ArmValues.keyOf(into, e.getKey());
            JsonNode existing = key == null ? null : into.get(key);
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                ObjectNode merged = ((ObjectNode) existing).deepCopy();
                merge(merged, (ObjectNode) e.getValue());
                into.set(key, merged);
            } else {
                into.set(key == null ? e.getKey() : key, e.getValue());
            }
        }
    }

    private static boolean containsEqual(ArrayNode array, JsonNode item) {
        for (JsonNode e : array) {
            if (ArmValues.deepEquals(e, item)) {
                return true;
            }
        }
        return false;
    }

    /** Arrays: elements of the first present in all; objects: properties with equal values in all. */
    private static JsonNode intersection(Args a) {
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < a.count(); i++) {
            values.add(a.deep(i));
        }
        JsonNode first = values.get(0);
        if (first.isArray()) {
            ArrayNode out = ArmValues.array();
            for (JsonNode e : first) {
                boolean inAll = !containsEqual(out, e);
                for (int i = 1; i < values.size() && inAll; i++) {
                    if (!values.get(i).isArray()) {
                        throw a.error("intersection() cannot mix an Array with " + ArmValues.typeName(values.get(i))
                                + " value");
                    }
                    inAll = containsEqual((ArrayNode) values.get(i), e);
                }
                if (inAll) {
                    out.add(e);
                }
            }
            return out;
        }
        if (!first.isObject()) {
            throw a.typeError(0, "an Array or an Object", first);
        }
        ObjectNode out = ArmValues.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = first.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            boolean inAll = true;
            for (int i = 1; i < values.size() && inAll; i++) {
                JsonNode other = values.get(i);
                if (!other.isObject()) {
                    throw a.error("intersection() cannot mix an Object with " + ArmValues.typeName(other) + " value");
                }
                JsonNode v = other.get(e.getKey());
                inAll = v != null && ArmValues.deepEquals(v, e.getValue());
            }
            if (inAll) {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
