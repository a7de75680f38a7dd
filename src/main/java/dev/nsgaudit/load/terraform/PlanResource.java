package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.SourceRef;

/**
 * One managed resource instance of a plan's values representation.
 *
 * @param address the full instance address ({@code module.net.azurerm_subnet.web["a"]})
 * @param module the module instance it is in ({@code module.net[0]}), empty for the root module
 * @param index the {@code count} or {@code for_each} key, or null for a single instance
 * @param values the attribute values; unknown ones are left out or null
 * @param unknown the matching {@code after_unknown} tree ({@code true} where a value is known only after
 *     apply), or null when the plan says nothing is unknown
 */
record PlanResource(String address, String module, String type, String name, JsonNode index, JsonNode values,
                    JsonNode unknown, SourceRef source) {

    /** The value at a path of attribute names and list positions, or null when absent. */
    JsonNode value(Object... path) {
        JsonNode node = values;
        for (Object step : path) {
            if (node == null) {
                return null;
            }
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node == null || node.isNull() ? null : node;
    }

    /** True when the value at the path, or a value containing it, is known only after apply. */
    boolean isUnknown(Object... path) {
        JsonNode node = unknown;
        for (Object step : path) {
            if (node == null || node.isBoolean()) {
                break;
            }
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node != null && node.isBoolean() && node.booleanValue();
    }

    /** A known string value at the path; empty strings are unset in azurerm's state, so they are null too. */
    String text(Object... path) {
        JsonNode v = value(path);
        return v == null || !v.isValueNode() || v.asText().isEmpty() ? null : v.asText();
    }
}
