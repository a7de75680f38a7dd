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

/** {@code nsgaudit verify} with single queries, end to end on the example. */
class VerifyCommandTest {

    private static final String EXAMPLE = "examples/three-tier";

    private static JsonNode json(String line) throws IOException {
        return Json.MAPPER.readTree(line);
    }

    @Test
    void theReadmeCommand() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.outLines()).hasSize(1);
        JsonNode answer = json(r.outLines().get(0));
        assertThat(answer.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTP-Inbound-Internet");
        assertThat(answer.get("networkSecurityGroup").asText()).isEqualTo("nsg-web");
        assertThat(answer.get("evaluations")).hasSize(1);
        JsonNode e = answer.get("evaluations").get(0);
        assertThat(e.get("networkSecurityGroup").asText()).isEqualTo("nsg-web");
        assertThat(e.get("appliedTo").asText()).isEqualTo("subnet:vnet-prod/web");
        assertThat(e.get("matchedRule").asText()).isEqualTo("securityRules/Allow-HTTP-Inbound-Internet");
        assertThat(e.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.has("assumptions")).isFalse();
    }

    @Test
    void aDenyThroughBothLayersOfTheDatabase() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-db-1", "--direction", "inbound", "--protocol", "tcp",
                "--local", "10.0.3.4:1433", "--remote", "10.0.1.4:50000", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Deny");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Deny-Database-All");
        assertThat(answer.get("networkSecurityGroup").asText()).isEqualTo("nsg-db");
        assertThat(answer.get("evaluations")).hasSize(1);
    }

    @Test
    void anAddressADynamicAsgMemberCouldHoldIsInconclusiveWithExitCode1() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-db-1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.3.4:1433", "--remote", "10.0.2.10:50000", EXAMPLE);

        assertThat(r.code()).as("inconclusive: 10.0.2.10 may be nic-logic-1 (dynamic) or an unknown host")
                .isEqualTo(1);
        JsonNode answer = json(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Inconclusive");
        assertThat(answer.has("ruleName")).isFalse();
        assertThat(answer.get("reasons").get(0).asText()).contains("D8").contains("nic-logic-1");
        JsonNode possible = answer.get("possibleAnswers");
        assertThat(possible).hasSize(2);
        assertThat(possible.findValuesAsText("ruleName"))
                .containsExactlyInAnyOrder("securityRules/Deny-Database-All", "securityRules/Allow-SQL-From-Logic");
        JsonNode allowed = possible.get(0).get("access").asText().equals("Allow") ? possible.get(0) : possible.get(1);
        assertThat(allowed.get("networkSecurityGroup").asText()).isEqualTo("nsg-db-nic");
        assertThat(allowed.get("evaluations").findValuesAsText("appliedTo"))
                .containsExactly("subnet:vnet-prod/db", "nic:nic-db-1");
    }

    @Test
    void outboundFromTheDatabaseToTheInternetIsDeniedBySubnetNsg() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-db-1", "--direction", "Outbound", "--protocol", "TCP",
                "--local", "10.0.3.4:*", "--remote", "13.107.21.200:443", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Deny");
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Deny-Internet-Outbound");
        assertThat(answer.get("evaluations").findValuesAsText("appliedTo"))
                .containsExactly("nic:nic-db-1", "subnet:vnet-prod/db");
    }

    @Test
    void anNsgOnItsOwn() throws IOException {
        Cli.Run r = run("verify", "--nsg", "nsg-logic", "--direction", "Inbound", "--protocol", "UDP",
                "--local", "10.0.2.20:53", "--remote", "10.0.1.9:5353", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("ruleName").asText()).isEqualTo("securityRules/Deny-VNet-Inbound");
        assertThat(answer.get("evaluations").get(0).get("appliedTo").asText()).isEqualTo("nsg:nsg-logic");
    }

    @Test
    void icmpNeedsNoPorts() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol", "ICMP",
                "--local", "10.0.1.4", "--remote", "203.0.113.7", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(json(r.out()).get("ruleName").asText()).isEqualTo("defaultSecurityRules/DenyAllInBound");
    }

    @Test
    void aDynamicNicIsVerifiedAtAnAddressOfItsSubnet() throws IOException {
        Cli.Run r = run("verify", "--nic", "nic-logic-1", "--direction", "Outbound", "--protocol", "TCP",
                "--local", "10.0.2.50:40000", "--remote", "10.0.3.4:1433", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.get("ruleName").asText()).isEqualTo("defaultSecurityRules/AllowVnetOutBound");
        assertThat(answer.get("networkSecurityGroup").asText()).isEqualTo("nsg-logic");
    }

    @Test
    void withoutAnyNsgTheRuleNameIsOmittedAndNoNsgIsEvaluated(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bare.yaml"), """
                virtualNetworks:
                  - {name: v, addressSpace: [10.0.0.0/16], subnets: [{name: s, addressPrefix: 10.0.0.0/24}]}
                networkInterfaces:
                  - {name: bare, subnet: v/s, privateIPAddress: 10.0.0.4}
                """);

        Cli.Run r = run("verify", "--nic", "bare", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.0.4:22", "--remote", "8.8.8.8:50000", file.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("access").asText()).isEqualTo("Allow");
        assertThat(answer.has("ruleName")).isFalse();
        assertThat(answer.has("networkSecurityGroup")).isFalse();
        assertThat(answer.get("evaluations")).isEmpty();
    }

    @Test
    void anUnattachedNsgAnswerCarriesTheD3Assumption(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("loose.yaml"), """
                networkSecurityGroups:
                  - name: loose
                """);

        Cli.Run r = run("verify", "--nsg", "loose", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.1.0.4:22", "--remote", "192.168.7.7:50000", file.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode answer = json(r.out());
        assertThat(answer.get("ruleName").asText()).isEqualTo("defaultSecurityRules/AllowVnetInBound");
        assertThat(answer.get("assumptions").get(0).asText()).startsWith("D3:");
    }
}
