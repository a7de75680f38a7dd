package dev.nsgaudit.load.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A full Azure resource id, {@code /subscriptions/S/resourceGroups/G/providers/NS/type/name[/childType/childName]},
 * taken apart. Azure compares ids ignoring case, so {@link #key()} is the lower-case form; the parts keep the
 * spelling of the id as exported.
 *
 * @param type the resource type with its namespace, e.g. {@code Microsoft.Network/virtualNetworks/subnets}
 * @param names the names along the type path: the resource's, then each child's
 */
public record AzureId(String text, String subscription, String resourceGroup, String type, List<String> names) {

    public AzureId {
        names = List.copyOf(names);
    }

    /** Parses an id; empty when it is not a resource id of a resource group. */
    public static Optional<AzureId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] parts = trimmed.split("/", -1);
        // "", subscriptions, S, resourceGroups, G, providers, NS, type, name, then (childType, childName)*
        if (parts.length < 9 || (parts.length - 9) % 2 != 0 || !parts[0].isEmpty()
                || !parts[1].equalsIgnoreCase("subscriptions") || !parts[3].equalsIgnoreCase("resourceGroups")
                || !parts[5].equalsIgnoreCase("providers")) {
            return Optional.empty();
        }
        StringBuilder type = new StringBuilder(parts[6]);
        List<String> names = new ArrayList<>();
        for (int i = 7; i < parts.length; i += 2) {
            type.append('/').append(parts[i]);
            names.add(parts[i + 1]);
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new AzureId(trimmed, parts[2], parts[4], type.toString(), names));
    }

    /** The id as Azure compares it: case-insensitively. */
    public String key() {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The last name: the resource's own (a subnet's for a subnet id). */
    public String name() {
        return names.get(names.size() - 1);
    }

    public boolean isType(String fullType) {
        return type.equalsIgnoreCase(fullType);
    }

    /** The id of the top-level resource (for a subnet id: its virtual network's). */
    public AzureId topLevel() {
        if (names.size() == 1) {
            return this;
        }
        String[] typeParts = type.split("/");
        String top = "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/"
                + typeParts[0] + "/" + typeParts[1] + "/" + names.get(0);
        return new AzureId(top, subscription, resourceGroup, typeParts[0] + "/" + typeParts[1], List.of(names.get(0)));
    }

    /**
     * The name the model gives the top-level resource: {@code name@resourceGroup@subscription}. Names repeat across
     * resource groups and subscriptions, so the plain name would merge or hide resources; '@' appears in no Azure
     * resource, resource group or subscription name, so the form is unambiguous, and it keeps {@code /} free for
     * {@code vnet/subnet} and {@code nsg/rule}.
     */
    public String modelName() {
        return qualified(names.get(0));
    }

    /** {@code base@resourceGroup@subscription} for a name derived from this resource (a scale set's NIC). */
    public String qualified(String base) {
        return base + "@" + resourceGroup + "@" + subscription;
    }
}
