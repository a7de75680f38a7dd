package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.network;
import static dev.nsgaudit.testing.CheckInput.rule;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exposure checks of the catalog where the existing scanners are wrong (shared/reference/peers.md), one
 * case each, through {@code nsgaudit check}: the check works on the addresses, ports, protocols, priorities and
 * layers an NSG really allows, not on how a rule spells them.
 */
class CatalogVersusPeersTest {

    /** Internet as seen from vnet1 (10.1.0.0/16): 2^32 minus the non-public ranges and 168.63.129.16 (D4). */
    private static final String ALL_OF_THE_INTERNET = "3,702,390,783 IPv4 Internet addresses";

    @TempDir
    Path dir;

    private Result check(String yaml, String... more) {
        return CheckInput.check(CheckInput.folder(dir.resolve("in"), "net.yaml", yaml), more);
    }

    /** The SSH exposure of the NIC fires, names the rule and gives an Internet witness on port 22. */
    private static void assertSshExposed(Result r, String ruleName) {
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<JsonNode> ssh = r.findings("internet-exposed-ssh", "nic:vm1");
        assertThat(ssh).as(r.toString()).hasSize(1);
        JsonNode f = ssh.get(0);
        assertThat(f.path("severity").asText()).isEqualTo("error");
        assertThat(f.path("networkSecurityGroup").asText()).isEqualTo("nsg-app");
        assertThat(f.path("rule").asText()).isEqualTo(ruleName);
        assertThat(f.path("message").asText()).startsWith(ALL_OF_THE_INTERNET + " can open Tcp 22 to nic:vm1");
        assertThat(f.path("witness").path("destinationAddress").asText()).isEqualTo("10.1.1.4");
        assertThat(f.path("witness").path("destinationPort").asInt()).isEqualTo(22);
        assertThat(f.path("witness").path("protocol").asText()).isEqualTo("Tcp");
        assertThat(f.path("witness").path("decidedBy").get(0).path("rule").asText())
                .isEqualTo("securityRules/" + ruleName);
    }

    @Test
    void lowerCaseInternetTagIsTheInternet() {
        // KICS and Checkov compare strings: "internet" is caught by them only in lower case, "Internet" not.
        assertSshExposed(check(subnetNsg(allowTcp("SSH", 100, "internet", "22"))), "SSH");
    }

    @Test
    void anyIsEveryAddress() {
        // Checkov: "Any" (capital A) passes.
        assertSshExposed(check(subnetNsg(allowTcp("SSH", 100, "Any", "22"))), "SSH");
    }

    @Test
    void starIsEveryAddress() {
        assertSshExposed(check(subnetNsg(allowTcp("SSH", 100, "\"*\"", "22"))), "SSH");
    }

    @Test
    void zeroSlashZeroIsEveryAddress() {
        // Checkov: "0.0.0.0/0" passes.
        assertSshExposed(check(subnetNsg(allowTcp("SSH", 100, "0.0.0.0/0", "22"))), "SSH");
    }

    @Test
    void twoSlashOnePrefixesAreEveryAddress() {
        // Every string-matching scanner misses the same space written as two halves in the plural field.
        Result r = check(subnetNsg(rule("SSH", 100, "Allow", "Tcp",
                "sourceAddressPrefixes: [0.0.0.0/1, 128.0.0.0/1]", "destinationPortRange: \"22\"")));
        assertSshExposed(r, "SSH");
    }

    @Test
    void portRangeCoveringRdpIsAnRdpExposure() {
        // PSRule compares ports as strings: 3000-4000 does not "equal" 3389.
        Result r = check(subnetNsg(allowTcp("Ops-Range", 100, "Internet", "3000-4000")));
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<JsonNode> rdp = r.findings("internet-exposed-rdp", "nic:vm1");
        assertThat(rdp).as(r.toString()).hasSize(1);
        assertThat(rdp.get(0).path("rule").asText()).isEqualTo("Ops-Range");
        assertThat(rdp.get(0).path("witness").path("destinationPort").asInt()).isEqualTo(3389);
        assertThat(rdp.get(0).path("message").asText()).startsWith(ALL_OF_THE_INTERNET + " can open Tcp 3389");
        assertThat(r.findings("internet-exposed-ssh")).as("22 is outside 3000-4000").isEmpty();
    }

    @Test
    void denyAllAtHigherPriorityStopsTheExposure() {
        // Checkov still fails the Allow at 200 that a Deny-all at 100 makes dead.
        Result r = check(subnetNsg(
                rule("Deny-All", 100, "Deny", "*", "sourceAddressPrefix: \"*\"", "destinationPortRange: \"*\""),
                allowTcp("SSH", 200, "Internet", "22")));
        assertThat(r.findings("internet-exposed-ssh")).as(r.toString()).isEmpty();
        assertThat(r.ids()).as(r.toString()).noneMatch(id -> id.startsWith("internet-exposed-"));
        // What is wrong instead: the Allow can never match.
        List<JsonNode> shadowed = r.findings("shadowed-rule");
        assertThat(shadowed).hasSize(1);
        assertThat(shadowed.get(0).path("rule").asText()).isEqualTo("SSH");
        assertThat(shadowed.get(0).path("relatedRules").toString()).isEqualTo("[\"Deny-All\"]");
    }

    @Test
    void officeAllowListIsNotAnExposure() {
        Result r = check(subnetNsg(allowTcp("SSH-Office", 100, "203.0.113.0/24", "22")));
        assertThat(r.ids()).as(r.toString()).noneMatch(id -> id.startsWith("internet-exposed-"));
        assertThat(r.code()).as("nothing at error level: " + r).isZero();
    }

    @Test
    void exposureThresholdIsMoreThanASlashEight() {
        // Exactly 16,777,216 Internet addresses (11.0.0.0/8) is not more than the default threshold; one more is.
        Result eight = check(subnetNsg(allowTcp("SSH-Partner", 100, "11.0.0.0/8", "22")));
        assertThat(eight.findings("internet-exposed-ssh")).as(eight.toString()).isEmpty();
        Result more = check(subnetNsg(rule("SSH-Partner", 100, "Allow", "Tcp",
                "sourceAddressPrefixes: [11.0.0.0/8, 12.0.0.1/32]", "destinationPortRange: \"22\"")));
        assertThat(more.findings("internet-exposed-ssh", "nic:vm1")).as(more.toString()).hasSize(1);
        assertThat(more.findings("internet-exposed-ssh", "nic:vm1").get(0).path("message").asText())
                .startsWith("16,777,217 IPv4 Internet addresses can open Tcp 22");
    }

    @Test
    void protocolStarCoversTcp() {
        // KICS misses protocol "*"; Checkov's UDP check ignores it.
        Result r = check(subnetNsg(rule("Any-22", 100, "Allow", "*", "sourceAddressPrefix: Internet",
                "destinationPortRange: \"22\"")));
        assertSshExposed(r, "Any-22");
    }

    @Test
    void unresolvedArmParameterAsSourceIsReportedNotPassed() {
        // Checkov substitutes nothing and passes; KICS resolves nothing. Here the rule may open SSH to the whole
        // Internet, and the value that decides it is unknown: both are reported, and check fails.
        Result r = CheckInput.check(CheckInput.folder(dir.resolve("arm"), "azuredeploy.json", ArmInputs.sshFrom(
                "[parameters('adminSource')]", "")));
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<JsonNode> unresolved = r.findings("unresolved-value");
        assertThat(unresolved).as(r.toString()).hasSize(1);
        assertThat(unresolved.get(0).path("severity").asText()).isEqualTo("error");
        assertThat(unresolved.get(0).path("message").asText()).contains("sourceAddressPrefix", "adminSource");
        List<JsonNode> ssh = r.findings("internet-exposed-ssh", "subnet:vnet1/app");
        assertThat(ssh).as(r.toString()).hasSize(1);
        assertThat(ssh.get(0).path("rule").asText()).isEqualTo("Allow-SSH-Admin");
        assertThat(ssh.get(0).path("networkSecurityGroup").asText()).isEqualTo("nsg-app");
        assertThat(ssh.get(0).path("line").asInt()).as("the line of the rule, not unknown").isPositive();
        assertThat(ssh.get(0).path("message").asText())
                .contains("allowed only if this rule with unresolved values matches it: nsg-app securityRules/Allow-SSH-Admin")
                .doesNotContain("null").doesNotContain("DenyAllInBound");
        // SSH and RDP from inside the VNet are open whatever the parameter is (AllowVnetInBound): a sure finding,
        // shown with a packet that is allowed for sure and the rule that allows it.
        List<JsonNode> lateral = r.findings("lateral-movement-management", "subnet:vnet1/app");
        assertThat(lateral).as(r.toString()).hasSize(1);
        assertThat(lateral.get(0).path("message").asText())
                .endsWith("-> 10.1.1.4:22, allowed by nsg-app defaultSecurityRules/AllowVnetInBound");
        assertThat(lateral.get(0).path("rule").asText()).isEqualTo("AllowVnetInBound");
    }

    @Test
    void unresolvedSourceOnAnUnattachedNsg() {
        // Judged on its own, with VirtualNetwork assumed (D3): SSH from the Internet only if the parameter allows
        // it; SSH from VirtualNetwork for sure (AllowVnetInBound), shown with a packet allowed for sure.
        Result r = CheckInput.check(CheckInput.folder(dir.resolve("arm"), "azuredeploy.json",
                ArmInputs.unattachedNsg("[parameters('adminSource')]")));
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode ssh = r.findings("internet-exposed-ssh", "nsg:nsg-app").get(0);
        assertThat(ssh.path("message").asText())
                .contains("allowed only if this rule with unresolved values matches it: nsg-app securityRules/Allow-SSH-Admin");
        JsonNode trace = ssh.path("witness").path("decidedBy");
        assertThat(trace.get(trace.size() - 1).path("access").asText()).as("the verdict is not known").isEqualTo("Unknown");
        JsonNode lateral = r.findings("lateral-movement-management", "nsg:nsg-app").get(0);
        assertThat(lateral.path("message").asText()).endsWith("allowed by nsg-app defaultSecurityRules/AllowVnetInBound");
        assertThat(lateral.path("witness").path("destinationAddress").asText()).startsWith("10.");
        assertThat(lateral.path("rule").asText()).isEqualTo("AllowVnetInBound");
    }

    @Test
    void resolvedArmParameterIsJudgedByItsValue() {
        // The same template with the parameter given: an office range, so no exposure and nothing unresolved.
        Path in = CheckInput.folder(dir.resolve("arm"), "azuredeploy.json", ArmInputs.sshFrom(
                "[parameters('adminSource')]", ""), "params/office.parameters.json", """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                 "contentVersion": "1.0.0.0", "parameters": {"adminSource": {"value": "203.0.113.0/24"}}}
                """);
        Result r = CheckInput.check(in, "--parameters", in.resolve("params/office.parameters.json").toString());
        assertThat(r.ids()).as(r.toString()).doesNotContain("unresolved-value", "internet-exposed-ssh");
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void bothLayersAllowingIsAnExposure() {
        Result r = check(network(allowTcp("SSH-Subnet", 100, "Internet", "22"),
                allowTcp("SSH-Nic", 100, "Internet", "22")));
        List<JsonNode> ssh = r.findings("internet-exposed-ssh", "nic:vm1");
        assertThat(ssh).as(r.toString()).hasSize(1);
        // Inbound: the subnet NSG first, then the NIC NSG, whose rule decides (D1).
        JsonNode decided = ssh.get(0).path("witness").path("decidedBy");
        assertThat(decided).hasSize(2);
        assertThat(decided.get(0).path("appliedTo").asText()).isEqualTo("subnet:vnet1/app");
        assertThat(decided.get(0).path("rule").asText()).isEqualTo("securityRules/SSH-Subnet");
        assertThat(decided.get(1).path("appliedTo").asText()).isEqualTo("nic:vm1");
        assertThat(decided.get(1).path("rule").asText()).isEqualTo("securityRules/SSH-Nic");
        assertThat(ssh.get(0).path("networkSecurityGroup").asText()).isEqualTo("nsg-vm1");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void nicNsgWithOnlyDefaultRulesStopsTheSubnetsAllow() {
        Result r = check(network(allowTcp("SSH-Subnet", 100, "Internet", "22"), ""));
        assertThat(r.findings("internet-exposed-ssh", "nic:vm1")).as(r.toString()).isEmpty();
        // The subnet's other hosts sit behind the subnet NSG alone: they are exposed. The witness is a host
        // address: not one of the five Azure reserves (10.1.1.0-3, .255) and not vm1's 10.1.1.4.
        List<JsonNode> others = r.findings("internet-exposed-ssh", "subnet:vnet1/app");
        assertThat(others).as(r.toString()).hasSize(1);
        assertThat(others.get(0).path("witness").path("destinationAddress").asText()).isEqualTo("10.1.1.5");
    }

    @Test
    void subnetNsgWithOnlyDefaultRulesStopsTheNicsAllow() {
        Result r = check(network("", allowTcp("SSH-Nic", 100, "Internet", "22")));
        assertThat(r.findings("internet-exposed-ssh")).as(r.toString()).isEmpty();
        assertThat(r.code()).as(r.toString()).isZero();
    }
}
