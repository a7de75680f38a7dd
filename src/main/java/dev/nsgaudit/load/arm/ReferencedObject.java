package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * What {@code reference()} returns for a resource declared in the input: its declared properties. Properties the
 * template did not declare (runtime state such as a public IP's {@code ipAddress}) are only known after
 * deployment, so reading one gives an {@link Unresolved} marker instead of ARM's "property does not exist".
 */
public final class ReferencedObject extends ObjectNode {

    private final String description;

    private ReferencedObject(String description) {
        super(JsonNodeFactory.instance);
        this.description = description;
    }

    /** Wraps a declared value (deeply) so that missing properties read as unresolved. */
    public static JsonNode wrap(JsonNode value, String description) {
        if (value instanceof ObjectNode object && !(value instanceof ReferencedObject)) {
            ReferencedObject out = new ReferencedObject(description);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), wrap(e.getValue(), description));
            }
            return out;
        }
        if (value instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(array.size());
            for (JsonNode item : array) {
                out.add(wrap(item, description));
            }
            return out;
        }
        return value;
    }

    /** The marker for a property the declaration does not have. */
    public JsonNode missing(String property) {
        return Unresolved.node(description + "." + property,
                "property '" + property + "' of " + description + " is only known after deployment");
    }
}
