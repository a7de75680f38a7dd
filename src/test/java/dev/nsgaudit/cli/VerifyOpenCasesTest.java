package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Questions whose answer depends on something the query leaves open: protocol '*', quoted CSV. */
class VerifyOpenCasesTest {

    private static final String EXAMPLE = "examples/three-tier";

    @TempDir
    Path dir;

    private static JsonNode json(String line) throws IOException {
        return Json.MAPPER.readTree(line);
    }

    @Test
    void protocolAnyWhereEveryProtocolIsDeniedByTheSameRuleIsOneAnswer() throws IOException {
        // nsg-db's Deny-Internet-Outbound (priority 200, protocol *) decides every protocol alike.
        Cli.Run r = run("verify", "--nic", "nic-db-1", "--direction", "Outbound", "--protocol", "*",
                "--local", "10.0.3.4:*", "--remote", "13.107.21.200:443", EXAMPLE);
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.outLines().get(0));
        assertThat(answer.get("access").asText()).isEqualTo("Deny");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Deny-Internet-Outbound");
    }

    @Test
    void protocolAnyWhereOnlyTcpIsAllowedIsInconclusiveWithEveryAnswer() throws IOException {
        // Internet -> web on 80: TCP is allowed by Allow-HTTP-Inbound-Internet, the rest hit DenyAllInBound.
        Cli.Run r = run("verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "*",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", EXAMPLE);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode answer = json(r.outLines().get(0));
        assertThat(answer.get("access").asText()).isEqualTo("Inconclusive");
        assertThat(answer.get("reasons").get(0).asText()).contains("the protocol is '*'");
        assertThat(answer.get("possibleAnswers")).extracting(a -> a.get("ruleName").asText())
                .containsExactlyInAnyOrder("securityRules/Allow-HTTP-Inbound-Internet",
                        "defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void sameAccessThroughDifferentRulesKeepsTheAccessAndListsTheRules() throws IOException {
        // 10.0.2.9 may be nic-admin (dynamic address, AsgAdmin) or a host in no ASG: both are denied SSH, by
        // Deny-Admin-SSH or by DenyAllInBound. The access is known; the deciding rule is not.
        Path yaml = Files.writeString(dir.resolve("net.yaml"), """
                virtualNetworks:
                  - name: vnet
                    addressSpace: [10.0.0.0/16]
                    subnets:
                      - name: app
                        addressPrefix: 10.0.1.0/24
                        networkSecurityGroup: nsg-app
                      - name: admin
                        addressPrefix: 10.0.2.0/24
                applicationSecurityGroups:
                  - name: AsgAdmin
                networkInterfaces:
                  - name: nic-app
                    subnet: vnet/app
                    privateIPAddress: 10.0.1.4
                  - name: nic-admin
                    subnet: vnet/admin
                    applicationSecurityGroups: [AsgAdmin]
                networkSecurityGroups:
                  - name: nsg-app
                    securityRules:
                      - name: Deny-Admin-SSH
                        priority: 100
                        direction: Inbound
                        access: Deny
                        protocol: Tcp
                        sourceApplicationSecurityGroups: [AsgAdmin]
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "22"
                      - name: Deny-VNet
                        priority: 200
                        direction: Inbound
                        access: Deny
                        protocol: "*"
                        sourceAddressPrefix: VirtualNetwork
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "*"
                """);
        Cli.Run r = run("verify", "--nic", "nic-app", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:22", "--remote", "10.0.2.9:50000", yaml.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.outLines().get(0));
        assertThat(answer.get("access").asText()).isEqualTo("Deny");
        assertThat(answer.has("ruleName")).isFalse();
        assertThat(answer.get("reasons").get(0).asText()).contains("every case is Deny");
        assertThat(answer.get("possibleAnswers")).extracting(a -> a.get("ruleName").asText())
                .containsExactlyInAnyOrder("securityRules/Deny-Admin-SSH", "securityRules/Deny-VNet");
    }

    @Test
    void quotedCsvCellsAreRead() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"),
                "\"nic\",direction,protocol,local,remote\n"
                        + "\"nic-web-1\",\"Inbound\",TCP,\"10.0.1.4:80\",203.0.113.7:50000\n");
        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.outLines().get(0));
        assertThat(answer.get("line").asInt()).isEqualTo(2);
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTP-Inbound-Internet");
    }

    @Test
    void unterminatedQuoteIsAnErrorForThatLineOnly() throws IOException {
        Path flows = Files.writeString(dir.resolve("flows.csv"),
                "nic,direction,protocol,local,remote\n"
                        + "\"nic-web-1,Inbound,TCP,10.0.1.4:80,203.0.113.7:50000\n"
                        + "nic-web-1,Inbound,TCP,10.0.1.4:80,203.0.113.7:50000\n");
        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);
        assertThat(r.code()).isEqualTo(2);
        assertThat(json(r.outLines().get(0)).get("error").asText()).contains("unterminated");
        assertThat(json(r.outLines().get(1)).get("access").asText()).isEqualTo("Allow");
    }
}
