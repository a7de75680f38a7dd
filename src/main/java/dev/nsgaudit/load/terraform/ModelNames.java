package dev.nsgaudit.load.terraform;

import dev.nsgaudit.model.Topology;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model names for resources of one kind: the Azure {@code name} when no other resource of the kind in the plan has
 * it, else {@code name@resourceGroup} (Azure names repeat across resource groups; '@' is allowed in neither, so the
 * form never collides with a real name, and unlike '/' it does not clash with {@code vnet/subnet} and
 * {@code nsg/rule}). A resource whose name is known only after apply is named by its address.
 */
final class ModelNames {

    private ModelNames() {
    }

    /** The model name of each resource, by address. */
    static Map<String, String> of(List<PlanResource> resources) {
        Map<String, Integer> count = new HashMap<>();
        for (PlanResource r : resources) {
            count.merge(Topology.key(azureName(r)), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> qualified = new HashMap<>();
        for (PlanResource r : resources) {
            String name = azureName(r);
            String rg = r.text("resource_group_name");
            String model = count.get(Topology.key(name)) == 1 || rg == null ? name : name + "@" + rg;
            qualified.merge(Topology.key(model), 1, Integer::sum);
            out.put(r.address(), model);
        }
        // Same name and resource group (another subscription, or a name unknown until apply): the address is unique.
        out.replaceAll((address, model) -> qualified.get(Topology.key(model)) > 1 ? address : model);
        return out;
    }

    /** The Azure name, or the address when the name is known only after apply. */
    static String azureName(PlanResource r) {
        String name = r.text("name");
        return name == null ? r.address() : name;
    }
}
