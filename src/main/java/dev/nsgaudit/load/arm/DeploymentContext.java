package dev.nsgaudit.load.arm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deployment knows about where it runs. Offline most of it is unknown: the subscription id, resource group
 * name and deployment name have documented placeholders (so that resource ids and uniqueString() have a stable,
 * clearly fake value), while the tenant, the resource group location and the template URI stay unknown unless
 * given, and expressions that read them are unresolved.
 *
 * @param subscriptionId the subscription id; placeholder {@value #PLACEHOLDER_SUBSCRIPTION}
 * @param resourceGroupName the resource group name; placeholder {@value #PLACEHOLDER_RESOURCE_GROUP}
 * @param deploymentName the deployment name; placeholder {@value #PLACEHOLDER_DEPLOYMENT}
 * @param tenantId the tenant id, or null when unknown
 * @param location the resource group's location, or null when unknown
 * @param templateUri the URI the template was deployed from ({@code deployment().properties.templateLink.uri}),
 *                    or null when unknown
 */
public record DeploymentContext(String subscriptionId, String resourceGroupName, String deploymentName,
                                String tenantId, String location, String templateUri) {

    public static final String PLACEHOLDER_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    public static final String PLACEHOLDER_RESOURCE_GROUP = "resource-group";
    public static final String PLACEHOLDER_DEPLOYMENT = "deployment";

    public DeploymentContext {
        subscriptionId = subscriptionId == null ? PLACEHOLDER_SUBSCRIPTION : subscriptionId;
        resourceGroupName = resourceGroupName == null ? PLACEHOLDER_RESOURCE_GROUP : resourceGroupName;
        deploymentName = deploymentName == null ? PLACEHOLDER_DEPLOYMENT : deploymentName;
    }

    /** Placeholders for the ids, nothing else known. */
    public static DeploymentContext defaults() {
        return new DeploymentContext(null, null, null, null, null, null);
    }

    public DeploymentContext withSubscriptionId(String v) {
        return new DeploymentContext(v, resourceGroupName, deploymentName, tenantId, location, templateUri);
    }

    public DeploymentContext withResourceGroupName(String v) {
        return new DeploymentContext(subscriptionId, v, deploymentName, tenantId, location, templateUri);
    }

    public DeploymentContext withDeploymentName(String v) {
        return new DeploymentContext(subscriptionId, resourceGroupName, v, tenantId, location, templateUri);
    }

    public DeploymentContext withTenantId(String v) {
        return new DeploymentContext(subscriptionId, resourceGroupName, deploymentName, v, location, templateUri);
    }

    public DeploymentContext withLocation(String v) {
        return new DeploymentContext(subscriptionId, resourceGroupName, deploymentName, tenantId, v, templateUri);
    }

    public DeploymentContext withTemplateUri(String v) {
        return new DeploymentContext(subscriptionId, resourceGroupName, deploymentName, tenantId, location, v);
    }

    /** The id of the resource group: {@code /subscriptions/{id}/resourceGroups/{name}}. */
    public String resourceGroupId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroupName;
    }

    /** Which of the values are placeholders, for reports that must say what was assumed. */
    public List<String> placeholdersInUse() {
        List<String> out = new ArrayList<>();
        if (subscriptionId.equals(PLACEHOLDER_SUBSCRIPTION)) {
            out.add("subscriptionId=" + PLACEHOLDER_SUBSCRIPTION);
        }
        if (resourceGroupName.equals(PLACEHOLDER_RESOURCE_GROUP)) {
            out.add("resourceGroup=" + PLACEHOLDER_RESOURCE_GROUP);
        }
        if (deploymentName.equals(PLACEHOLDER_DEPLOYMENT)) {
            out.add("deployment=" + PLACEHOLDER_DEPLOYMENT);
        }
        return out;
    }
}
