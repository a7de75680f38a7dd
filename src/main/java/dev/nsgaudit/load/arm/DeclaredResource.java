package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.UnresolvedValue;

import java.util.List;

/**
 * A resource a template declares, after evaluation: one per copy-loop instance, with the full type and name of a
 * child resource ({@code Microsoft.Network/networkSecurityGroups/securityRules}, {@code nsg/rule}).
 *
 * @param properties the evaluated {@code properties}; unknown values are {@link Unresolved} markers inside
 * @param declaration the resource object as written, to find the positions of its parts
 * @param unresolved what is unknown about the resource itself (its name, its condition)
 * @param nameFromStandIn true when the name (or its parent's) was computed from the stand-in deployment context
 */
public record DeclaredResource(String type, String name, String symbolicName, JsonNode properties,
                               JsonNode declaration, ArmDocument document, SourceRef source,
                               List<UnresolvedValue> unresolved, boolean nameFromStandIn) {

    public DeclaredResource {
        unresolved = List.copyOf(unresolved);
    }

    public boolean isType(String fullType) {
        return type.equalsIgnoreCase(fullType);
    }

    /** The last segment of the name: what Azure shows as the resource's name. */
    public String shortName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }
}
