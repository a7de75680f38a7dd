package dev.nsgaudit.load.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads ARM resource ids: {@code /subscriptions/s/resourceGroups/g/providers/Ns/t1/n1/t2/n2}. */
public final class ResourceIds {

    private ResourceIds() {
    }

    /**
     * @param type the full type, e.g. {@code Microsoft.Network/virtualNetworks/subnets}
     * @param names the names along the type, e.g. {@code [vnet, subnet]}
     * @param resourceGroup the resource group named in the id, or null
     */
    public record Parsed(String type, List<String> names, String resourceGroup) {
        public String name() {
            return names.get(names.size() - 1);
        }

        public String fullName() {
            return String.join("/", names);
        }

        public boolean isType(String fullType) {
            return type.equalsIgnoreCase(fullType);
        }
    }

    public static Optional<Parsed> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String[] parts = id.trim().replaceAll("^/+", "").split("/");
        String resourceGroup = null;
        int providers = -1;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].toLowerCase(Locale.ROOT);
            if (p.equals("resourcegroups") && i + 1 < parts.length) {
                resourceGroup = parts[i + 1];
            }
            if (p.equals("providers")) {
                providers = i; // the last one wins: extension resources nest providers
            }
        }
        int start = providers >= 0 ? providers + 1 : 0;
        if (parts.length - start < 3 || !parts[start].contains(".")) {
            return Optional.empty();
        }
        StringBuilder type = new StringBuilder(parts[start]);
        List<String> names = new ArrayList<>();
        for (int i = start + 1; i + 1 < parts.length; i += 2) {
            type.append('/').append(parts[i]);
            names.add(parts[i + 1]);
        }
        if ((parts.length - start - 1) % 2 != 0 || names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(type.toString(), names, resourceGroup));
    }
}
