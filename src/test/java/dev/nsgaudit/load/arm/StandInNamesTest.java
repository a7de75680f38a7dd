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
 * Names computed from the stand-in deployment context (uniqueString(resourceGroup().id), the placeholder
 * subscription id) are kept, so that references resolve, but marked: {@code derivedFromStandIn} in show (which
 * loads back) and a note in the findings about them.
 */
class StandInNamesTest {

    private static final String TEMPLATE = """
            {
              "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
              "contentVersion": "1.0.0.0",
              "variables": {"suffix": "[substring(subscription().subscriptionId, 0, 4)]"},
              "resources": [
                {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
                 "name": "[concat('nsg-', uniqueString(resourceGroup().id))]", "location": "westeurope",
                 "properties": {"securityRules": [
                   {"name": "Allow-SSH", "properties": {"priority": 100, "direction": "Inbound", "access": "Allow",
                    "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                    "destinationAddressPrefix": "*", "destinationPortRange": "22"}}]}},
                {"type": "Microsoft.Network/applicationSecurityGroups", "apiVersion": "2023-09-01",
                 "name": "[concat('asg-', variables('suffix'))]", "location": "westeurope"},
                {"type": "Microsoft.Network/applicationSecurityGroups", "apiVersion": "2023-09-01",
                 "name": "[concat('asg2-', variables('suffix'))]", "location": "westeurope"},
                {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
                 "name": "nsg-plain", "location": "westeurope"}
              ]
            }
            """;

    @TempDir
    Path dir;

    @Test
    void showMarksComputedNamesAndLoadsThemBack() throws IOException {
        Path t = Files.writeString(dir.resolve("t.json"), TEMPLATE);
        Cli.Run r = Cli.run("show", t.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        String unique = ArmHashes.uniqueString(java.util.List.of("/subscriptions/00000000-0000-0000-0000-000000000000"
                + "/resourceGroups/resource-group"));
        assertThat(r.out()).contains("  - name: nsg-" + unique + "\n    derivedFromStandIn: name computed by"
                + " [concat('nsg-', uniqueString(resourceGroup().id))] from the stand-in deployment context")
                .contains("  - name: asg-0000\n    derivedFromStandIn:")
                .contains("  - name: asg2-0000\n    derivedFromStandIn:")
                .contains("  - name: nsg-plain\n    securityRules: []");
        Path shown = Files.writeString(dir.resolve("shown.yaml"), r.out());
        Cli.Run again = Cli.run("show", shown.toString());
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo(r.out());
    }

    @Test
    void findingsAboutAComputedNameSaySo() throws IOException {
        Path t = Files.writeString(dir.resolve("t.json"), TEMPLATE);
        Path out = dir.resolve("reports");
        // An empty policies/ folder beside the template, so that the repository's own policies/ is not picked up.
        Files.createDirectories(dir.resolve("policies"));
        Cli.Run r = Cli.run("check", t.toString(), "--format", "json", "--out", out.toString(), "--fail-on", "never");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode findings = Json.MAPPER.readTree(out.resolve("nsgaudit.json").toFile()).path("findings");
        int marked = 0;
        for (JsonNode f : findings) {
            String nsg = f.path("networkSecurityGroup").asText("");
            if (nsg.startsWith("nsg-") && !nsg.equals("nsg-plain")) {
                assertThat(f.path("message").asText()).contains("(note: network security group '" + nsg
                        + "': name computed by").contains("the deployed name will differ");
                marked++;
            } else if (nsg.equals("nsg-plain")) {
                assertThat(f.path("message").asText()).doesNotContain("stand-in");
            }
        }
        assertThat(marked).isPositive();
    }
}
