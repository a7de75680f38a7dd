package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says which resource instance an expression's value is the id (or name) of, from the {@code references} the plan's
 * {@code configuration} lists for it ({@code ["azurerm_subnet.web.id", "azurerm_subnet.web"]}; inside a module they
 * are relative to the module instance). Only an unambiguous answer is given: every reference names one resource of
 * the expected type with the expected attribute, and that resource has one instance or the reference carries a
 * constant index ({@code azurerm_subnet.web[0]}, {@code azurerm_subnet.web["a"]}). A variable, a local, a module
 * output that is not itself such a reference, {@code each} or {@code count} in the expression makes the value
 * unresolved.
 */
final class ConfigReferences {

    /** The outcome: the resources the value names, or why they cannot be known. */
    record Resolution(List<PlanResource> targets, String reason) {
        boolean resolved() {
            return reason == null;
        }

        static Resolution unresolved(String reason) {
            return new Resolution(List.of(), reason);
        }
    }

    /** {@code type.name}, an optional {@code [index]}, and the rest of the traversal. */
    private static final Pattern REFERENCE = Pattern.compile(
            "^([a-z][a-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_-]*)(\\[(\"(?:[^\"\\\\]|\\\\.)*\"|[0-9]+)])?(?:\\.([A-Za-z_][A-Za-z0-9_-]*))?.*$");
    /** {@code module.name}, an optional {@code [key]}, and the output used. */
    private static final Pattern MODULE_OUTPUT = Pattern.compile(
            "^module\\.([A-Za-z_][A-Za-z0-9_-]*)(\\[(\"(?:[^\"\\\\]|\\\\.)*\"|[0-9]+)])?(?:\\.([A-Za-z_][A-Za-z0-9_-]*))?$");
    private static final Set<String> NOT_RESOURCES = Set.of("var", "local", "module", "data", "each", "count",
            "path", "self", "terraform");

    private final JsonNode configuration;
    private final List<PlanResource> resources;

    ConfigReferences(JsonNode configuration, List<PlanResource> resources) {
        this.configuration = configuration;
        this.resources = resources;
    }

    /** The configuration module of a module instance address ({@code module.net[0].module.nsg}). */
    private JsonNode configModule(String moduleInstance) {
        JsonNode module = configuration.path("root_module");
        if (!moduleInstance.isEmpty()) {
            for (String call : moduleInstance.split("\\.module\\.|^module\\.")) {
                if (call.isEmpty()) {
                    continue;
                }
                String name = call.contains("[") ? call.substring(0, call.indexOf('[')) : call;
                module = module.path("module_calls").path(name).path("module");
            }
        }
        return module;
    }

    /** The expressions of the resource's configuration block, or a missing node when the plan has none. */
    JsonNode expressions(PlanResource r) {
        for (JsonNode c : configModule(r.module()).path("resources")) {
            if (c.path("type").asText().equals(r.type()) && c.path("name").asText().equals(r.name())
                    && "managed".equals(c.path("mode").asText("managed"))) {
                return c.path("expressions");
            }
        }
        return MissingNode.getInstance();
    }

    /** The one resource instance an expression names, by its {@code attribute}. */
    Resolution one(PlanResource referrer, JsonNode expression, String type, String attribute) {
        Resolution all = all(referrer, expression, type, attribute);
        if (all.resolved() && all.targets().size() != 1) {
            return Resolution.unresolved("its expression names " + all.targets().size() + " resources");
        }
        return all;
    }

    /** Every resource instance an expression names (for lists such as ASG ids). */
    Resolution all(PlanResource referrer, JsonNode expression, String type, String attribute) {
        return all(referrer.module(), expression, type, attribute);
    }

    /**
     * Every resource instance an expression in {@code module} names; a module output it uses ({@code module.nsg.id})
     * is followed into the module with the output's own expression.
     */
    private Resolution all(String module, JsonNode expression, String type, String attribute) {
        JsonNode refs = expression == null ? null : expression.get("references");
        if (refs == null || !refs.isArray() || refs.isEmpty()) {
            return Resolution.unresolved(expression == null || expression.isMissingNode()
                    ? "the plan's configuration does not give its expression"
                    : "its expression names no resource");
        }
        Set<String> names = new LinkedHashSet<>();
        List<String[]> instances = new ArrayList<>();
        Set<String> outputs = new LinkedHashSet<>();
        Set<String> bareModules = new LinkedHashSet<>();
        boolean attributeSeen = false;
        for (JsonNode ref : refs) {
            String text = ref.asText();
            Matcher call = MODULE_OUTPUT.matcher(text);
            if (call.matches()) {
                String instance = (module.isEmpty() ? "" : module + ".") + "module." + call.group(1)
                        + (call.group(2) == null ? "" : call.group(2));
                if (call.group(4) == null) {
                    bareModules.add(instance);
                } else {
                    outputs.add(instance + " " + call.group(1) + " " + call.group(4));
                }
                continue;
            }
            Matcher m = REFERENCE.matcher(text);
            if (!m.matches() || NOT_RESOURCES.contains(m.group(1)) || !m.group(1).equals(type)) {
                return Resolution.unresolved("its expression uses " + text + ", which the plan does not resolve");
            }
            String attr = m.group(5);
            if (attr != null && !attr.equals(attribute)) {
                return Resolution.unresolved("its expression uses " + text + ", not the " + attribute + " of a "
                        + type);
            }
            attributeSeen |= attr != null;
            names.add(m.group(2));
            instances.add(new String[] {m.group(2), m.group(4)});
        }
        if (!names.isEmpty() && !attributeSeen) {
            return Resolution.unresolved("its expression does not take the " + attribute + " of a " + type);
        }
        if (names.isEmpty() && outputs.isEmpty()) {
            return Resolution.unresolved("its expression uses " + String.join(", ", bareModules)
                    + " as a whole, not one of its outputs");
        }
        List<PlanResource> out = new ArrayList<>();
        for (String output : outputs) {
            String[] parts = output.split(" ");
            String instance = parts[0];
            boolean exists = resources.stream().anyMatch(r -> r.module().equals(instance)
                    || r.module().startsWith(instance + "."));
            if (!exists) {
                return Resolution.unresolved("its expression uses an output of " + instance
                        + ", which has no single instance with resources in this plan");
            }
            JsonNode expr = configModule(instance).isMissingNode() ? null
                    : configModule(module).path("module_calls").path(parts[1]).path("module").path("outputs")
                    .path(parts[2]).path("expression");
            Resolution inner = all(instance, expr, type, attribute);
            if (!inner.resolved()) {
                return Resolution.unresolved("output " + parts[2] + " of " + instance + ": " + inner.reason());
            }
            out.addAll(inner.targets());
        }
        for (String name : names) {
            Set<String> keys = new LinkedHashSet<>();
            for (String[] i : instances) {
                if (i[0].equals(name) && i[1] != null) {
                    keys.add(i[1]);
                }
            }
            List<PlanResource> candidates = resources.stream()
                    .filter(r -> r.type().equals(type) && r.name().equals(name) && r.module().equals(module))
                    .toList();
            String where = (module.isEmpty() ? "" : module + ".") + type + "." + name;
            if (keys.isEmpty()) {
                if (candidates.size() != 1 || candidates.get(0).index() != null) {
                    return Resolution.unresolved("its expression names " + where + ", which has "
                            + candidates.size() + " instances in this plan, without an index the plan shows");
                }
                out.add(candidates.get(0));
                continue;
            }
            // An indexed reference also lists its resource without the index; only the indexed ones name instances.
            for (String key : keys) {
                PlanResource match = candidates.stream().filter(r -> sameKey(r.index(), key)).findFirst().orElse(null);
                if (match == null) {
                    return Resolution.unresolved("its expression names " + where + "[" + key
                            + "], which this plan does not create");
                }
                out.add(match);
            }
        }
        return new Resolution(out.stream().distinct().toList(), null);
    }

    private static boolean sameKey(JsonNode index, String key) {
        if (index == null) {
            return false;
        }
        if (key.startsWith("\"")) {
            return index.isTextual() && Objects.equals(index.asText(), unquote(key));
        }
        return index.isIntegralNumber() && index.asText().equals(key);
    }

    private static String unquote(String key) {
        String body = key.substring(1, key.length() - 1);
        return body.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
