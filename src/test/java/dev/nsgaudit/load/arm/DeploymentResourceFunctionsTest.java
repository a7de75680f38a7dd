package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static dev.nsgaudit.load.arm.ArmTestSupport.eval;
import static dev.nsgaudit.load.arm.ArmTestSupport.json;
import static dev.nsgaudit.load.arm.ArmTestSupport.scope;
import static dev.nsgaudit.load.arm.ArmTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deployment and resource functions: ids in all forms, context objects, reference() through the resolver. */
class DeploymentResourceFunctionsTest {

    private static final String SUB = DeploymentContext.PLACEHOLDER_SUBSCRIPTION;
    private static final DeploymentContext CTX = DeploymentContext.defaults().withResourceGroupName("examplegroup");

    private static String id(String expression) {
        return eval(scope("{}", Map.of(), CTX), expression).textValue();
    }

    @Test
    void resourceIdInAllItsForms() {
        assertThat(id("[resourceId('Microsoft.Storage/storageAccounts', 'examplestorage')]"))
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/examplegroup/providers/Microsoft.Storage/"
                        + "storageAccounts/examplestorage");
        assertThat(id("[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]"))
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/otherResourceGroup/providers/"
                        + "Microsoft.Storage/storageAccounts/examplestorage");
        assertThat(id("[resourceId('11111111-1111-1111-1111-111111111111', 'otherResourceGroup',"
                + " 'Microsoft.Storage/storageAccounts', 'examplestorage')]"))
                .isEqualTo("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherResourceGroup/"
                        + "providers/Microsoft.Storage/storageAccounts/examplestorage");
        assertThat(id("[resourceId('Microsoft.SQL/servers/databases', 'serverName', 'databaseName')]"))
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/examplegroup/providers/Microsoft.SQL/servers/"
                        + "serverName/databases/databaseName");
        assertThat(id("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/subnet')]"))
                .endsWith("/providers/Microsoft.Network/virtualNetworks/vnet/subnets/subnet");
        assertThatThrownBy(() -> id("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]"))
                .isInstanceOf(ArmExpressionException.class).hasMessageContaining("needs 2 resource name(s)");
    }

    @Test
    void otherScopesOfIds() {
        assertThat(id("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions',"
                + " 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]"))
                .isEqualTo("/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + "acdd72a7-3385-48ef-bd42-f606fba81ae7");
        assertThat(id("[subscriptionResourceId('22222222-2222-2222-2222-222222222222',"
                + " 'Microsoft.Resources/resourceGroups', 'rg1')]"))
                .isEqualTo("/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Resources/"
                        + "resourceGroups/rg1");
        assertThat(id("[tenantResourceId('Microsoft.Authorization/policyDefinitions',"
                + " '0a914e76-4921-4c19-b460-a2d36003525a')]"))
                .isEqualTo("/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a");
        assertThat(id("[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'rgLock')]"))
                .isEqualTo("/subscriptions/" + SUB + "/resourceGroups/examplegroup/providers/Microsoft.Authorization/"
                        + "locks/rgLock");
    }

    @Test
    void contextObjectsKeepUnknownPropertiesUnknown() {
        assertThat(id("[resourceGroup().id]")).isEqualTo("/subscriptions/" + SUB + "/resourceGroups/examplegroup");
        assertThat(id("[resourceGroup().name]")).isEqualTo("examplegroup");
        assertThat(id("[subscription().subscriptionId]")).isEqualTo(SUB);
        assertThatThrownBy(() -> id("[resourceGroup().location]")).isInstanceOf(UnresolvedException.class)
                .hasMessageContaining("location of the resource group is not known offline");
        assertThatThrownBy(() -> id("[subscription().tenantId]")).isInstanceOf(UnresolvedException.class);
        DeploymentContext known = CTX.withLocation("westeurope").withTenantId("t-1");
        assertThat(eval(scope("{}", Map.of(), known), "[resourceGroup().location]").textValue()).isEqualTo("westeurope");
        assertThat(eval(scope("{}", Map.of(), known), "[tenant().id]").textValue()).isEqualTo("/tenants/t-1");
    }

    @Test
    void deploymentAndEnvironment() {
        assertThat(id("[deployment().name]")).isEqualTo(DeploymentContext.PLACEHOLDER_DEPLOYMENT);
        assertThat(id("[deployment().properties.mode]")).isEqualTo("Incremental");
        assertThatThrownBy(() -> id("[uri(deployment().properties.templateLink.uri, 'nested/x.json')]"))
                .isInstanceOf(UnresolvedException.class);
        DeploymentContext linked = CTX.withTemplateUri("https://example.org/t/azuredeploy.json");
        assertThat(eval(scope("{}", Map.of(), linked), "[uri(deployment().properties.templateLink.uri, 'nested/x.json')]")
                .textValue()).isEqualTo("https://example.org/t/nested/x.json");
        assertThat(id("[environment().name]")).isEqualTo("AzureCloud");
        assertThat(id("[environment().suffixes.storage]")).isEqualTo("core.windows.net");
        assertThat(id("[environment().authentication.audiences[1]]")).isEqualTo("https://management.azure.com/");
    }

    @Test
    void aFileUriAsTemplateLinkResolvesLinkedTemplatesLocally() {
        // The mapper can pass the template's own location so that relative templateLink URIs point at local files.
        TemplateScope s = scope("""
                {"parameters": {"_artifactsLocation": {"type": "string",
                                   "defaultValue": "[deployment().properties.templateLink.uri]"},
                                "_artifactsLocationSasToken": {"type": "securestring", "defaultValue": ""}}}""",
                Map.of(), CTX.withTemplateUri("file:///work/corpus/sample/azuredeploy.json"));
        assertThat(eval(s, "[uri(parameters('_artifactsLocation'), concat('nested/nsg.json',"
                + " parameters('_artifactsLocationSasToken')))]").textValue())
                .isEqualTo("file:///work/corpus/sample/nested/nsg.json");
    }

    @Test
    void theListOfBuiltInsIsPublic() {
        assertThat(ArmFunctions.builtIns()).contains("resourceid", "uniquestring", "cidrsubnet", "tryget");
        assertThat(ArmFunctions.isBuiltIn("listSecrets")).isTrue();
        assertThat(ArmFunctions.isBuiltIn("noSuchThing")).isFalse();
    }

    @Test
    void referenceGoesThroughTheResolver() {
        ReferenceResolver resolver = (target, api, full) -> target.equals("vnet1")
                ? Optional.of(json(full ? "{\"properties\": {\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}}"
                : "{\"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}"))
                : Optional.empty();
        TemplateScope s = TemplateScope.of(json("{}"), Map.of(), CTX, resolver);
        assertThat(s.evaluateExpression("[reference('vnet1').addressSpace.addressPrefixes[0]]", CopyContext.NONE)
                .textValue()).isEqualTo("10.0.0.0/16");
        assertThat(s.evaluateExpression("[reference('vnet1', '2023-04-01', 'Full').properties.addressSpace"
                + ".addressPrefixes[0]]", CopyContext.NONE).textValue()).isEqualTo("10.0.0.0/16");
        assertThatThrownBy(() -> s.evaluateExpression("[reference('other').x]", CopyContext.NONE))
                .isInstanceOf(UnresolvedException.class).hasMessageContaining("deployed state of 'other'");
    }

    @Test
    void listFunctionsAndOtherRuntimeStateAreUnresolved() {
        for (String e : new String[] {"[listKeys('sa', '2021-01-01').keys[0].value]", "[listAccountSas('a', 'b', 'c')]",
                "[utcNow()]", "[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]",
                "[references('x')]", "[providers('Microsoft.Web')]", "[deployer().objectId]", "[managementGroup().id]"}) {
            assertThatThrownBy(() -> eval(e)).as(e).isInstanceOf(UnresolvedException.class);
        }
    }

    @Test
    void unknownFunctionsAreErrors() {
        assertThatThrownBy(() -> eval("[noSuchFunction(1)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("unknown function 'noSuchFunction'");
        assertThatThrownBy(() -> eval("[ns.fn(1)]")).isInstanceOf(ArmExpressionException.class)
                .hasMessageContaining("unknown user-defined function");
    }

    @Test
    void functionNamesIgnoreCase() {
        assertThat(text("[TOLOWER(Concat('A', 'B'))]")).isEqualTo("ab");
        JsonNode n = eval("[CreateArray(1)]");
        assertThat(n.size()).isEqualTo(1);
    }
}
