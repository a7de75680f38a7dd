package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/** createObject, items, objectKeys, shallowMerge, tryGet, json and null. */
final class ObjectFunctions {

    /** items() lists properties by key (ARM returns them sorted, as its documented example shows). */
    static final Comparator<String> KEY_ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private ObjectFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("createObject", 0, ANY, a -> {
            if (a.count() % 2 != 0) {
                throw a.error("takes pairs of key and value, but got an odd number of arguments");
            }
            ObjectNode out = ArmValues.object();
            for (int i = 0; i < a.count(); i += 2) {
                out.set(a.string(i), a.raw(i + 1));
            }
            return out;
        });
        r.add("items", 1, 1, a -> {
            ObjectNode o = a.object(0);
            ArrayNode out = ArmValues.array();
            for (String key : sortedKeys(o)) {
                ObjectNode item = ArmValues.object();
                item.put("key", key);
                item.set("value", o.get(key));
                out.add(item);
            }
            return out;
        });
        r.add("objectKeys", 1, 1, a -> {
            ArrayNode out = ArmValues.array();
            sortedKeys(a.object(0)).forEach(out::add);
            return out;
        });
        r.add("shallowMerge", 1, 1, a -> {
            ObjectNode out = ArmValues.object();
            for (JsonNode e : a.array(0)) {
                Unresolved.of(e).ifPresent(u -> {
                    throw u.toException();
                });
                if (ArmValues.isNull(e)) {
                    continue;
                }
                if (!e.isObject()) {
                    throw a.error("shallowMerge() takes an array of objects, found " + ArmValues.typeName(e));
                }
                e.fields().forEachRemaining(f -> {
                    String key = ArmValues.keyOf(out, f.getKey());
                    out.set(key == null ? f.getKey() : key, f.getValue());
                });
            }
            return out;
        });
        r.add("tryGet", 2, ANY, ObjectFunctions::tryGet);
        r.add("json", 1, 1, a -> StringFunctions.json(a, a.string(0)));
        r.add("null", 0, 0, a -> ArmValues.NODES.nullNode());
    }

    static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        keys.sort(KEY_ORDER);
        return keys;
    }

    /** Follows keys (objects, ignoring case) and indexes (arrays); null as soon as one is missing. */
    private static JsonNode tryGet(Args a) {
        JsonNode current = a.value(0);
        for (int i = 1; i < a.count(); i++) {
            Unresolved.of(current).ifPresent(u -> {
                throw u.toException();
            });
            JsonNode key = a.deep(i);
            JsonNode next = null;
            if (current.isObject() && key.isTextual()) {
                next = ArmValues.get(current, key.textValue());
            } else if (current.isArray() && ArmValues.isInteger(key)) {
                long k = key.longValue();
                next = k >= 0 && k < current.size() ? current.get((int) k) : null;
            } else if (!ArmValues.isNull(current) && !current.isContainerNode()) {
                throw a.error("cannot look up " + ArmValues.typeName(key) + " key in " + ArmValues.typeName(current)
                        + " value");
            }
            if (next == null) {
                return ArmValues.NODES.nullNode();
            }
            current = next;
        }
        return current;
    }
}
