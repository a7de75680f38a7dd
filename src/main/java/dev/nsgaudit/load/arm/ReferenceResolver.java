package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * Answers {@code reference()} from what the caller knows (the resources declared in the templates). An empty
 * answer makes the expression unresolved; values not known inside a returned object may be markers
 * ({@link Unresolved#node}).
 */
@FunctionalInterface
public interface ReferenceResolver {

    /** Resolves nothing: every reference() is unresolved. */
    ReferenceResolver NONE = (id, apiVersion, full) -> Optional.empty();

    /**
     * @param resourceIdOrName the first argument of reference(): a resource id, a resource name or a symbolic name
     * @param apiVersion the second argument, or null when not given
     * @param full true for {@code reference(x, v, 'Full')} (the whole resource), false for its properties only
     */
    Optional<JsonNode> reference(String resourceIdOrName, String apiVersion, boolean full);
}
