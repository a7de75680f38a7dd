package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/** Findings carry the catalog's default severity, end to end; the config re-rates checks, never input problems. */
class CatalogSeverityTest {

    @TempDir
    Path dir;

    @Test
    void everyFindingHasItsCatalogSeverity() {
        Path in = CheckInput.folder(dir.resolve("in"),
                "net.yaml", subnetNsg(
                        CheckInput.rule("Deny-Scanner", 90, "Deny", "Tcp", "sourceAddressPrefix: 8.8.8.0/24",
                                "destinationPortRange: \"22\""),
                        allowTcp("Allow-SSH", 100, "Internet", "22"),
                        allowTcp("Allow-Office", 100, "10.2.0.5/16", "3389"),
                        CheckInput.rule("Deny-SSH-Partner", 200, "Deny", "Tcp", "sourceAddressPrefix: 8.8.4.0/24",
                                "destinationPortRange: \"22\"")),
                "empty/empty.yaml", "# nothing here\n");
        // The empty file named beside the folder is an input-warning.
        Result r = CheckInput.check(in, "--fail-on", "never", in.resolve("empty/empty.yaml").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        Set<String> severities = new TreeSet<>();
        for (JsonNode f : r.json().path("findings")) {
            String id = f.path("id").asText();
            CatalogRule entry = RuleCatalog.bundled().entry(id).orElseThrow(() -> new AssertionError("no entry " + id));
            assertThat(f.path("severity").asText()).as(id).isEqualTo(entry.severity().label());
            severities.add(f.path("severity").asText());
        }
        assertThat(r.ids()).as(r.toString()).contains("internet-exposed-ssh", "duplicate-priority",
                "non-canonical-prefix", "input-warning", "shadowed-rule", "generalization");
        assertThat(severities).containsExactly("error", "info", "warning");
    }

    @Test
    void theConfigStillReRatesAChecksFindings() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", subnetNsg(allowTcp("Allow-SSH", 100, "Internet",
                "22")));
        Result before = CheckInput.check(in);
        assertThat(before.code()).as(before.toString()).isEqualTo(1);
        assertThat(before.findings("internet-exposed-ssh")).isNotEmpty().allSatisfy(f ->
                assertThat(f.path("severity").asText()).isEqualTo("error"));

        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), "rules:\n  severity: {internet-exposed-ssh: info}\n");
        Result after = CheckInput.check(in, "--config", cfg.toString());
        assertThat(after.findings("internet-exposed-ssh")).isNotEmpty().allSatisfy(f ->
                assertThat(f.path("severity").asText()).isEqualTo("info"));
        assertThat(after.code()).as(after.toString()).isZero();
    }

    @Test
    void aResourceDeclaredAgainInANestedDeploymentIsAnInputWarningNotAnError() {
        Path in = CheckInput.folder(dir.resolve("arm"), "azuredeploy.json", """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "resources": [
                    %s,
                    {
                      "type": "Microsoft.Resources/deployments",
                      "apiVersion": "2022-09-01",
                      "name": "update",
                      "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-app')]"],
                      "properties": {
                        "mode": "Incremental",
                        "template": {
                          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                          "contentVersion": "1.0.0.0",
                          "resources": [%s]
                        }
                      }
                    }
                  ]
                }
                """.formatted(nsg("10.0.0.0/8"), nsg("10.1.0.0/16")));
        Result r = CheckInput.check(in, "--fail-on", "never");
        assertThat(r.code()).as("Azure accepts a resource updated by a later deployment: " + r).isZero();
        assertThat(r.ids()).doesNotContain("duplicate-definition").contains("input-warning");
        assertThat(r.findings("input-warning")).anySatisfy(f -> {
            assertThat(f.path("severity").asText()).isEqualTo("warning");
            assertThat(f.path("message").asText()).contains("is declared again at");
        });
    }

    private static String nsg(String sshSource) {
        return """
                {
                  "type": "Microsoft.Network/networkSecurityGroups",
                  "apiVersion": "2023-04-01",
                  "name": "nsg-app",
                  "location": "westeurope",
                  "properties": {"securityRules": [{"name": "Allow-SSH", "properties": {"priority": 100,
                    "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "%s",
                    "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22"}}]}
                }""".formatted(sshSource);
    }
}
