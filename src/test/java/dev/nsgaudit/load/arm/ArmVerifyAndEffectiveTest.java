package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code verify} and {@code effective} on ARM samples of the corpus work as on YAML input. The expected verdicts
 * are derived from the rules as written in the templates (see CorpusShowExpectationsTest for the models).
 */
class ArmVerifyAndEffectiveTest {

    private static final String ASG = "quickstarts__microsoft.network__application-security-group";
    private static final String DMZ = "demos__dmz-nsg";

    @BeforeAll
    static void corpusPresent() {
        assumeTrue(Files.isDirectory(CorpusSupport.root()), "the shared corpus is not present");
    }

    private static String sample(String name) {
        return CorpusSupport.root().resolve(name).toString();
    }

    private static JsonNode verify(String sample, String target, String direction, String protocol, String local,
                                   String remote) throws IOException {
        Cli.Run r = Cli.run("verify", target.startsWith("nsg:") ? "--nsg" : "--nic", target.replaceFirst("^nsg:", ""),
                "--direction", direction, "--protocol", protocol, "--local", local, "--remote", remote, sample(sample));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).hasSize(1);
        return Json.MAPPER.readTree(r.out());
    }

    private static void decided(JsonNode answer, String access, String rule, String nsg, String appliedTo) {
        assertThat(answer.get("access").asText()).as(answer.toString()).isEqualTo(access);
        assertThat(answer.get("ruleName").asText()).as(answer.toString()).isEqualTo(rule);
        assertThat(answer.get("networkSecurityGroup").asText()).isEqualTo(nsg);
        assertThat(answer.get("evaluations").findValuesAsText("appliedTo")).containsExactly(appliedTo);
    }

    @Test
    void internetToTheDynamicNicOfTheAsgSample() throws IOException {
        // VM-NIC is dynamic in subnet01 (10.0.0.0/24), so 10.0.0.4 is one of its possible addresses; it is a member of
        // webServersAsg. webNsg (on the subnet): AllowHttpAll (100, Tcp, * -> ASG:80), AllowSshAll (200, 22).
        decided(verify(ASG, "VM-NIC", "Inbound", "TCP", "10.0.0.4:80", "203.0.113.7:50000"),
                "Allow", "securityRules/AllowHttpAll", "webNsg", "subnet:vnet/subnet01");
        decided(verify(ASG, "VM-NIC", "Inbound", "TCP", "10.0.0.4:22", "203.0.113.7:50000"),
                "Allow", "securityRules/AllowSshAll", "webNsg", "subnet:vnet/subnet01");
        decided(verify(ASG, "VM-NIC", "Inbound", "TCP", "10.0.0.4:8080", "203.0.113.7:50000"),
                "Deny", "defaultSecurityRules/DenyAllInBound", "webNsg", "subnet:vnet/subnet01");
        decided(verify(ASG, "VM-NIC", "Inbound", "UDP", "10.0.0.4:80", "203.0.113.7:50000"),
                "Deny", "defaultSecurityRules/DenyAllInBound", "webNsg", "subnet:vnet/subnet01");
        // Outbound nothing is written: AllowInternetOutBound.
        decided(verify(ASG, "VM-NIC", "Outbound", "TCP", "10.0.0.4:50000", "203.0.113.7:443"),
                "Allow", "defaultSecurityRules/AllowInternetOutBound", "webNsg", "subnet:vnet/subnet01");
    }

    @Test
    void effectiveRulesOfTheAsgSample() throws IOException {
        Cli.Run r = Cli.run("effective", "--nic", "VM-NIC", sample(ASG));
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode value = Json.MAPPER.readTree(r.out()).get("value");
        assertThat(value).hasSize(1);
        JsonNode entry = value.get(0);
        assertThat(entry.at("/networkSecurityGroup/id").asText())
                .isEqualTo("Microsoft.Network/networkSecurityGroups/webNsg");
        assertThat(entry.at("/association/subnet/id").asText())
                .isEqualTo("Microsoft.Network/virtualNetworks/vnet/subnets/subnet01");
        List<String> names = new ArrayList<>();
        entry.get("effectiveSecurityRules").forEach(rule -> names.add(rule.get("name").asText()));
        assertThat(names).containsExactly("securityRules/AllowHttpAll", "securityRules/AllowSshAll",
                "defaultSecurityRules/AllowVnetInBound", "defaultSecurityRules/AllowAzureLoadBalancerInBound",
                "defaultSecurityRules/DenyAllInBound", "defaultSecurityRules/AllowVnetOutBound",
                "defaultSecurityRules/AllowInternetOutBound", "defaultSecurityRules/DenyAllOutBound");
        JsonNode http = entry.get("effectiveSecurityRules").get(0);
        assertThat(http.get("destinationPortRange").asText()).isEqualTo("80-80");
        assertThat(http.at("/destinationApplicationSecurityGroups/0/id").asText())
                .isEqualTo("Microsoft.Network/applicationSecurityGroups/webServersAsg");
    }

    @Test
    void staticNicsOfTheDmzSample() throws IOException {
        // myVNetNSG on both subnets; NICs IIS01 10.0.1.5 (FrontEnd), AppVM01 10.0.2.5, AppVM02 10.0.2.6, DNS01 10.0.2.4.
        decided(verify(DMZ, "IIS01_NIC", "Inbound", "TCP", "10.0.1.5:80", "203.0.113.7:50000"),
                "Allow", "securityRules/enable_web_rule", "myVNetNSG", "subnet:VNet01/FrontEnd");
        decided(verify(DMZ, "AppVM01_NIC", "Inbound", "TCP", "10.0.2.5:1433", "10.0.1.5:50000"),
                "Allow", "securityRules/enable_app_rule", "myVNetNSG", "subnet:VNet01/BackEnd");
        decided(verify(DMZ, "DNS01_NIC", "Inbound", "UDP", "10.0.2.4:53", "10.0.1.5:50000"),
                "Allow", "securityRules/enable_dns_rule", "myVNetNSG", "subnet:VNet01/BackEnd");
        // AppVM02 from the front end: no allow rule names 10.0.2.6; deny_frontend_rule (150) decides.
        decided(verify(DMZ, "AppVM02_NIC", "Inbound", "TCP", "10.0.2.6:1433", "10.0.1.5:50000"),
                "Deny", "securityRules/deny_frontend_rule", "myVNetNSG", "subnet:VNet01/BackEnd");
        // The Internet to the back end: deny_internet_rule (140, Internet -> VirtualNetwork) before anything else.
        decided(verify(DMZ, "AppVM01_NIC", "Inbound", "TCP", "10.0.2.5:80", "203.0.113.7:50000"),
                "Deny", "securityRules/deny_internet_rule", "myVNetNSG", "subnet:VNet01/BackEnd");
        // RDP is open from anywhere (enable_rdp_rule, 110) - before the Internet deny.
        decided(verify(DMZ, "AppVM01_NIC", "Inbound", "TCP", "10.0.2.5:3389", "203.0.113.7:50000"),
                "Allow", "securityRules/enable_rdp_rule", "myVNetNSG", "subnet:VNet01/BackEnd");
    }

    @Test
    void anNsgOfTheDmzInVnetSampleOnItsOwn() throws IOException {
        // appnsg (from the parameter file): Allow_FE 443 from 10.0.0.0/24, Block_RDP_Internet, and outbound
        // Block_Internet_Outbound.
        decided(verify("quickstarts__microsoft.network__nsg-dmz-in-vnet", "nsg:appnsg", "Inbound", "TCP",
                "10.0.1.4:443", "10.0.0.9:50000"), "Allow", "securityRules/Allow_FE", "appnsg", "nsg:appnsg");
        decided(verify("quickstarts__microsoft.network__nsg-dmz-in-vnet", "nsg:appnsg", "Inbound", "TCP",
                "10.0.1.4:3389", "203.0.113.7:50000"), "Deny", "securityRules/Block_RDP_Internet", "appnsg",
                "nsg:appnsg");
        decided(verify("quickstarts__microsoft.network__nsg-dmz-in-vnet", "nsg:appnsg", "Outbound", "TCP",
                "10.0.1.4:50000", "203.0.113.7:443"), "Deny", "securityRules/Block_Internet_Outbound", "appnsg",
                "nsg:appnsg");
    }

    @Test
    void aNicOfACopyLoop() throws IOException {
        // nic1 (copy index 1) is in Subnet-2 (10.0.1.0/24) with default-NSG: SSH from anywhere is allowed.
        decided(verify("quickstarts__microsoft.compute__vm-copy-index-loops", "nic1", "Inbound", "TCP", "10.0.1.4:22",
                "203.0.113.7:50000"), "Allow", "securityRules/default-allow-22", "default-NSG", "subnet:VNET/Subnet-2");
    }
}
