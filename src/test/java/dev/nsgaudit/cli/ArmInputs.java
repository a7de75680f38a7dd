package dev.nsgaudit.cli;

/**
 * Small ARM templates for {@code check} tests: virtual network {@code vnet1} (10.1.0.0/16) with subnet
 * {@code app} (10.1.1.0/24) behind NSG {@code nsg-app}, whose rule {@code Allow-SSH-Admin} (priority 100) allows
 * TCP 22 from a given source. The parameter {@code adminSource} (a string without default) is there to be used.
 */
final class ArmInputs {

    private ArmInputs() {
    }

    /**
     * The rule inside the NSG's {@code securityRules} property.
     *
     * @param nsgMetadata empty, or a {@code "metadata": {...},} member for the NSG resource
     */
    static String sshFrom(String source, String nsgMetadata) {
        return template(nsg(nsgMetadata, """
                "securityRules": [
                  {"name": "Allow-SSH-Admin",
                   "properties": %s}
                ]""".formatted(sshProperties(source))), "");
    }

    /** Only the NSG (attached to nothing), with the rule inside it. */
    static String unattachedNsg(String source) {
        return """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "parameters": {
                    "adminSource": {"type": "string"}
                  },
                  "resources": [
                    %s
                  ]
                }
                """.formatted(nsg("", """
                "securityRules": [
                  {"name": "Allow-SSH-Admin",
                   "properties": %s}
                ]""".formatted(sshProperties(source))));
    }

    /**
     * The rule as its own resource ({@code Microsoft.Network/networkSecurityGroups/securityRules}).
     *
     * @param ruleMetadata empty, or a {@code "metadata": {...},} member for the rule resource
     */
    static String sshAsChildResource(String source, String ruleMetadata) {
        return template(nsg("", "\"securityRules\": []"), """
                ,
                {
                  "type": "Microsoft.Network/networkSecurityGroups/securityRules",
                  "apiVersion": "2023-04-01",
                  "name": "nsg-app/Allow-SSH-Admin",
                  %s
                  "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]"],
                  "properties": %s
                }""".formatted(ruleMetadata, sshProperties(source)));
    }

    private static String sshProperties(String source) {
        return """
                {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                 "sourceAddressPrefix": "%s", "sourcePortRange": "*",
                 "destinationAddressPrefix": "*", "destinationPortRange": "22"}""".formatted(source);
    }

    private static String nsg(String metadata, String properties) {
        return """
                {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-04-01",
                  "name": "nsg-app",
                  "location": "westeurope",
                  %s
                  "properties": {
                    %s
                  }
                }""".formatted(metadata, properties);
    }

    private static String template(String nsgResource, String moreResources) {
        return """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "parameters": {
                    "adminSource": {"type": "string"}
                  },
                  "resources": [
                    %s,
                    {
                      "type": "Microsoft.Network/virtualNetworks",
                      "apiVersion": "2023-04-01",
                      "name": "vnet1",
                      "location": "westeurope",
                      "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]"],
                      "properties": {
                        "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
                        "subnets": [
                          {"name": "app", "properties": {"addressPrefix": "10.1.1.0/24",
                            "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]"}}}
                        ]
                      }
                    }%s
                  ]
                }
                """.formatted(nsgResource, moreResources);
    }
}
