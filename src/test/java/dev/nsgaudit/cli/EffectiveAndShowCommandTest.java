package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code nsgaudit effective} and {@code nsgaudit show}, end to end on the example. */
class EffectiveAndShowCommandTest {

    private static final String EXAMPLE = "examples/three-tier";

    private static JsonNode effective(String nic) throws IOException {
        Cli.Run r = run("effective", "--nic", nic, EXAMPLE);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        return Json.MAPPER.readTree(r.out());
    }

    private static JsonNode rule(JsonNode entry, String name) {
        for (JsonNode rule : entry.get("effectiveSecurityRules")) {
            if (rule.get("name").asText().equals(name)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + name + " in " + entry);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void effectiveRulesOfANicWithSubnetAndNicNsgs() throws IOException {
        JsonNode value = effective("nic-db-1").get("value");

        assertThat(value).hasSize(2);
        JsonNode subnet = value.get(0);
        assertThat(subnet.get("networkSecurityGroup").get("id").asText())
                .isEqualTo("Microsoft.Network/networkSecurityGroups/nsg-db");
        assertThat(subnet.get("association").get("subnet").get("id").asText())
                .isEqualTo("Microsoft.Network/virtualNetworks/vnet-prod/subnets/db");
        JsonNode nic = value.get(1);
        assertThat(nic.get("networkSecurityGroup").get("id").asText())
                .isEqualTo("Microsoft.Network/networkSecurityGroups/nsg-db-nic");
        assertThat(nic.get("association").get("networkInterface").get("id").asText())
                .isEqualTo("Microsoft.Network/networkInterfaces/nic-db-1");

        assertThat(subnet.get("effectiveSecurityRules").findValuesAsText("name")).containsExactly(
                "securityRules/Allow-Database-BusinessLogic",
                "securityRules/Deny-Database-All",
                "defaultSecurityRules/AllowVnetInBound",
                "defaultSecurityRules/AllowAzureLoadBalancerInBound",
                "defaultSecurityRules/DenyAllInBound",
                "securityRules/Deny-Internet-Outbound",
                "defaultSecurityRules/AllowVnetOutBound",
                "defaultSecurityRules/AllowInternetOutBound",
                "defaultSecurityRules/DenyAllOutBound");

        JsonNode allowDb = rule(subnet, "securityRules/Allow-Database-BusinessLogic");
        assertThat(allowDb.get("protocol").asText()).isEqualTo("Tcp");
        assertThat(allowDb.get("sourcePortRange").asText()).isEqualTo("0-65535");
        assertThat(allowDb.get("destinationPortRange").asText()).isEqualTo("1433-1433");
        assertThat(allowDb.get("access").asText()).isEqualTo("Allow");
        assertThat(allowDb.get("priority").asInt()).isEqualTo(110);
        assertThat(allowDb.get("direction").asText()).isEqualTo("Inbound");
        assertThat(allowDb.get("sourceApplicationSecurityGroups").get(0).get("id").asText())
                .isEqualTo("Microsoft.Network/applicationSecurityGroups/AsgLogic");
        // The dynamic member stands for the usable addresses of its subnet: 10.0.2.4 - 10.0.2.254.
        assertThat(texts(allowDb.get("expandedSourceAddressPrefix"))).startsWith("10.0.2.4/30", "10.0.2.8/29")
                .endsWith("10.0.2.252/31", "10.0.2.254/32");
        assertThat(texts(allowDb.get("expandedDestinationAddressPrefix"))).containsExactly("10.0.3.4/32");

        JsonNode denyAll = rule(subnet, "defaultSecurityRules/DenyAllInBound");
        assertThat(denyAll.get("protocol").asText()).isEqualTo("All");
        assertThat(denyAll.get("sourceAddressPrefix").asText()).isEqualTo("0.0.0.0/0");
        assertThat(denyAll.get("destinationPortRange").asText()).isEqualTo("0-65535");
        assertThat(denyAll.get("priority").asInt()).isEqualTo(65500);
        assertThat(denyAll.get("access").asText()).isEqualTo("Deny");

        JsonNode vnetIn = rule(subnet, "defaultSecurityRules/AllowVnetInBound");
        assertThat(vnetIn.get("sourceAddressPrefix").asText()).isEqualTo("VirtualNetwork");
        assertThat(texts(vnetIn.get("expandedSourceAddressPrefix")))
                .containsExactly("10.0.0.0/16", "168.63.129.16/32");

        JsonNode internetOut = rule(subnet, "securityRules/Deny-Internet-Outbound");
        List<String> internet = texts(internetOut.get("expandedDestinationAddressPrefix"));
        assertThat(internet).contains("1.0.0.0/8", "8.0.0.0/7", "11.0.0.0/8")
                .doesNotContain("10.0.0.0/8", "10.0.0.0/16", "0.0.0.0/0", "168.63.129.16/32");

        JsonNode tagMap = subnet.get("tagMap");
        assertThat(texts(tagMap.get("VirtualNetwork"))).containsExactly("10.0.0.0/16", "168.63.129.16/32");
        assertThat(texts(tagMap.get("AzureLoadBalancer"))).containsExactly("168.63.129.16/32");
        assertThat(texts(tagMap.get("Internet"))).isEqualTo(internet);

        JsonNode sqlFromLogic = rule(nic, "securityRules/Allow-SQL-From-Logic");
        assertThat(sqlFromLogic.get("sourceAddressPrefix").asText()).isEqualTo("10.0.2.0/24");
        assertThat(sqlFromLogic.has("expandedSourceAddressPrefix")).isFalse();
    }

    @Test
    void staticAsgMembersAreExpandedToTheirAddresses() throws IOException {
        JsonNode value = effective("nic-web-1").get("value");

        assertThat(value).hasSize(1);
        JsonNode http = rule(value.get(0), "securityRules/Allow-HTTP-Inbound-Internet");
        assertThat(texts(http.get("expandedDestinationAddressPrefix"))).containsExactly("10.0.1.4/31");
        assertThat(http.get("sourceAddressPrefix").asText()).isEqualTo("Internet");
        JsonNode ssh = rule(value.get(0), "securityRules/Allow-SSH-Office");
        assertThat(ssh.get("sourceAddressPrefix").asText()).isEqualTo("198.51.100.0/24");
        assertThat(ssh.get("destinationPortRange").asText()).isEqualTo("22-22");
    }

    @Test
    void aNicWithOnlyASubnetNsgHasOneEntryWithPluralPortRanges() throws IOException {
        JsonNode value = effective("nic-logic-1").get("value");

        assertThat(value).hasSize(1);
        assertThat(value.get(0).get("association").has("subnet")).isTrue();
        JsonNode web = rule(value.get(0), "securityRules/Allow-Web-To-Logic");
        assertThat(texts(web.get("destinationPortRanges"))).containsExactly("8080-8080", "8443-8443");
        assertThat(web.has("destinationPortRange")).isFalse();
    }

    @Test
    void aNicWithoutAnyNsgHasNoEntries(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bare.yaml"), """
                virtualNetworks:
                  - {name: v, addressSpace: [10.0.0.0/16], subnets: [{name: s, addressPrefix: 10.0.0.0/24}]}
                networkInterfaces:
                  - {name: bare, subnet: v/s, privateIPAddress: 10.0.0.4}
                """);

        Cli.Run r = run("effective", "--nic", "bare", file.toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).get("value")).isEmpty();
    }

    @Test
    void effectiveForAnUnknownNicIsOneLine() {
        Cli.Run r = run("effective", "--nic", "nic-nope", EXAMPLE);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().contains("nic-nope").contains("nic-web-1");
    }

    @Test
    void showPrintsTheModelThatLoadsBackTheSame(@TempDir Path dir) throws IOException {
        Cli.Run r = run("show", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("virtualNetworks:\n").contains("- name: nsg-web\n")
                .contains("networkInterfaces:\n").contains("definedAt: ");
        Path shown = Files.writeString(dir.resolve("shown.yaml"), r.out());
        LoadResult direct = InputLoader.load(List.of(Path.of(EXAMPLE)));
        LoadResult again = InputLoader.load(List.of(shown));
        assertThat(again.problems()).isEmpty();
        assertThat(again.topology()).isEqualTo(direct.topology());

        Cli.Run twice = run("show", shown.toString());
        assertThat(twice.out()).isEqualTo(r.out());
    }

    @Test
    void showAsJson() throws IOException {
        Cli.Run r = run("show", "--format", "json", EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode json = Json.MAPPER.readTree(r.out());
        assertThat(json.get("networkSecurityGroups").findValuesAsText("name")).contains("nsg-web", "nsg-db-nic");
    }
}
