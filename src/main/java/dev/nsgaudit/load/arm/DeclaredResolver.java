package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers {@code reference()} from the resources a first pass over the input declared: by resource id, by name
 * (the one-argument form), by symbolic name (languageVersion 2.0), and for deployments their outputs. Inline
 * child collections get their ids ({@code .../virtualNetworks/v/subnets/s}) as ARM would return them; any other
 * property the template does not declare reads as unresolved.
 */
final class DeclaredResolver implements ReferenceResolver {

    private final Map<String, DeclaredResource> byTypeAndName = new HashMap<>();
    private final Map<String, DeclaredResource> byName = new HashMap<>();
    private final Map<String, JsonNode> deploymentOutputs;
    private final DeploymentContext context;

    DeclaredResolver(List<DeclaredResource> resources, Map<String, JsonNode> deploymentOutputs,
                     DeploymentContext context) {
        this.deploymentOutputs = deploymentOutputs;
        this.context = context;
        for (DeclaredResource r : resources) {
            byTypeAndName.putIfAbsent((r.type() + "|" + r.name()).toLowerCase(Locale.ROOT), r);
            byName.putIfAbsent(r.name().toLowerCase(Locale.ROOT), r);
            if (r.symbolicName() != null) {
                byName.putIfAbsent(r.symbolicName().toLowerCase(Locale.ROOT), r);
            }
        }
    }

    @Override
    public Optional<JsonNode> reference(String resourceIdOrName, String apiVersion, boolean full) {
        String key = resourceIdOrName.toLowerCase(Locale.ROOT);
        Optional<ResourceIds.Parsed> id = ResourceIds.parse(resourceIdOrName);
        DeclaredResource r = null;
        String deploymentName = null;
        if (id.isPresent()) {
            if (id.get().isType(ResourceCollector.DEPLOYMENTS)) {
                deploymentName = id.get().fullName().toLowerCase(Locale.ROOT);
            } else {
                r = byTypeAndName.get((id.get().type() + "|" + id.get().fullName()).toLowerCase(Locale.ROOT));
            }
        } else {
            r = byName.get(key);
            if (r == null) {
                deploymentName = key;
            }
        }
        if (r == null && deploymentName != null && deploymentOutputs.containsKey(deploymentName)) {
            JsonNode outputs = deploymentOutputs.get(deploymentName);
            return Optional.of(ReferencedObject.wrap(full ? full(outputs, deploymentName) : outputs,
                    "reference('" + resourceIdOrName + "')"));
        }
        if (r == null) {
            return Optional.empty();
        }
        String resourceId = idOf(r);
        JsonNode properties = withChildIds(r.properties(), resourceId);
        JsonNode value = full ? full(properties, r.name()) : properties;
        if (full && value instanceof ObjectNode o) {
            o.put("id", resourceId).put("type", r.type());
        }
        return Optional.of(ReferencedObject.wrap(value, "reference('" + resourceIdOrName + "')"));
    }

    private static JsonNode full(JsonNode properties, String name) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", name);
        out.set("properties", properties);
        return out;
    }

    private String idOf(DeclaredResource r) {
        String[] typeParts = r.type().split("/");
        String[] names = r.name().split("/");
        StringBuilder id = new StringBuilder(context.resourceGroupId()).append("/providers/").append(typeParts[0]);
        for (int i = 1; i < typeParts.length; i++) {
            id.append('/').append(typeParts[i]).append('/').append(i - 1 < names.length ? names[i - 1] : "");
        }
        return id.toString();
    }

    /** Child objects in arrays ({@code subnets}, {@code securityRules}) carry their ids, as ARM returns them. */
    private static JsonNode withChildIds(JsonNode properties, String resourceId) {
        if (!(properties instanceof ObjectNode object)) {
            return properties;
        }
        ObjectNode copy = object.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                continue;
            }
            for (JsonNode item : e.getValue()) {
                if (item instanceof ObjectNode child && child.path("name").isTextual() && !child.has("id")) {
                    child.put("id", resourceId + "/" + e.getKey() + "/" + child.get("name").asText());
                }
            }
        }
        return copy;
    }
}
