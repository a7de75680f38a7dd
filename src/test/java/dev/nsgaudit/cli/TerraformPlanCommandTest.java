package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command on Terraform plan JSON (issue 13, part 2), end to end on the hand-written fixtures. */
class TerraformPlanCommandTest {

    static final String CREATE_ALL = "src/test/resources/terraform/create-all/plan.json";
    static final String SSH_OPEN = "src/test/resources/terraform/ssh-open/plan.json";
    static final String UNKNOWN_PREFIX = "src/test/resources/terraform/unknown-prefix/plan.json";

    @TempDir
    Path tmp;

    @Test
    void showPrintsThePlannedModelAndItLoadsBack() throws IOException {
        Cli.Run run = Cli.run("show", CREATE_ALL);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("name: nic-web-1", "subnet: vnet-app/web", "networkSecurityGroup: nsg-web",
                "definedAt: " + CREATE_ALL + "#module.nsg.azurerm_network_security_group.this");
        Path yaml = tmp.resolve("model.yaml");
        Files.writeString(yaml, run.out());
        Cli.Run again = Cli.run("show", yaml.toString());
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo(run.out());
        assertThat(Cli.run("show", CREATE_ALL).out()).isEqualTo(run.out()); // the same input gives the same bytes
    }

    @Test
    void aPlanThatIsNotJsonIsOneLineWithItsPositionAndExit2() throws IOException {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\n  \"format_version\": \"1.2\",\n  \"planned_values\": {\"root_module\": [}\n}\n");
        Cli.Run run = Cli.run("show", plan.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().startsWith(plan + ":3:").contains("error [input-error]")
                .doesNotContain("Exception");
        Cli.Run diff = Cli.run("diff", plan.toString());
        assertThat(diff.code()).as(diff.toString()).isEqualTo(2);
        assertThat(diff.err()).contains("base: " + plan + ":3:").contains("head: " + plan + ":3:");
    }

    @Test
    void verifyAnswersFromThePlannedRules() {
        Cli.Run http = Cli.run("verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.10.1.4:80", "--remote", "198.51.100.7:50000", CREATE_ALL);
        assertThat(http.code()).as(http.toString()).isZero();
        assertThat(http.out()).contains("\"access\":\"Allow\"", "securityRules/Allow-HTTP-Internet",
                "\"appliedTo\":\"subnet:vnet-app/web\"");
        // the source ASG of the SQL rule was known only after apply: resolved through the configuration
        Cli.Run sql = Cli.run("verify", "--nic", "nic-db-1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.10.2.4:1433", "--remote", "10.10.1.4:50000", CREATE_ALL);
        assertThat(sql.out()).as(sql.toString()).contains("\"access\":\"Allow\"", "securityRules/Allow-SQL-From-Web");
        Cli.Run unknown = Cli.run("verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.10.1.4:443", "--remote", "198.51.100.7:50000", UNKNOWN_PREFIX);
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.out()).contains("\"access\":\"Inconclusive\"", "azurerm_public_ip.partner.ip_address");
        assertThat(unknown.err()).contains(UNKNOWN_PREFIX + "#azurerm_network_security_rule.partner: error"
                + " [unresolved-value] rule Allow-Partner-HTTPS: sourceAddressPrefix");
    }

    @Test
    void effectiveListsTheSubnetNsgFromTheModuleOutput() {
        Cli.Run run = Cli.run("effective", "--nic", "nic-web-1", CREATE_ALL);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"id\" : \"Microsoft.Network/networkSecurityGroups/nsg-web\"",
                "\"id\" : \"Microsoft.Network/virtualNetworks/vnet-app/subnets/web\"", "securityRules/Allow-SSH-Office");
    }

    @Test
    void checkReportsExposuresAtTheResourceAddress() {
        Cli.Run run = Cli.run("check", "--fail-on", "never", "--check", "internet-exposed-http,internet-exposed-ssh",
                SSH_OPEN);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains(SSH_OPEN + "#azurerm_network_security_rule.ssh: error [internet-exposed-ssh]")
                .contains("[internet-exposed-http]");
        Cli.Run unresolved = Cli.run("check", UNKNOWN_PREFIX);
        assertThat(unresolved.code()).as(unresolved.toString()).isEqualTo(1);
        assertThat(unresolved.out()).contains("[unresolved-value]", "#azurerm_network_security_rule.partner");
    }

    @Test
    void diffOfOnePlanReportsWhatTheApplyNewlyAllows() {
        Cli.Run run = Cli.run("diff", SSH_OPEN);
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .contains("nic:nic-web-1/internal Inbound newly allowed: Tcp from 1.0.0.0/8")
                .contains("port 22; e.g. Tcp 1.0.0.0:0 -> 10.10.1.4:22: before Deny by nsg-web"
                        + " defaultSecurityRules/DenyAllInBound, after Allow by nsg-web securityRules/Allow-SSH-Internet")
                .contains("newly denied: Tcp from 198.51.100.0/24 port * to 10.10.1.4/32 port 3389")
                .contains("change: NSG nsg-web: rule Allow-SSH-Internet added")
                .contains("change: NSG nsg-web: rule Allow-RDP-Office removed")
                .contains("nsgaudit diff: newly allows traffic from the Internet");
    }

    @Test
    void diffOfOnePlanWithAnUnknownSourceSaysMayChange() {
        // The unknown prefix is a new error finding (unresolved-value), as check reports it: the default gate fails
        // on it, so an unknown never passes silently; the packets themselves only "may change", no alarm.
        Cli.Run run = Cli.run("diff", UNKNOWN_PREFIX);
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("new finding: " + UNKNOWN_PREFIX + "#azurerm_network_security_rule.partner:"
                + " error [unresolved-value]");
        Cli.Run flowsOnly = Cli.run("diff", "--fail-on", "internet,allow", UNKNOWN_PREFIX);
        assertThat(flowsOnly.code()).as(flowsOnly.toString()).isZero();
        assertThat(run.out()).contains("nic:nic-web-1/internal Inbound may change: Tcp from")
                .contains("port 443; e.g.")
                .contains("after Inconclusive")
                .contains("change: NSG nsg-web: rule Allow-Partner-HTTPS added")
                .doesNotContain("newly allowed");
        assertThat(run.err()).contains("head: " + UNKNOWN_PREFIX + "#azurerm_network_security_rule.partner: error"
                + " [unresolved-value]");
        // a plan that creates everything: all it allows is new
        Cli.Run created = Cli.run("diff", CREATE_ALL);
        assertThat(created.code()).as(created.toString()).isEqualTo(1);
        assertThat(created.out()).contains("nic:nic-web-1/internal Inbound newly allowed");
    }

    @Test
    void diffWithOneArgumentThatIsNoPlanIsStillAUsageError() {
        Cli.Run run = Cli.run("diff", "examples/three-tier");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("give BASE_PATH and HEAD_PATH");
    }
}
