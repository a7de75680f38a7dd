package dev.nsgaudit.model;

import java.util.List;

/**
 * A security admin configuration of an Azure Virtual Network Manager with its rule collections. A
 * configuration in the input is taken as deployed (committed) to the regions of the VNets it reaches.
 *
 * @param networkManager the network manager's name
 * @param unresolved what the loader could not determine about the configuration as a whole
 */
public record SecurityAdminConfiguration(
        String networkManager,
        String name,
        String description,
        List<AdminRuleCollection> ruleCollections,
        List<UnresolvedValue> unresolved,
        SourceRef source) {

    public SecurityAdminConfiguration {
        ruleCollections = ruleCollections == null ? List.of() : List.copyOf(ruleCollections);
        unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        source = source == null ? SourceRef.UNKNOWN : source;
    }

    /** {@code networkManager/name}, unique across the input. */
    public String qualifiedName() {
        return networkManager + "/" + name;
    }
}
