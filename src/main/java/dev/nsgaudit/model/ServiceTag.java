package dev.nsgaudit.model;

import java.util.List;

/**
 * One entry of an Azure service tag file.
 *
 * @param networkFeatures where the tag may be used (NSG, UDR, FW, API); a tag without NSG cannot be in a rule
 */
public record ServiceTag(String name, String region, String systemService, List<String> addressPrefixes,
                         List<String> networkFeatures) {

    public ServiceTag {
        addressPrefixes = List.copyOf(addressPrefixes);
        networkFeatures = List.copyOf(networkFeatures);
    }

    public boolean usableInNsg() {
        return networkFeatures.isEmpty() || networkFeatures.stream().anyMatch(f -> f.equalsIgnoreCase("NSG"));
    }
}
