package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.nsgaudit.model.UnresolvedValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one resource of a plan names another, in model names: by an id the plan knows (matched against the ids of the
 * plan's resources), by an id known only after apply (through {@link ConfigReferences}), or by an Azure name (an NSG's
 * {@code network_security_group_name}). What cannot be known is added to the referrer's unresolved values.
 */
final class ResourceLinks {

    static final String AFTER_APPLY = "known after apply";

    private final List<PlanResource> resources;
    private final ConfigReferences refs;
    /** Model names by resource address (subnets as {@code vnet/subnet}). */
    private final Map<String, String> names = new HashMap<>();
    /** Model names by lower-case Azure id, per resource type. */
    private final Map<String, Map<String, String>> ids = new HashMap<>();

    ResourceLinks(List<PlanResource> resources, ConfigReferences refs) {
        this.resources = resources;
        this.refs = refs;
    }

    /** The model name of the resource at this address, or null when it has none (yet). */
    String name(String address) {
        return names.get(address);
    }

    void putName(String address, String model) {
        names.put(address, model);
    }

    void putNames(Map<String, String> models) {
        names.putAll(models);
    }

    /** Records the Azure id of a resource of {@code type} that has the model name {@code model}. */
    void putId(String type, String id, String model) {
        ids.computeIfAbsent(type, k -> new HashMap<>()).put(lower(id), model);
    }

    /** The expressions of the resource's configuration block, or a missing node. */
    JsonNode expressions(PlanResource r) {
        return refs.expressions(r);
    }

    List<PlanResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The model name of a resource of {@code type} with this Azure name (in this resource group, when known). */
    Optional<String> byName(String type, String name, String resourceGroup) {
        List<PlanResource> matches = ofType(type).stream()
                .filter(r -> name.equalsIgnoreCase(r.text("name")))
                .filter(r -> resourceGroup == null || r.text("resource_group_name") == null
                        || resourceGroup.equalsIgnoreCase(r.text("resource_group_name")))
                .toList();
        return matches.size() == 1 ? Optional.ofNullable(names.get(matches.get(0).address())) : Optional.empty();
    }

    /** A reference found, absent, or unresolved (then {@code unresolved} is set and already recorded). */
    record Ref(String name, boolean unresolved, boolean outside) {
        static final Ref NONE = new Ref(null, false, false);
        static final Ref UNRESOLVED = new Ref(null, true, false);

        Ref(String name, boolean unresolved) {
            this(name, unresolved, false);
        }
    }

    /**
     * The model name of the resource an id attribute names: matched by id when the plan knows it, through the
     * configuration's references when it is known only after apply.
     */
    Ref idRef(PlanResource r, Object[] path, JsonNode expression, String type, String property,
                      List<UnresolvedValue> out) {
        if (r.isUnknown(path)) {
            return fromConfig(r, expression, type, "id", property, out);
        }
        String id = r.text(path);
        if (id == null) {
            return Ref.NONE;
        }
        String name = ids.getOrDefault(type, Map.of()).get(lower(id));
        if (name != null) {
            return new Ref(name, false);
        }
        out.add(new UnresolvedValue(property, id, "names " + kind(type) + " '" + id.substring(id.lastIndexOf('/') + 1)
                + "', which this plan does not manage (" + r.address() + ")"));
        return Ref.UNRESOLVED;
    }

    private Ref fromConfig(PlanResource r, JsonNode expression, String type, String attribute, String property,
                           List<UnresolvedValue> out) {
        ConfigReferences.Resolution res = refs.one(r, expression, type, attribute);
        if (res.resolved()) {
            String name = names.get(res.targets().get(0).address());
            if (name != null) {
                return new Ref(name, false);
            }
            out.add(new UnresolvedValue(property, AFTER_APPLY, "names " + res.targets().get(0).address()
                    + ", whose place in the model is not known (" + r.address() + ")"));
            return Ref.UNRESOLVED;
        }
        out.add(new UnresolvedValue(property, written(expression), "known only after apply and " + res.reason()
                + " (" + r.address() + ")"));
        return Ref.UNRESOLVED;
    }

    /** The model name of a resource named by an Azure {@code name} attribute (NSG of a rule, VNet of a subnet). */
    Ref nameRef(PlanResource r, String attribute, String type, String property, List<UnresolvedValue> out) {
        if (r.isUnknown(attribute)) {
            return fromConfig(r, refs.expressions(r).path(attribute), type, "name", property, out);
        }
        String name = r.text(attribute);
        if (name == null) {
            return Ref.NONE;
        }
        Optional<String> inPlan = byName(type, name, r.text("resource_group_name"));
        if (inPlan.isPresent()) {
            return new Ref(inPlan.get(), false);
        }
        // Not managed by this plan: named as the plan would name it, qualified when a managed one has the name.
        String rg = r.text("resource_group_name");
        boolean clash = ofType(type).stream().anyMatch(o -> name.equalsIgnoreCase(names.get(o.address())));
        return new Ref(clash && rg != null ? name + "@" + rg : name, false, true);
    }

    /** ASG ids (a set): known ids by id, unknown ones through the configuration's references. */
    List<String> asgIds(PlanResource r, Object[] path, JsonNode expression, String property,
                                List<UnresolvedValue> out) {
        Set<String> names = new LinkedHashSet<>();
        int unknown = 0;
        if (r.isUnknown(path)) {
            unknown = 1;
        } else {
            JsonNode list = r.value(path);
            for (int i = 0; list != null && i < list.size(); i++) {
                Object[] at = append(path, i);
                if (r.isUnknown(at)) {
                    unknown++;
                    continue;
                }
                Ref ref = idRef(r, at, MissingNode.getInstance(), AzurermMapper.ASG, property, out);
                if (ref.name() != null) {
                    names.add(ref.name());
                }
            }
        }
        if (unknown > 0) {
            ConfigReferences.Resolution res = refs.all(r, expression, AzurermMapper.ASG, "id");
            if (res.resolved() && res.targets().stream().allMatch(t -> this.names.containsKey(t.address()))) {
                res.targets().forEach(t -> names.add(this.names.get(t.address())));
            } else {
                out.add(new UnresolvedValue(property, AFTER_APPLY, "known only after apply and "
                        + (res.resolved() ? "names a resource outside the model" : res.reason()) + " (" + r.address()
                        + ")"));
            }
        }
        return new ArrayList<>(names);
    }

    /** What the configuration writes for a value: the references of its expression, when it gives them. */
    static String written(JsonNode expression) {
        JsonNode refs = expression == null ? null : expression.get("references");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            return AFTER_APPLY;
        }
        List<String> out = new ArrayList<>();
        refs.forEach(ref -> out.add(ref.asText()));
        return String.join(", ", out);
    }

    static Object[] append(Object[] path, Object step) {
        Object[] out = Arrays.copyOf(path, path.length + 1);
        out[path.length] = step;
        return out;
    }

    static String kind(String type) {
        return type.substring("azurerm_".length()).replace('_', ' ');
    }
}
