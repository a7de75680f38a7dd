package dev.nsgaudit.load.azure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource ids taken apart, and the model names made from them. */
class AzureIdTest {

    private static final String SUB = "/subscriptions/11111111-1111-1111-1111-111111111111";

    @Test
    void aSubnetIdHasItsVirtualNetworkAsTopLevel() {
        AzureId id = AzureId.parse(SUB + "/resourceGroups/RG-Prod/providers/Microsoft.Network/virtualNetworks/vnet-prod"
                + "/subnets/web").orElseThrow();
        assertThat(id.type()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
        assertThat(id.names()).containsExactly("vnet-prod", "web");
        assertThat(id.name()).isEqualTo("web");
        assertThat(id.isType("microsoft.network/virtualnetworks/subnets")).isTrue();
        AzureId vnet = id.topLevel();
        assertThat(vnet.key()).isEqualTo(SUB.toLowerCase() + "/resourcegroups/rg-prod/providers/microsoft.network"
                + "/virtualnetworks/vnet-prod");
        assertThat(vnet.modelName()).isEqualTo("vnet-prod@RG-Prod@11111111-1111-1111-1111-111111111111");
        assertThat(id.modelName()).isEqualTo(vnet.modelName());
    }

    @Test
    void idsAreComparedIgnoringCaseAndATrailingSlashIsNoPart() {
        AzureId a = AzureId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg/")
                .orElseThrow();
        AzureId b = AzureId.parse(SUB.toUpperCase() + "/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NETWORK"
                + "/NETWORKSECURITYGROUPS/NSG").orElseThrow();
        assertThat(a.key()).isEqualTo(b.key());
        assertThat(a.name()).isEqualTo("nsg");
    }

    @Test
    void whatIsNotAResourceIdOfAResourceGroupIsRefused() {
        assertThat(AzureId.parse(null)).isEmpty();
        assertThat(AzureId.parse("nsg-web")).isEmpty();
        assertThat(AzureId.parse(SUB + "/resourceGroups/rg")).isEmpty();
        assertThat(AzureId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups")).isEmpty();
        assertThat(AzureId.parse(SUB + "/resourceGroups//providers/Microsoft.Network/networkSecurityGroups/n")).isEmpty();
        assertThat(AzureId.parse(SUB + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets"))
                .isEmpty();
        assertThat(AzureId.parse("subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n"))
                .isEmpty();
    }
}
