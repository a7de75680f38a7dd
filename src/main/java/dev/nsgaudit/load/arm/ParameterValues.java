package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

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
