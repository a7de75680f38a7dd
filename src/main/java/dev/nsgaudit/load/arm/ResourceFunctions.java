package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.nsgaudit.load.arm.ArmValues.text;
import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/**
 * Resource ids in all their forms, and reference() through the caller's {@link ReferenceResolver}. Functions
 * that read the deployed state of resources (references, pickZones, providers, list*) are unresolved.
 */
final class ResourceFunctions {

    private ResourceFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("resourceId", 2, ANY, ResourceFunctions::resourceId);
        r.add("subscriptionResourceId", 2, ANY, a -> {
            List<String> args = strings(a);
            int type = typeIndex(a, args, 1);
            String sub = type == 1 ? args.get(0) : a.frame().template().context().subscriptionId();
            return text("/subscriptions/" + sub + providerPath(a, args, type));
        });
        r.add("tenantResourceId", 2, ANY, a -> {
            List<String> args = strings(a);
            return text(providerPath(a, args, typeIndex(a, args, 0)));
        });
        r.add("extensionResourceId", 3, ANY, a -> {
            List<String> args = strings(a);
            String base = args.get(0);
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return text(base + providerPath(a, args, 1));
        });
        r.add("managementGroupResourceId", 2, ANY, a -> {
            List<String> args = strings(a);
            int type = typeIndex(a, args, 1);
            if (type == 0) {
                throw a.unresolved("the management group of the deployment is not known offline");
            }
            return text("/providers/Microsoft.Management/managementGroups/" + args.get(0) + providerPath(a, args, type));
        });
        r.add("reference", 1, 3, ResourceFunctions::reference);
        r.add("references", 1, 2, a -> {
            throw a.unresolved("references() reads the deployed state of resources, which is not known offline");
        });
        r.add("pickZones", 3, 5, a -> {
            throw a.unresolved("pickZones() depends on the zones of the region, which are not known offline");
        });
        r.add("providers", 1, 2, a -> {
            throw a.unresolved("providers() reads the resource providers of the subscription, not known offline");
        });
    }

    private static List<String> strings(Args a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.count(); i++) {
            out.add(a.string(i));
        }
        return out;
    }

    /**
     * resourceId([subscriptionId], [resourceGroupName], resourceType, name1, [name2], ...): the resource type is
     * the first argument with a '/' (ids and group names have none), those before it scope the id.
     */
    private static JsonNode resourceId(Args a) {
        List<String> args = strings(a);
        int type = typeIndex(a, args, 2);
        DeploymentContext c = a.frame().template().context();
        String sub = type == 2 ? args.get(0) : c.subscriptionId();
        String group = type >= 1 ? args.get(type - 1) : c.resourceGroupName();
        return text("/subscriptions/" + sub + "/resourceGroups/" + group + providerPath(a, args, type));
    }

    private static int typeIndex(Args a, List<String> args, int maxScopeArgs) {
        for (int i = 0; i < args.size() && i <= maxScopeArgs; i++) {
            if (args.get(i).indexOf('/') > 0) {
                return i;
            }
        }
        throw a.error("no resource type (such as 'Microsoft.Network/networkSecurityGroups') among the first "
                + (maxScopeArgs + 1) + " arguments");
    }

    /** {@code /providers/ns/type1/name1/type2/name2}: one name per type segment after the namespace. */
    private static String providerPath(Args a, List<String> args, int typeAt) {
        String[] type = args.get(typeAt).split("/");
        List<String> names = new ArrayList<>();
        for (String n : args.subList(typeAt + 1, args.size())) {
            for (String part : n.split("/", -1)) {
                names.add(part);
            }
        }
        if (type.length < 2 || names.size() != type.length - 1) {
            throw a.error("resource type '" + args.get(typeAt) + "' needs " + Math.max(1, type.length - 1)
                    + " resource name(s), but " + names.size() + " were given");
        }
        StringBuilder sb = new StringBuilder("/providers/").append(type[0]);
        for (int i = 1; i < type.length; i++) {
            sb.append('/').append(type[i]).append('/').append(names.get(i - 1));
        }
        return sb.toString();
    }

    private static JsonNode reference(Args a) {
        String target = a.string(0);
        String apiVersion = a.count() > 1 ? a.string(1) : null;
        boolean full = a.count() > 2 && a.string(2).equalsIgnoreCase("full");
        Optional<JsonNode> known = a.frame().template().resolver().reference(target, apiVersion, full);
        if (known.isEmpty()) {
            throw a.unresolved("reference() reads the deployed state of '" + target + "', which is not known"
                    + " offline");
        }
        return known.get();
    }
}
