package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, exit codes: 2 only for input that could not be read or used. The input here merely references a
 * virtual network deployed elsewhere (src/test/resources/ci/existing-vnet.json: NIC nic-web behind nsg-web, in
 * subnet vnet-hub/web, which the input does not declare). Every command reports the unresolved value on stderr, and
 * it changes the exit code only through what it makes inconclusive.
 */
class UnresolvedExitCodeTest {

    @TempDir
    Path dir;

    private Path input;

    @BeforeEach
    void copyInput() throws IOException {
        input = Files.createDirectories(dir.resolve("infra"));
        Files.copy(Path.of("src/test/resources/ci/existing-vnet.json"), input.resolve("main.json"));
        Files.createDirectories(input.resolve("policies"));
    }

    private static void reportsTheUnresolvedSubnet(Cli.Run r) {
        assertThat(r.errLines()).as(r.toString()).anySatisfy(l -> assertThat(l)
                .contains("main.json:14:5: error [unresolved-value]").contains("vnet-hub/web"));
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("internal error");
    }

    @Test
    void verifyGivesADefiniteAnswerTheUnresolvedValueCannotChangeWithExitZero() throws IOException {
        // nsg-web on its own: the unknown subnet does not matter to what the NSG decides.
        Cli.Run r = run("verify", "--nsg", "nsg-web", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.5.1.10:443", "--remote", "203.0.113.9:50000", input.toString());
        reportsTheUnresolvedSubnet(r);
        JsonNode answer = Json.MAPPER.readTree(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Allow-Https");
        assertThat(r.code()).as("a definite answer is never exit 2").isZero();
    }

    @Test
    void verifyThroughTheUnknownSubnetIsInconclusiveWithExitOne() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-web", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.5.1.10:443", "--remote", "203.0.113.9:50000", input.toString());
        reportsTheUnresolvedSubnet(r);
        assertThat(Json.MAPPER.readTree(r.out()).get("access").asText()).isEqualTo("Inconclusive");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void showPrintsTheModelWithExitZero() {
        Cli.Run r = run("show", input.toString());
        reportsTheUnresolvedSubnet(r);
        assertThat(r.out()).contains("name: nic-web");
        assertThat(r.code()).isZero();
    }

    @Test
    void effectiveSaysWhatIsNotKnownWithExitOne() {
        Cli.Run r = run("effective", "--nic", "nic-web", input.toString());
        reportsTheUnresolvedSubnet(r);
        assertThat(r.errLines()).contains("nsgaudit effective: the effective rules of nic-web are not fully known:"
                + " NIC nic-web has unresolved values");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void effectiveOfAFullyKnownNicIsExitZero() {
        Cli.Run r = run("effective", "--nic", "nic-web-1", "examples/three-tier");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
    }

    @Test
    void effectiveBehindAnNsgDeployedElsewhereIsExitOne() throws IOException {
        // The subnet names nsg-shared, an 'existing' NSG whose rules the input does not hold.
        Path t = Files.writeString(dir.resolve("existing-nsg.json"), """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "languageVersion": "2.0",
                  "contentVersion": "1.0.0.0",
                  "resources": {
                    "shared": {"type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2023-09-01",
                               "name": "nsg-shared", "existing": true},
                    "vnet": {"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet5",
                      "location": "westeurope", "properties": {"addressSpace": {"addressPrefixes": ["10.5.0.0/16"]},
                      "subnets": [{"name": "app", "properties": {"addressPrefix": "10.5.1.0/24", "networkSecurityGroup":
                        {"id": "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg-shared')]"}}}]}},
                    "nic": {"type": "Microsoft.Network/networkInterfaces", "apiVersion": "2023-09-01", "name": "nic-app",
                      "location": "westeurope", "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {
                        "privateIPAllocationMethod": "Static", "privateIPAddress": "10.5.1.10",
                        "subnet": {"id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet5', 'app')]"}}}]}}
                  }
                }
                """);
        Cli.Run r = run("effective", "--nic", "nic-app", t.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error [unresolved-value]").contains("nsgaudit effective: the effective rules"
                + " of nic-app are not fully known: subnet vnet5/app has unresolved values");
        assertThat(Json.MAPPER.readTree(r.out()).get("value")).as("no NSG is shown as in effect").isEmpty();
    }

    @Test
    void verifyFlowsOnUnreadableInputAnswersNoLine() throws IOException {
        Files.writeString(input.resolve("broken.yaml"), "networkSecurityGroups: [\n");
        Path flows = Files.writeString(dir.resolve("q.jsonl"), "{\"nsg\": \"nsg-web\", \"direction\": \"Inbound\","
                + " \"protocol\": \"TCP\", \"local\": \"10.5.1.10:443\", \"remote\": \"203.0.113.9:50000\"}\n");
        Cli.Run r = run("verify", "--flows", flows.toString(), input.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        Files.delete(input.resolve("broken.yaml"));
        Cli.Run ok = run("verify", "--flows", flows.toString(), input.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).startsWith("{\"line\":1,\"access\":\"Allow\"");
    }

    @Test
    void checkCountsTheUnresolvedValueAsAnErrorFindingNotAsUnreadableInput() {
        Cli.Run r = run("check", input.toString());
        assertThat(r.out()).contains("error [unresolved-value]");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        // It is a finding like the others: a lower --fail-on threshold or a suppression can let it pass.
        assertThat(run("check", input.toString(), "--fail-on", "never").code()).isZero();
    }

    @Test
    void inputThatCannotBeReadIsExitTwoAndVerifyThenGivesNoAnswer() throws IOException {
        Files.writeString(input.resolve("broken.yaml"), "networkSecurityGroups: [\n");
        Cli.Run r = run("verify", "--nsg", "nsg-web", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.5.1.10:443", "--remote", "203.0.113.9:50000", input.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as("no definite answer beside exit 2: the unread file may hold the deciding rule").isEmpty();
        assertThat(r.err()).contains("broken.yaml").contains("[yaml-syntax]")
                .contains("nsgaudit verify: no answer: the input could not be read");
        assertThat(run("show", input.toString()).code()).isEqualTo(2);
        Cli.Run effective = run("effective", "--nic", "nic-web", input.toString());
        assertThat(effective.code()).isEqualTo(2);
        assertThat(effective.out()).isEmpty();
        assertThat(effective.err()).contains("nsgaudit effective: no answer: the input could not be read");
        assertThat(run("check", input.toString()).code()).isEqualTo(2);
    }
}
