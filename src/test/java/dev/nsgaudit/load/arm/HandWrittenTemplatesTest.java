package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARM features the corpus lacks or has only in corners, in small hand-written templates: rules as child and
 * top-level resources, languageVersion 2.0 with a copy loop, nested deployments (inner and outer scope), a
 * linked template by relativePath, {@code existing} resources, parameters without values, conditions, copy
 * offsets, parameter files and {@code --parameter}. The expected models are derived from the templates below.
 */
class HandWrittenTemplatesTest {

    private static final String SCHEMA =
            "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n"
                    + "  \"contentVersion\": \"1.0.0.0\",\n";

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, json);
    }

    /** A template: the schema line, then the given members. */
    private static String template(String members) {
        return "{\n  " + SCHEMA + members + "\n}\n";
    }

    private static String rule(String name, int priority, String direction, String access, String protocol,
                               String source, String destinationPort) {
        return "{\"name\": \"" + name + "\", \"properties\": {\"priority\": " + priority + ", \"direction\": \""
                + direction + "\", \"access\": \"" + access + "\", \"protocol\": \"" + protocol
                + "\", \"sourceAddressPrefix\": \"" + source + "\", \"sourcePortRange\": \"*\","
                + " \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"" + destinationPort + "\"}}";
    }

    private static Cli.Run cli(String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit")
                .doesNotContain("internal error");
        return r;
    }

    private static JsonNode verify(String nic, String protocol, String local, String remote, String path)
            throws IOException {
        Cli.Run r = cli("verify", "--nic", nic, "--direction", "Inbound", "--protocol", protocol, "--local", local,
                "--remote", remote, path);
        assertThat(r.outLines()).as(r.toString()).hasSize(1);
        return Json.MAPPER.readTree(r.out());
    }

    // ---- rules as resources ----------------------------------------------------------------------------------

    private static final String CHILD_AND_TOP_LEVEL_RULES = template("""
              "parameters": {"nsgName": {"type": "string", "defaultValue": "nsg-child"}},
              "resources": [
                {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-09-01",
                  "name": "[parameters('nsgName')]",
                  "location": "westeurope",
                  "properties": {"securityRules": [%s]},
                  "resources": [
                    {
                      "type": "securityRules",
                      "apiVersion": "2023-09-01",
                      "name": "child-ssh",
                      "dependsOn": ["[parameters('nsgName')]"],
                      "properties": {"priority": 200, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                        "sourceAddressPrefix": "10.1.0.0/16", "sourcePortRange": "*",
                        "destinationAddressPrefix": "*", "destinationPortRange": "22"}
                    }
                  ]
                },
                {
                  "type": "Microsoft.Network/networkSecurityGroups/securityRules",
                  "apiVersion": "2023-09-01",
                  "name": "[format('{0}/{1}', parameters('nsgName'), 'top-deny')]",
                  "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups', parameters('nsgName'))]"],
                  "properties": {"priority": 4000, "direction": "Inbound", "access": "Deny", "protocol": "*",
                    "sourceAddressPrefix": "*", "sourcePortRange": "*",
                    "destinationAddressPrefix": "*", "destinationPortRange": "*"}
                },
                {
                  "type": "Microsoft.Network/networkSecurityGroups/securityRules",
                  "apiVersion": "2023-09-01",
                  "name": "[concat(parameters('nsgName'), '/top-loop-', copyIndex(10))]",
                  "copy": {"name": "ruleLoop", "count": 2},
                  "properties": {"priority": "[add(300, copyIndex())]", "direction": "Outbound", "access": "Deny",
                    "protocol": "Udp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                    "destinationAddressPrefix": "Internet", "destinationPortRange": "[string(add(5000, copyIndex()))]"}
                }
              ]""".formatted(rule("inline-https", 100, "Inbound", "Allow", "Tcp", "Internet", "443")));

    @Test
    void rulesAsChildResourcesAndAsTopLevelResourcesJoinTheirNsg() throws IOException {
        // Inline rule first, then the nested child (type 'securityRules' inside the NSG: the full type and the name
        // nsg-child/child-ssh come from the parent), then the top-level rule resources in declaration order; the
        // copied rule resource gets names top-loop-10/11 (copyIndex(10)) and priorities 300/301 (copyIndex()).
        Path t = write("azuredeploy.json", CHILD_AND_TOP_LEVEL_RULES);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                nsg nsg-child
                  inline-https 100 Inbound Allow Tcp Internet:* -> *:443
                  child-ssh 200 Inbound Allow Tcp 10.1.0.0/16:* -> *:22
                  top-deny 4000 Inbound Deny * *:* -> *:*
                  top-loop-10 300 Outbound Deny Udp *:* -> Internet:5000
                  top-loop-11 301 Outbound Deny Udp *:* -> Internet:5001
                """);
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aRuleResourceOfAnNsgOutsideTheInputIsReportedNotDropped() throws IOException {
        Path t = write("azuredeploy.json", template("""
                  "resources": [
                    {
                      "type": "Microsoft.Network/networkSecurityGroups/securityRules",
                      "apiVersion": "2023-09-01",
                      "name": "nsg-elsewhere/allow-rdp",
                      "properties": {"priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                        "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "*",
                        "destinationPortRange": "3389"}
                    }
                  ]"""));
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).as(r.toString()).isZero(); // unresolved values are reported, not exit 2
        assertThat(r.errLines()).singleElement().asString().contains(":5:3: error [unresolved-value]")
                .contains("'nsg-elsewhere/allow-rdp'").contains("not declared in the input");
    }

    // ---- languageVersion 2.0 ---------------------------------------------------------------------------------

    @Test
    void languageVersion2WithSymbolicNamesAndACopyLoop() throws IOException {
        // Resources keyed by symbolic name. The NSG resource loop makes nsg-web-1 and nsg-web-2 (copyIndex(1)); each
        // has a property copy over the ports with priorities copyIndex('securityRules', 100) = 100, 101, 102 and a
        // source prefix from the resource loop index (copyIndex() = 0 or 1). The VNet names nsg-web-2 by resourceId,
        // the NIC finds its subnet through reference('vnet') (the symbolic name) .subnets[0].id.
        Path t = write("main.json", """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "languageVersion": "2.0",
                  "contentVersion": "1.0.0.0",
                  "parameters": {"ports": {"type": "array", "defaultValue": ["80", "443", "8443"]}},
                  "resources": {
                    "webNsg": {
                      "type": "Microsoft.Network/networkSecurityGroups",
                      "apiVersion": "2023-09-01",
                      "name": "[format('nsg-web-{0}', copyIndex(1))]",
                      "location": "westeurope",
                      "copy": {"name": "nsgLoop", "count": 2},
                      "properties": {
                        "copy": [{
                          "name": "securityRules",
                          "count": "[length(parameters('ports'))]",
                          "input": {
                            "name": "[format('allow-{0}', parameters('ports')[copyIndex('securityRules')])]",
                            "properties": {
                              "priority": "[copyIndex('securityRules', 100)]",
                              "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
                              "sourceAddressPrefix": "[format('10.{0}.0.0/16', copyIndex())]", "sourcePortRange": "*",
                              "destinationAddressPrefix": "*",
                              "destinationPortRange": "[parameters('ports')[copyIndex('securityRules')]]"
                            }
                          }
                        }]
                      }
                    },
                    "vnet": {
                      "type": "Microsoft.Network/virtualNetworks",
                      "apiVersion": "2023-09-01",
                      "name": "vnet2",
                      "location": "westeurope",
                      "dependsOn": ["webNsg"],
                      "properties": {
                        "addressSpace": {"addressPrefixes": ["10.9.0.0/16"]},
                        "subnets": [{"name": "web", "properties": {"addressPrefix": "10.9.1.0/24",
                          "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-web-2')]"}}}]
                      }
                    },
                    "nic": {
                      "type": "Microsoft.Network/networkInterfaces",
                      "apiVersion": "2023-09-01",
                      "name": "nic-web",
                      "location": "westeurope",
                      "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                        "privateIPAllocationMethod": "Static", "privateIPAddress": "10.9.1.10",
                        "subnet": {"id": "[reference('vnet').subnets[0].id]"}}}]}
                    }
                  }
                }
                """);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                vnet vnet2 space=[10.9.0.0/16]
                  subnet web 10.9.1.0/24 nsg=nsg-web-2
                nic nic-web
                  ip ipconfig1 subnet=vnet2/web 10.9.1.10
                nsg nsg-web-1
                  allow-80 100 Inbound Allow Tcp 10.0.0.0/16:* -> *:80
                  allow-443 101 Inbound Allow Tcp 10.0.0.0/16:* -> *:443
                  allow-8443 102 Inbound Allow Tcp 10.0.0.0/16:* -> *:8443
                nsg nsg-web-2
                  allow-80 100 Inbound Allow Tcp 10.1.0.0/16:* -> *:80
                  allow-443 101 Inbound Allow Tcp 10.1.0.0/16:* -> *:443
                  allow-8443 102 Inbound Allow Tcp 10.1.0.0/16:* -> *:8443
                """);
    }

    // ---- nested and linked deployments -------------------------------------------------------------------------

    @Test
    void nestedDeploymentsWithInnerAndOuterScope() throws IOException {
        // Inner scope: the nested template sees only what is passed (nsgName = 'main-inner', port 8080) and its own
        // defaults (prefix 'nested-default'), never the outer parameter 'prefix'. Outer scope (the default when
        // expressionEvaluationOptions is absent): the nested template's expressions read the outer template's
        // parameters and variables (prefix 'main', variables('suffix') 'outer').
        Path t = write("azuredeploy.json", template("""
                  "parameters": {"prefix": {"type": "string", "defaultValue": "main"}},
                  "variables": {"suffix": "outer"},
                  "resources": [
                    {
                      "type": "Microsoft.Resources/deployments",
                      "apiVersion": "2022-09-01",
                      "name": "innerScope",
                      "properties": {
                        "expressionEvaluationOptions": {"scope": "inner"},
                        "mode": "Incremental",
                        "parameters": {
                          "nsgName": {"value": "[concat(parameters('prefix'), '-inner')]"},
                          "port": {"value": 8080}
                        },
                        "template": {
                          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                          "contentVersion": "1.0.0.0",
                          "parameters": {
                            "nsgName": {"type": "string"},
                            "port": {"type": "int"},
                            "prefix": {"type": "string", "defaultValue": "nested-default"}
                          },
                          "resources": [{
                            "type": "Microsoft.Network/networkSecurityGroups",
                            "apiVersion": "2023-09-01",
                            "name": "[parameters('nsgName')]",
                            "location": "westeurope",
                            "properties": {"securityRules": [{"name": "[concat(parameters('prefix'), '-rule')]",
                              "properties": {"priority": 100, "direction": "Inbound", "access": "Allow",
                                "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                                "destinationAddressPrefix": "*", "destinationPortRange": "[string(parameters('port'))]"}}]}
                          }]
                        }
                      }
                    },
                    {
                      "type": "Microsoft.Resources/deployments",
                      "apiVersion": "2022-09-01",
                      "name": "outerScope",
                      "properties": {
                        "mode": "Incremental",
                        "template": {
                          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                          "contentVersion": "1.0.0.0",
                          "resources": [{
                            "type": "Microsoft.Network/networkSecurityGroups",
                            "apiVersion": "2023-09-01",
                            "name": "[concat(parameters('prefix'), '-', variables('suffix'))]",
                            "location": "westeurope",
                            "properties": {"securityRules": [%s]}
                          }]
                        }
                      }
                    }
                  ]""".formatted(rule("outer-rule", 110, "Outbound", "Deny", "*", "*", "*"))));
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                nsg main-inner
                  nested-default-rule 100 Inbound Allow Tcp *:* -> *:8080
                nsg main-outer
                  outer-rule 110 Outbound Deny * *:* -> *:*
                """);
    }

    @Test
    void aTemplateLinkedByRelativePathIsLoadedThroughTheLinkOnly() throws IOException {
        // main.json links nested/nsg.json by relativePath and passes name and port. nested/nsg.json has no default for
        // 'name'; it is in the folder given to show but is a part, not a deployment of its own: only linked-nsg.
        write("main.json", template("""
                  "resources": [{
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "linked",
                    "properties": {
                      "mode": "Incremental",
                      "templateLink": {"relativePath": "nested/nsg.json"},
                      "parameters": {"name": {"value": "linked-nsg"}, "port": {"value": "1433"}}
                    }
                  }]"""));
        write("nested/nsg.json", template("""
                  "parameters": {"name": {"type": "string"}, "port": {"type": "string", "defaultValue": "80"}},
                  "resources": [{
                    "type": "Microsoft.Network/networkSecurityGroups",
                    "apiVersion": "2023-09-01",
                    "name": "[parameters('name')]",
                    "location": "westeurope",
                    "properties": {"securityRules": [{"name": "sql", "properties": {"priority": 100,
                      "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "VirtualNetwork",
                      "sourcePortRange": "*", "destinationAddressPrefix": "*",
                      "destinationPortRange": "[parameters('port')]"}}]}
                  }]"""));
        Cli.Run r = cli("show", dir.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(ShowSummary.of(dir.toString())).isEqualTo("""
                nsg linked-nsg
                  sql 100 Inbound Allow Tcp VirtualNetwork:* -> *:1433
                """);
        // Positions are those of the linked file: the NSG object opens at line 5, column 15, its rule at 10:36.
        assertThat(r.out()).contains("definedAt: " + dir.resolve("nested/nsg.json") + ":5:15\n")
                .contains("definedAt: " + dir.resolve("nested/nsg.json") + ":10:36\n");
    }

    @Test
    void aLinkedTemplateThatIsNotInTheInputIsReported() throws IOException {
        Path t = write("main.json", template("""
                  "resources": [{
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "missing",
                    "properties": {"mode": "Incremental", "templateLink": {"relativePath": "nested/absent.json"}}
                  }]"""));
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).as(r.toString()).isZero(); // unresolved values are reported, not exit 2
        assertThat(r.errLines()).singleElement().asString().contains("main.json:4:15: error [unresolved-value]")
                .contains("deployment 'missing' links to template").contains("absent.json")
                .contains("not in the input");
    }

    // ---- what is not known offline -----------------------------------------------------------------------------

    private static final String EXISTING_NSG = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "languageVersion": "2.0",
              "contentVersion": "1.0.0.0",
              "resources": {
                "shared": {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-09-01",
                  "name": "nsg-shared",
                  "existing": true
                },
                "vnet": {
                  "type": "Microsoft.Network/virtualNetworks",
                  "apiVersion": "2023-09-01",
                  "name": "vnet5",
                  "location": "westeurope",
                  "properties": {
                    "addressSpace": {"addressPrefixes": ["10.5.0.0/16"]},
                    "subnets": [{"name": "app", "properties": {"addressPrefix": "10.5.1.0/24",
                      "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-shared')]"}}}]
                  }
                },
                "nic": {
                  "type": "Microsoft.Network/networkInterfaces",
                  "apiVersion": "2023-09-01",
                  "name": "nic-app",
                  "location": "westeurope",
                  "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                    "privateIPAllocationMethod": "Static", "privateIPAddress": "10.5.1.10",
                    "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet5', 'app')]"}}}]}
                }
              }
            }
            """;

    @Test
    void anExistingNsgOnASubnetIsUnresolvedAndMakesVerifyInconclusive() throws IOException {
        // 'existing' declares nothing: nsg-shared is deployed elsewhere and its rules are unknown. The subnet keeps
        // the name it was given and says why it cannot be used.
        Path t = write("main.json", EXISTING_NSG);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                vnet vnet5 space=[10.5.0.0/16]
                  subnet app 10.5.1.0/24 nsg=nsg-shared
                  ? networkSecurityGroup (/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resource-group/providers/Microsoft.Network/networkSecurityGroups/nsg-shared)
                nic nic-app
                  ip ipconfig1 subnet=vnet5/app 10.5.1.10
                """);
        Cli.Run shown = cli("show", t.toString());
        assertThat(shown.code()).isZero(); // unresolved values are reported, not exit 2
        assertThat(shown.errLines()).singleElement().asString().contains("error [unresolved-value] subnet vnet5/app")
                .contains("'nsg-shared', which is not declared in the input");

        for (String port : new String[] {"22", "443", "3389"}) {
            JsonNode answer = verify("nic-app", "TCP", "10.5.1.10:" + port, "203.0.113.9:50000", t.toString());
            assertThat(answer.get("access").asText()).as(answer.toString()).isEqualTo("Inconclusive");
            assertThat(answer.has("ruleName")).isFalse();
            assertThat(answer.get("reasons").toString()).contains("NSG of subnet vnet5/app is not known");
        }
    }

    private static final String PARAMETER_WITHOUT_VALUE = template("""
              "parameters": {"adminSource": {"type": "string"}},
              "resources": [
                {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-09-01",
                  "name": "nsg-admin",
                  "location": "westeurope",
                  "properties": {"securityRules": [
                    {"name": "ssh-from-admins", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow",
                      "protocol": "Tcp", "sourceAddressPrefix": "[parameters('adminSource')]", "sourcePortRange": "*",
                      "destinationAddressPrefix": "*", "destinationPortRange": "22"}},
                    %s
                  ]}
                },
                {
                  "type": "Microsoft.Network/virtualNetworks",
                  "apiVersion": "2023-09-01",
                  "name": "vnet6",
                  "location": "westeurope",
                  "properties": {"addressSpace": {"addressPrefixes": ["10.6.0.0/16"]},
                    "subnets": [{"name": "admin", "properties": {"addressPrefix": "10.6.1.0/24",
                      "networkSecurityGroup": {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-admin')]"}}}]}
                },
                {
                  "type": "Microsoft.Network/networkInterfaces",
                  "apiVersion": "2023-09-01",
                  "name": "nic-admin",
                  "location": "westeurope",
                  "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                    "privateIPAllocationMethod": "Static", "privateIPAddress": "10.6.1.4",
                    "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet6', 'admin')]"}}}]}
                }
              ]""".formatted(rule("https", 200, "Inbound", "Allow", "Tcp", "*", "443")));

    @Test
    void aRulePrefixFromAParameterWithoutValueIsUnresolvedAndOnlyTheFlowsItMayDecideAreInconclusive()
            throws IOException {
        Path t = write("azuredeploy.json", PARAMETER_WITHOUT_VALUE);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                vnet vnet6 space=[10.6.0.0/16]
                  subnet admin 10.6.1.0/24 nsg=nsg-admin
                nic nic-admin
                  ip ipconfig1 subnet=vnet6/admin 10.6.1.4
                nsg nsg-admin
                  ssh-from-admins 100 Inbound Allow Tcp ?([parameters('adminSource')]):* -> *:22
                  https 200 Inbound Allow Tcp *:* -> *:443
                """);
        Cli.Run shown = cli("show", t.toString());
        assertThat(shown.code()).isZero(); // unresolved values are reported, not exit 2
        assertThat(shown.errLines()).singleElement().asString().contains("error [unresolved-value] rule ssh-from-admins")
                .contains("sourceAddressPrefix").contains("parameter 'adminSource' has no value");

        // SSH: the rule with the unknown source decides it if it matches (Allow), else DenyAllInBound does.
        JsonNode ssh = verify("nic-admin", "TCP", "10.6.1.4:22", "203.0.113.9:50000", t.toString());
        assertThat(ssh.get("access").asText()).as(ssh.toString()).isEqualTo("Inconclusive");
        // HTTPS and UDP cannot match the rule with the unknown source (port 22, Tcp): conclusive answers.
        JsonNode https = verify("nic-admin", "TCP", "10.6.1.4:443", "203.0.113.9:50000", t.toString());
        assertThat(https.get("access").asText()).as(https.toString()).isEqualTo("Allow");
        assertThat(https.get("ruleName").asText()).isEqualTo("securityRules/https");
        JsonNode dns = verify("nic-admin", "UDP", "10.6.1.4:53", "203.0.113.9:50000", t.toString());
        assertThat(dns.get("access").asText()).as(dns.toString()).isEqualTo("Deny");
        assertThat(dns.get("ruleName").asText()).isEqualTo("defaultSecurityRules/DenyAllInBound");

        // Given a value, the same flow is decided.
        Cli.Run given = cli("verify", "--nic", "nic-admin", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.6.1.4:22", "--remote", "203.0.113.9:50000", "--parameter", "adminSource=203.0.113.0/24",
                t.toString());
        assertThat(given.code()).as(given.toString()).isZero();
        assertThat(Json.MAPPER.readTree(given.out()).get("ruleName").asText()).isEqualTo("securityRules/ssh-from-admins");
    }

    private static final String CONDITIONS = template("""
              "parameters": {
                "deployExtra": {"type": "bool", "defaultValue": false},
                "mode": {"type": "string"}
              },
              "resources": [
                {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-always",
                 "location": "westeurope"},
                {"condition": "[parameters('deployExtra')]",
                 "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-extra",
                 "location": "westeurope"},
                {"condition": "[equals(parameters('mode'), 'full')]",
                 "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-maybe",
                 "location": "westeurope"}
              ]""");

    @Test
    void aFalseConditionRemovesTheResourceAndAnUnknownOneKeepsItReported() throws IOException {
        Path t = write("azuredeploy.json", CONDITIONS);
        // deployExtra defaults to false: nsg-extra is absent. mode has no value: nsg-maybe may or may not be deployed,
        // so it is kept and marked.
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                nsg nsg-always
                nsg nsg-maybe
                  ? condition ([equals(parameters('mode'), 'full')])
                """);
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).isZero(); // unresolved values are reported, not exit 2
        assertThat(r.errLines()).singleElement().asString()
                .contains("error [unresolved-value] network security group nsg-maybe: condition cannot be determined")
                .contains("parameter 'mode' has no value");

        assertThat(ShowSummary.of("--parameter", "deployExtra=true", "--parameter", "mode=full", t.toString()))
                .isEqualTo("nsg nsg-always\nnsg nsg-extra\nnsg nsg-maybe\n");
        assertThat(ShowSummary.of("--parameter", "mode=lite", t.toString())).isEqualTo("nsg nsg-always\n");
    }

    private static final String UNKNOWN_COPY_COUNTS = template("""
              "parameters": {"subnetCount": {"type": "int"}, "rules": {"type": "array"}, "ipc": {"type": "object"}},
              "resources": [
                {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-unknown-rules",
                 "location": "westeurope",
                 "properties": {"copy": [{"name": "securityRules", "count": "[length(parameters('rules'))]",
                   "input": {"name": "[parameters('rules')[copyIndex('securityRules')].name]",
                             "properties": "[parameters('rules')[copyIndex('securityRules')].properties]"}}]}},
                {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet7",
                 "location": "westeurope",
                 "properties": {"addressSpace": {"addressPrefixes": ["10.7.0.0/16"]},
                   "copy": [{"name": "subnets", "count": "[parameters('subnetCount')]",
                     "input": {"name": "[format('s{0}', copyIndex('subnets'))]",
                               "properties": {"addressPrefix": "[format('10.7.{0}.0/24', copyIndex('subnets'))]"}}}]}},
                {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic7",
                 "location": "westeurope", "properties": {"ipConfigurations": ["[parameters('ipc')]"]}}
              ]""");

    @Test
    void propertyCopiesWithAnUnknownCountLeaveMarkedListsNotEmptyOnes() throws IOException {
        // No parameter has a value: the rule list, the subnet list and the one IP configuration are unknown. Each list
        // holds a marker in place of its items; nothing reads as "no rules" or "no subnets".
        Path t = write("azuredeploy.json", UNKNOWN_COPY_COUNTS);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                vnet vnet7 space=[10.7.0.0/16]
                  subnet ?(copy 'subnets' count)
                nic nic7
                  ip ?([parameters('ipc')])
                nsg nsg-unknown-rules
                  rule ?(copy 'securityRules' count)
                """);
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).isZero(); // unresolved values are reported, not exit 2
        assertThat(r.errLines()).hasSize(3).allMatch(l -> l.contains("error [unresolved-value]"));
        // The NSG on its own: every flow may be decided by the unknown rules.
        Cli.Run v = cli("verify", "--nsg", "nsg-unknown-rules", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.7.0.4:22", "--remote", "203.0.113.9:50000", t.toString());
        assertThat(Json.MAPPER.readTree(v.out()).get("access").asText()).as(v.toString()).isEqualTo("Inconclusive");
    }

    private static final String UNKNOWN_PROPERTIES = template("""
              "parameters": {"props": {"type": "object"}, "np": {"type": "object"}},
              "resources": [
                {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01", "name": "nsg-p",
                 "location": "westeurope", "properties": "[parameters('props')]"},
                {"type": "Microsoft.Network/networkSecurityGroups/securityRules", "apiVersion": "2023-09-01",
                 "name": "nsg-p/r1", "properties": "[parameters('props')]"},
                {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-p",
                 "location": "westeurope", "properties": {"addressSpace": "[parameters('props')]",
                   "subnets": [{"name": "s1", "properties": "[parameters('props')]"}]}},
                {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic-p",
                 "location": "westeurope", "properties": {"ipConfigurations": [
                   {"name": "ipconfig1", "properties": "[parameters('props')]"}]}},
                {"type": "Microsoft.Compute/virtualMachineScaleSets", "apiVersion": "2023-09-01", "name": "vmss-p",
                 "location": "westeurope", "properties": {"virtualMachineProfile": {"networkProfile": "[parameters('np')]"}}}
              ]""");

    @Test
    void propertiesUnknownAsAWholeMarkWhatTheModelReadsFromThem() throws IOException {
        // An object whose value is unknown hides everything below it: the NSG's rules, the VNet's address
        // prefixes, a subnet's prefix and NSG, an IP configuration's subnet and ASGs, a scale set's NICs. Each is
        // marked, none reads as empty. The rule resource with unknown properties is kept (marked), without the
        // "priority is missing" errors a rule without properties would get.
        Path t = write("azuredeploy.json", UNKNOWN_PROPERTIES);
        assertThat(ShowSummary.of(t.toString())).isEqualTo("""
                vnet vnet-p space=[?([parameters('props')])]
                  subnet s1 ?([parameters('props')]) nsg=?([parameters('props')])
                nic nic-p
                  ip ipconfig1 subnet=?([parameters('props')]) dynamic asgs=[?([parameters('props')])]
                nic vmss-p
                  ip ?([parameters('np')])
                nsg nsg-p
                  r1 - - - - -:- -> -:-
                  ? properties ([parameters('props')])
                  rule ?([parameters('props')])
                """);
        Cli.Run r = cli("show", t.toString());
        assertThat(r.code()).isZero(); // unresolved values are reported, not exit 2
        assertThat(r.errLines()).hasSize(8).allMatch(l -> l.contains("error [unresolved-value]"));
        // The NSG on its own: its rules are unknown, so every answer is.
        Cli.Run v = cli("verify", "--nsg", "nsg-p", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.0.4:22", "--remote", "203.0.113.9:50000", t.toString());
        assertThat(Json.MAPPER.readTree(v.out()).get("access").asText()).as(v.toString()).isEqualTo("Inconclusive");
    }

    // ---- parameters -----------------------------------------------------------------------------------------

    @Test
    void parameterFilesAndCommandLineValuesOverrideInThatOrder() throws IOException {
        // Defaults < the parameter file beside the template < --parameters FILE (instead of the one beside) <
        // --parameter NAME=VALUE.
        Path t = write("azuredeploy.json", template("""
                  "parameters": {
                    "nsgName": {"type": "string", "defaultValue": "from-default"},
                    "port": {"type": "string", "defaultValue": "80"}
                  },
                  "resources": [{
                    "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
                    "name": "[parameters('nsgName')]", "location": "westeurope",
                    "properties": {"securityRules": [{"name": "web", "properties": {"priority": 100,
                      "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*",
                      "sourcePortRange": "*", "destinationAddressPrefix": "*",
                      "destinationPortRange": "[parameters('port')]"}}]}
                  }]"""));
        assertThat(ShowSummary.of(t.toString())).isEqualTo("nsg from-default\n  web 100 Inbound Allow Tcp *:* -> *:80\n");

        String parameters = """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                 "contentVersion": "1.0.0.0", "parameters": {%s}}
                """;
        write("azuredeploy.parameters.json", parameters.formatted(
                "\"nsgName\": {\"value\": \"from-beside\"}, \"port\": {\"value\": \"8080\"}"));
        Path other = write("other/prod.parameters.json", parameters.formatted("\"nsgName\": {\"value\": \"from-file\"}"));

        assertThat(ShowSummary.of(t.toString())).isEqualTo("nsg from-beside\n  web 100 Inbound Allow Tcp *:* -> *:8080\n");
        assertThat(ShowSummary.of("--parameters", other.toString(), t.toString()))
                .isEqualTo("nsg from-file\n  web 100 Inbound Allow Tcp *:* -> *:80\n");
        assertThat(ShowSummary.of("--parameters", other.toString(), "--parameter", "nsgName=from-cli",
                "--parameter", "port=443", t.toString()))
                .isEqualTo("nsg from-cli\n  web 100 Inbound Allow Tcp *:* -> *:443\n");
        assertThat(ShowSummary.of("--parameter", "port=22", t.toString()))
                .isEqualTo("nsg from-beside\n  web 100 Inbound Allow Tcp *:* -> *:22\n");
    }

    // ---- show round trip ------------------------------------------------------------------------------------

    @Test
    void showOfArmInputLoadsBackToTheSameText() throws IOException {
        // Templates with unresolved values (marked in place and at object level) and rule resources: the YAML that
        // show prints, loaded again, prints the same text.
        String[][] cases = {
                {"children.json", CHILD_AND_TOP_LEVEL_RULES},
                {"existing.json", EXISTING_NSG},
                {"parameter.json", PARAMETER_WITHOUT_VALUE},
                {"conditions.json", CONDITIONS},
                {"copies.json", UNKNOWN_COPY_COUNTS},
                {"properties.json", UNKNOWN_PROPERTIES}};
        for (String[] c : cases) {
            Path t = write("roundtrip/" + c[0], c[1]);
            Cli.Run first = cli("show", t.toString());
            Path yaml = write("roundtrip/" + c[0] + ".yaml", first.out());
            Cli.Run second = cli("show", yaml.toString());
            assertThat(second.out()).as(c[0]).isEqualTo(first.out());
            assertThat(second.code()).as(c[0]).isEqualTo(first.code());
            assertThat(second.err()).as(c[0]).doesNotContain("unknown-key").doesNotContain("input-error");
        }
    }
}
