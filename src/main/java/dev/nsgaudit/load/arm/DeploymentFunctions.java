package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.OptionalInt;

import static dev.nsgaudit.load.arm.ArmValues.number;

/**
 * parameters, variables, copyIndex, and the objects that describe the deployment: deployment(), environment()
 * (global Azure, as documented), resourceGroup(), subscription(), tenant(). Properties not known offline are
 * markers inside those objects, so reading them is unresolved while the known ones (ids, names) work.
 */
final class DeploymentFunctions {

    private DeploymentFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("parameters", 1, 1, a -> a.frame().names.parameter(a.string(0), a.frame()));
        r.add("variables", 1, 1, a -> a.frame().names.variable(a.string(0), a.frame()));
        r.add("copyIndex", 0, 2, DeploymentFunctions::copyIndex);
        r.add("deployment", 0, 0, DeploymentFunctions::deployment);
        r.add("environment", 0, 0, a -> environment());
        r.add("resourceGroup", 0, 0, DeploymentFunctions::resourceGroup);
        r.add("subscription", 0, 0, DeploymentFunctions::subscription);
        r.add("tenant", 0, 0, DeploymentFunctions::tenant);
        r.add("deployer", 0, 0, a -> {
            throw a.unresolved("the identity that runs the deployment is not known offline");
        });
        r.add("managementGroup", 0, 0, a -> {
            throw a.unresolved("the management group of the deployment is not known offline");
        });
    }

    private static JsonNode copyIndex(Args a) {
        String name = null;
        long offset = 0;
        if (a.count() >= 1 && a.deep(0).isTextual()) {
            name = a.string(0);
            offset = a.count() == 2 ? a.integer(1) : 0;
        } else if (a.count() == 1) {
            offset = a.integer(0);
        } else if (a.count() == 2) {
            throw a.typeError(0, "a String (the loop name)", a.deep(0));
        }
        OptionalInt index = name == null ? a.frame().copy.current() : a.frame().copy.index(name);
        if (index.isEmpty()) {
            throw a.error(name == null ? "copyIndex() is used outside a copy loop"
                    : "copyIndex('" + name + "') is used outside the copy loop named '" + name + "'");
        }
        return number(index.getAsInt() + offset);
    }

    private static JsonNode deployment(Args a) {
        TemplateScope scope = a.frame().template();
        DeploymentContext c = scope.context();
        ObjectNode out = ArmValues.object();
        out.put("name", c.deploymentName());
        ObjectNode properties = out.putObject("properties");
        ObjectNode link = properties.putObject("templateLink");
        link.set("uri", c.templateUri() != null ? ArmValues.text(c.templateUri())
                : Unresolved.node("deployment().properties.templateLink.uri",
                "the URI the template is deployed from is not known offline"));
        properties.set("template", scope.template());
        properties.set("templateHash", Unresolved.node("deployment().properties.templateHash",
                "the template hash is computed by Azure at deployment"));
        properties.putObject("parameters");
        properties.put("mode", "Incremental");
        properties.put("provisioningState", "Accepted");
        return out;
    }

    private static JsonNode resourceGroup(Args a) {
        DeploymentContext c = a.frame().template().context();
        ObjectNode out = ArmValues.object();
        out.put("id", c.resourceGroupId());
        out.put("name", c.resourceGroupName());
        out.put("type", "Microsoft.Resources/resourceGroups");
        out.set("location", c.location() != null ? ArmValues.text(c.location())
                : Unresolved.node("resourceGroup().location",
                "the location of the resource group is not known offline"));
        out.set("tags", Unresolved.node("resourceGroup().tags",
                "the tags of the resource group are not known offline"));
        out.putObject("properties").put("provisioningState", "Succeeded");
        return out;
    }

    private static JsonNode subscription(Args a) {
        DeploymentContext c = a.frame().template().context();
        ObjectNode out = ArmValues.object();
        out.put("id", "/subscriptions/" + c.subscriptionId());
        out.put("subscriptionId", c.subscriptionId());
        out.set("tenantId", tenantId(c, "subscription().tenantId"));
        out.set("displayName", Unresolved.node("subscription().displayName",
                "the display name of the subscription is not known offline"));
        return out;
    }

    private static JsonNode tenant(Args a) {
        DeploymentContext c = a.frame().template().context();
        ObjectNode out = ArmValues.object();
        out.set("countryCode", Unresolved.node("tenant().countryCode", "the tenant is not known offline"));
        out.set("displayName", Unresolved.node("tenant().displayName", "the tenant is not known offline"));
        out.set("id", c.tenantId() != null ? ArmValues.text("/tenants/" + c.tenantId())
                : Unresolved.node("tenant().id", "the tenant id is not known offline"));
        out.set("tenantId", tenantId(c, "tenant().tenantId"));
        return out;
    }

    private static JsonNode tenantId(DeploymentContext c, String what) {
        return c.tenantId() != null ? ArmValues.text(c.tenantId())
                : Unresolved.node(what, "the tenant id is not known offline");
    }

    /** environment() for global Azure (AzureCloud), as documented. */
    static JsonNode environment() {
        ObjectNode out = ArmValues.object();
        out.put("name", "AzureCloud");
        out.put("gallery", "https://gallery.azure.com/");
        out.put("graph", "https://graph.windows.net/");
        out.put("portal", "https://portal.azure.com");
        out.put("graphAudience", "https://graph.windows.net/");
        out.put("activeDirectoryDataLake", "https://datalake.azure.net/");
        out.put("batch", "https://batch.core.windows.net/");
        out.put("media", "https://rest.media.azure.net");
        out.put("sqlManagement", "https://management.core.windows.net:8443/");
        out.put("vmImageAliasDoc", "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/"
                + "arm-compute/quickstart-templates/aliases.json");
        out.put("resourceManager", "https://management.azure.com/");
        ObjectNode auth = out.putObject("authentication");
        auth.put("loginEndpoint", "https://login.microsoftonline.com/");
        auth.putArray("audiences").add("https://management.core.windows.net/").add("https://management.azure.com/");
        auth.put("tenant", "common");
        auth.put("identityProvider", "AAD");
        ObjectNode suffixes = out.putObject("suffixes");
        suffixes.put("acrLoginServer", ".azurecr.io");
        suffixes.put("azureDatalakeAnalyticsCatalogAndJob", "azuredatalakeanalytics.net");
        suffixes.put("azureDatalakeStoreFileSystem", "azuredatalakestore.net");
        suffixes.put("azureFrontDoorEndpointSuffix", "azurefd.net");
        suffixes.put("keyvaultDns", ".vault.azure.net");
        suffixes.put("sqlServerHostname", ".database.windows.net");
        suffixes.put("storage", "core.windows.net");
        return out;
    }
}
