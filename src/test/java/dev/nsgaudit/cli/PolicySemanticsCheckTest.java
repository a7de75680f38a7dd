package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * End to end, issue 10 items 3-5 on {@code src/test/resources/policy-semantics}: a VM's traffic to itself (a NIC
 * with two addresses whose NSG denies all but its peer) is no part of a policy; {@code check} reads a NIC in an
 * unpeered network as {@code verify} reads its address (a host in no ASG) and both say Deny; a {@code subnet:}
 * witness is never one of Azure's reserved addresses; a witness decided by the source's outbound rules is labelled
 * Outbound. Each of these failed before.
 */
class PolicySemanticsCheckTest {

    private static final String INPUT = "src/test/resources/policy-semantics";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private JsonNode policies;

    @BeforeEach
    void check() throws IOException {
        Cli.Run r = run("check", INPUT, "--policy", INPUT + "/policies", "--format", "json,sarif,html", "--out",
                out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        policies = JSON.readTree(out.resolve("nsgaudit.json").toFile()).get("policies");
    }

    private JsonNode policy(String name) {
        for (JsonNode p : policies) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no policy " + name + " in " + policies);
    }

    @Test
    void aVmsTrafficToItsOwnAddressesIsNoPartOfAPolicy() {
        // Before: failed with 10.1.1.4 -> 10.1.1.4, web1 to itself, denied by web1's Deny-All-Out.
        assertThat(policy("web-cluster").get("status").asText()).isEqualTo("pass");
    }

    @Test
    void checkReadsAnUnpeeredNetworkAsVerifyDoes() {
        // Before: check said web1 -> db1 on 1433 is allowed (Allow-Db-Out matched db1's AsgDb) while verify said Deny.
        assertThat(policy("web-to-db-unpeered").get("status").asText()).isEqualTo("pass");
        JsonNode w = policy("web-to-db-unpeered-allow").get("witness");
        assertThat(policy("web-to-db-unpeered-allow").get("status").asText()).isEqualTo("fail");
        assertThat(w.get("sourceAddress").asText() + " -> " + w.get("destinationAddress").asText())
                .isEqualTo("10.1.1.4 -> 10.2.1.4");
        assertThat(w.get("decidedBy").get(0).get("rule").asText()).isEqualTo("securityRules/Deny-All-Out");

        Cli.Run verify = run("verify", "--nic", "web1", "--direction", "Outbound", "--protocol", "TCP", "--local",
                "10.1.1.4:*", "--remote", "10.2.1.4:1433", INPUT);
        assertThat(verify.out()).contains("\"access\":\"Deny\"").contains("\"ruleName\":\"securityRules/Deny-All-Out\"");
    }

    @Test
    void aSubnetWitnessIsNoReservedAddress() {
        JsonNode w = policy("db-subnet-no-internet").get("witness");
        assertThat(policy("db-subnet-no-internet").get("status").asText()).isEqualTo("fail");
        // Before: 10.2.1.0, which Azure keeps for the network itself.
        assertThat(w.get("sourceAddress").asText()).isEqualTo("10.2.1.5");
    }

    @Test
    void aWitnessDecidedOutboundIsLabelledOutbound() throws IOException {
        // Before: Inbound, although the deciding rule is web1's outbound Deny-All-Out. JSON carries the direction;
        // SARIF and HTML name the deciding rule and where it is applied.
        assertThat(policy("web-to-db-unpeered-allow").get("witness").get("direction").asText()).isEqualTo("Outbound");
        assertThat(Files.readString(out.resolve("nsgaudit.sarif")))
                .contains("is denied by nsg-web1 securityRules/Deny-All-Out (Deny at nic:web1)");
        assertThat(Files.readString(out.resolve("nsgaudit.html")))
                .contains("nic:web1: <code>nsg-web1 securityRules/Deny-All-Out</code> &rarr; Deny");
    }
}
