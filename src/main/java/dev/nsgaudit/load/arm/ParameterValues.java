package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.rules.Findings;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the values of a deployment parameters file ({@code {"parameters": {"name": {"value": ...}}}}). Values are
 * taken as written (ARM does not evaluate expressions in parameter values); a Key Vault {@code reference} is not
 * read offline and becomes a marker.
 */
public final class ParameterValues {

    private ParameterValues() {
    }

    /** Name to value, names case-insensitive. */
    public static Map<String, JsonNode> read(ArmDocument parametersFile) {
        return read(parametersFile.root());
    }

    /** The az CLI also accepts a file that is only the parameters object: every field has a value or reference. */
    private static boolean isBareParameters(JsonNode root) {
        if (!root.isObject() || root.isEmpty()) {
            return false;
        }
        for (JsonNode p : root) {
            if (!p.isObject() || !(p.has("value") || p.has("reference"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What makes a file not a deployment parameters file: a root that is not an object, a {@code $schema} that
     * names something else, no {@code parameters} object (nor the bare form), or a parameter that is not
     * {@code {"value": ...}} or {@code {"reference": ...}}. Such a file is never taken as "no parameters".
     */
    public static List<Finding> problems(ArmDocument file) {
        List<Finding> out = new ArrayList<>();
        JsonNode root = file.root();
        String how = "a parameters file is {\"$schema\": \".../deploymentParameters.json#\", \"parameters\":"
                + " {\"name\": {\"value\": ...}}}";
        if (!root.isObject()) {
            out.add(error(file, root, "not a deployment parameters file: the file is " + ArmValues.typeName(root)
                    + ", not an object; " + how));
            return out;
        }
        JsonNode schema = root.get("$schema");
        if (schema != null && !file.isParameterFile()) {
            out.add(error(file, root, "not a deployment parameters file: its $schema does not name"
                    + " deploymentParameters.json; " + how));
            return out;
        }
        JsonNode parameters = root.get("parameters");
        if (parameters == null && schema == null && isBareParameters(root)) {
            return out;
        }
        if (parameters == null || !parameters.isObject()) {
            out.add(error(file, parameters != null && file.position(parameters).isPresent() ? parameters : root,
                    "not a deployment parameters file: " + (parameters == null ? "it has no \"parameters\" object"
                            : "\"parameters\" is " + ArmValues.typeName(parameters) + ", not an object") + "; "
                            + how));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            if (!p.isObject() || !(p.has("value") || p.has("reference"))) {
                out.add(error(file, p.isObject() ? p : parameters, "parameter '" + e.getKey() + "' must be"
                        + " {\"value\": ...} or {\"reference\": {...}} (a Key Vault secret), not "
                        + (p.isObject() ? "an object without either" : ArmValues.typeName(p))
                        + "; its value would be ignored"));
            }
        }
        return out;
    }

    private static Finding error(ArmDocument file, JsonNode at, String message) {
        return Findings.of("input-error", file.sourceOf(at), message);
    }

    public static Map<String, JsonNode> read(JsonNode root) {
        Map<String, JsonNode> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonNode parameters = root == null ? null : root.get("parameters");
        if ((parameters == null || !parameters.isObject()) && root != null && isBareParameters(root)) {
            parameters = root;
        }
        if (parameters == null || !parameters.isObject()) {
            return out;
        }
        parameters.fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            if (p.isObject() && p.has("value")) {
                out.put(e.getKey(), p.get("value"));
            } else if (p.isObject() && p.has("reference")) {
                String secret = p.path("reference").path("secretName").asText("?");
                out.put(e.getKey(), Unresolved.node("Key Vault reference (secret '" + secret + "')",
                        "parameter '" + e.getKey() + "' comes from a Key Vault secret, which is not read offline"));
            }
        });
        return out;
    }
}
