package dev.nsgaudit.load.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reading values of exported resources. The REST API and Resource Graph nest an object's values under
 * {@code properties}; the az CLI prints most resources flattened (the values beside {@code name} and {@code id}).
 * Both are read. A value of the wrong JSON type is an {@code input-error} at its object, never a dropped value.
 */
final class ExportValues {

    private final ArmDocument document;
    private final List<Finding> problems;

    ExportValues(ArmDocument document, List<Finding> problems) {
        this.document = document;
        this.problems = problems;
    }

    /** The object's {@code properties} when it has them as an object, else the object itself (flattened). */
    static JsonNode properties(JsonNode object) {
        JsonNode p = object == null ? null : object.get("properties");
        return p != null && p.isObject() ? p : object == null ? MissingNode.getInstance() : object;
    }

    /** A member by name; exports spell names exactly, but ARM compares them ignoring case, so that is a fallback. */
    static JsonNode member(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** A single value as text, or null when absent or null; a list or object there is an input error. */
    String scalar(JsonNode object, String name, String what) {
        JsonNode v = member(object, name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            wrongType(object, name, what, "a single value");
            return null;
        }
        return v.asText();
    }

    /** A list of single values; absent or null is empty. */
    List<String> strings(JsonNode object, String name, String what) {
        List<String> out = new ArrayList<>();
        JsonNode v = member(object, name);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            wrongType(object, name, what, "a list");
            return out;
        }
        for (JsonNode item : v) {
            if (item.isContainerNode() || item.isNull()) {
                wrongType(object, name, what, "a list of single values");
                continue;
            }
            out.add(item.asText());
        }
        return out;
    }

    /** A list of objects; absent or null is empty. */
    List<JsonNode> objects(JsonNode object, String name, String what) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode v = member(object, name);
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            wrongType(object, name, what, "a list");
            return out;
        }
        for (JsonNode item : v) {
            if (!item.isObject()) {
                wrongType(object, name, what, "a list of objects");
                continue;
            }
            out.add(item);
        }
        return out;
    }

    /** True when the member is there but is not a list (already reported). */
    boolean notAList(JsonNode object, String name) {
        JsonNode v = member(object, name);
        return v != null && !v.isNull() && !v.isArray();
    }

    /** The {@code id} of a {@code {"id": ...}} reference, or null when absent. */
    String referenceId(JsonNode object, String name, String what) {
        JsonNode ref = member(object, name);
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (!ref.isObject()) {
            wrongType(object, name, what, "an object {\"id\": ...}");
            return null;
        }
        return scalar(ref, "id", what + " " + name);
    }

    private void wrongType(JsonNode object, String name, String what, String expected) {
        problems.add(Findings.of("input-error", document.sourceOfKey(object, name), what + ": " + name
                + " must be " + expected + " as Azure exports it; export again with -o json"));
    }
}
