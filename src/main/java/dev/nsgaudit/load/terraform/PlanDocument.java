package dev.nsgaudit.load.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.arm.ArmDocument;
import dev.nsgaudit.load.arm.ArmInputException;
import dev.nsgaudit.model.SourceRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan (or state) as {@code terraform show -json} writes it, with the resources of one side: the planned
 * values (what the apply leaves) or the prior state (what it starts from).
 */
final class PlanDocument {

    /** Which topology of the plan to read. */
    enum Side { PLANNED, PRIOR }

    private final ArmDocument document;
    private final JsonNode root;

    PlanDocument(ArmDocument document) {
        this.document = document;
        this.root = document.root();
        if (!root.isObject()) {
            throw error(root, "a Terraform plan is a JSON object", "give the output of terraform show -json");
        }
        JsonNode version = root.get("format_version");
        String text = version == null ? "" : version.asText();
        if (!text.startsWith("1.")) {
            throw error(root, "format_version '" + text + "' is not a Terraform JSON format this tool reads"
                    + " (major version 1)", "produce it with terraform show -json plan.tfplan (Terraform 0.12+)");
        }
    }

    String file() {
        return document.file();
    }

    /** The {@code configuration} section, or a missing node. */
    JsonNode configuration() {
        return root.path("configuration");
    }

    /** The managed resources of one side, modules depth first in the order the plan lists them. */
    List<PlanResource> resources(Side side) {
        JsonNode module;
        Map<String, JsonNode> unknown = new HashMap<>();
        if (root.has("planned_values") || root.has("prior_state")) {
            // A plan: its planned values, or the state it was made from (absent when nothing exists yet).
            module = side == Side.PLANNED ? root.path("planned_values").path("root_module")
                    : root.path("prior_state").path("values").path("root_module");
            if (side == Side.PLANNED) {
                for (JsonNode change : root.path("resource_changes")) {
                    JsonNode after = change.path("change").get("after_unknown");
                    if (change.path("address").isTextual() && after != null) {
                        unknown.put(change.get("address").asText(), after);
                    }
                }
            }
        } else {
            // A state (terraform show -json without a plan): one topology, fully known.
            module = root.path("values").path("root_module");
        }
        List<PlanResource> out = new ArrayList<>();
        collect(module, "", unknown, out);
        return out;
    }

    /** The resources the plan destroys without creating them again, with their values before the plan. */
    List<PlanResource> destroyed(Side side) {
        List<PlanResource> out = new ArrayList<>();
        if (side != Side.PLANNED) {
            return out;
        }
        for (JsonNode change : root.path("resource_changes")) {
            JsonNode actions = change.path("change").path("actions");
            if (actions.size() == 1 && "delete".equals(actions.get(0).asText())
                    && "managed".equals(change.path("mode").asText("managed"))) {
                String at = change.path("address").asText("");
                out.add(new PlanResource(at, change.path("module_address").asText(""), change.path("type").asText(""),
                        change.path("name").asText(""), null, change.path("change").path("before"), null,
                        sourceOf(at)));
            }
        }
        return out;
    }

    private void collect(JsonNode module, String address, Map<String, JsonNode> unknown, List<PlanResource> out) {
        if (module.isMissingNode() || module.isNull()) {
            return;
        }
        if (!module.isObject()) {
            throw error(module, "a module of the values representation must be an object",
                    "give the unchanged output of terraform show -json");
        }
        for (JsonNode r : module.path("resources")) {
            if (!r.isObject() || !"managed".equals(r.path("mode").asText("managed"))) {
                continue; // data sources are read, never deployed
            }
            String type = r.path("type").asText("");
            String name = r.path("name").asText("");
            String at = r.path("address").asText(address.isEmpty() ? type + "." + name : address + "." + type + "." + name);
            JsonNode index = r.get("index");
            out.add(new PlanResource(at, address, type, name, index == null || index.isNull() ? null : index,
                    r.path("values"), unknown.get(at), sourceOf(at)));
        }
        for (JsonNode child : module.path("child_modules")) {
            collect(child, child.path("address").asText(address), unknown, out);
        }
    }

    /** Where a resource is: the plan file and the resource's address (the plan gives no line of the .tf file). */
    SourceRef sourceOf(String address) {
        return new SourceRef(document.file() + "#" + address, 0, 0);
    }

    ArmInputException error(JsonNode at, String what, String fix) {
        SourceRef s = document.sourceOf(at);
        return new ArmInputException(s.file(), s.line(), s.column(), what, fix);
    }
}
