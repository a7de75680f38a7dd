package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.analyze.space.SpecialPurposeAddresses;
import dev.nsgaudit.net.IpAddress;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text of exposure findings, end to end through {@code nsgaudit check}: the message names the asked ports that
 * are open (not every port the check asks about), and the example packet comes from a real Internet address and an
 * ephemeral source port, and is allowed when {@code nsgaudit verify} evaluates it.
 */
class ExposureTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path input(String yaml) {
        return CheckInput.folder(dir.resolve("in"), "net.yaml", yaml);
    }

    /** The one finding of {@code id} on nic:vm1. */
    private static JsonNode only(Result r, String id) {
        List<JsonNode> found = r.findings(id, "nic:vm1");
        assertThat(found).as(r.toString()).hasSize(1);
        return found.get(0);
    }

    /** {@code nsgaudit verify} of the finding's witness on nic:vm1: the access it gets. */
    private static String verifyWitness(Path in, JsonNode witness) throws IOException {
        Cli.Run v = Cli.run("verify", "--nic", "vm1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", witness.path("destinationAddress").asText() + ":" + witness.path("destinationPort").asInt(),
                "--remote", witness.path("sourceAddress").asText() + ":" + witness.path("sourcePort").asInt(),
                in.toString());
        assertThat(v.code()).as(v.toString()).isZero();
        return JSON.readTree(v.out()).path("access").asText();
    }

    @Test
    void theMessageNamesOnlyTheOpenPorts() throws IOException {
        // The database check asks about nine ports; two are open to everyone, SQL Server only to an office /24.
        Path in = input(subnetNsg(allowTcp("MySQL", 100, "\"*\"", "3306"), allowTcp("Postgres", 110, "Internet", "5432"),
                allowTcp("SQL-Office", 120, "198.51.100.0/24", "1433")));
        Result r = CheckInput.check(in);
        JsonNode f = only(r, "internet-exposed-database");
        String message = f.path("message").asText();
        assertThat(message).as(message).contains(" can open Tcp 3306, 5432 to nic:vm1, for example Tcp ")
                .doesNotContain("1433").doesNotContain("1521").doesNotContain("27017");
        assertThat(f.path("witness").path("destinationPort").asInt()).isEqualTo(3306);
        assertThat(r.run().code()).isEqualTo(1);
    }

    @Test
    void theWitnessIsARealInternetHostOnAnEphemeralPortAndVerifyAllowsIt() throws IOException {
        Path in = input(subnetNsg(allowTcp("SSH", 100, "Internet", "22")));
        JsonNode w = only(CheckInput.check(in), "internet-exposed-ssh").path("witness");
        IpAddress source = IpAddress.parse(w.path("sourceAddress").asText());
        assertThat(SpecialPurposeAddresses.PUBLIC.contains(source)).as(w.toString()).isTrue();
        assertThat(w.path("sourceAddress").asText()).isEqualTo("1.0.0.0");
        assertThat(w.path("sourcePort").asInt()).isEqualTo(49152);
        assertThat(verifyWitness(in, w)).isEqualTo("Allow");
    }

    @Test
    void aSourceAllowListOfSpecialAddressesAndLowPortsStillGivesAPacketOfTheSet() throws IOException {
        // Everything but 1.0.0.0/8 and the ephemeral range is denied first: the witness must leave both.
        String deny = CheckInput.rule("Deny-Net1", 90, "Deny", "Tcp", "sourceAddressPrefix: 1.0.0.0/8",
                "destinationPortRange: \"22\"");
        String denyEphemeral = """
                      - name: Deny-Ephemeral
                        priority: 95
                        direction: Inbound
                        access: Deny
                        protocol: "Tcp"
                        sourceAddressPrefix: "*"
                        sourcePortRange: "49152-65535"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "22"
                """;
        Path in = input(subnetNsg(deny, denyEphemeral, allowTcp("SSH", 100, "Internet", "22")));
        JsonNode w = only(CheckInput.check(in), "internet-exposed-ssh").path("witness");
        assertThat(w.path("sourceAddress").asText()).isEqualTo("2.0.0.0");
        assertThat(w.path("sourcePort").asInt()).isEqualTo(0);
        assertThat(verifyWitness(in, w)).isEqualTo("Allow");
    }

    @Test
    void portsThatOnlyTogetherPassTheThresholdAreNamedWithTheirCount() throws IOException {
        // Each port open to 2^29 addresses, together to 2^30: above a threshold of 600,000,000 only together.
        Path in = input(subnetNsg(allowTcp("MySQL", 100, "64.0.0.0/3", "3306"),
                allowTcp("Postgres", 110, "128.0.0.0/3", "5432")));
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "exposureThreshold: 600000000\n");
        Result r = CheckInput.check(in, "--config", config.toString());
        String message = only(r, "internet-exposed-database").path("message").asText();
        assertThat(message).as(message).startsWith("1,073,741,824 IPv4 Internet addresses can open Tcp 3306, 5432 to"
                + " nic:vm1");
        // With the default threshold (a /8) each port alone fires, and still only those two are named.
        String alone = only(CheckInput.check(in), "internet-exposed-database").path("message").asText();
        assertThat(alone).contains("can open Tcp 3306, 5432 to nic:vm1");
    }

    @Test
    void theCountIsOverTheNamedPorts() throws IOException {
        // 3306 from half the Internet, 1433 only from an office /24 in the other half: 1433 is not named, and its 256
        // addresses are not counted (before, the count was over every asked port: 2,092,957,952).
        Path in = input(subnetNsg(allowTcp("MySQL", 100, "0.0.0.0/1", "3306"),
                allowTcp("SQL-Office", 110, "198.51.100.0/24", "1433")));
        String message = only(CheckInput.check(in), "internet-exposed-database").path("message").asText();
        // 0.0.0.0/1 minus 0/8, 10/8, 100.64/10, 127/8 (Internet as seen from vnet1, D4): 2^31 - 3 * 2^24 - 2^22.
        assertThat(message).as(message).startsWith("2,092,957,696 IPv4 Internet addresses can open Tcp 3306 to nic:vm1");
    }

    @Test
    void portsThatOnlyUnresolvedValuesOpenAreListedApart() throws IOException {
        // 3306 is open for sure; 5432 only if the unknown service tag turns out to hold the Internet.
        Path in = input(subnetNsg(allowTcp("MySQL", 100, "Internet", "3306"),
                allowTcp("Postgres", 110, "NoSuchServiceTag", "5432")));
        Result r = CheckInput.check(in);
        String message = only(r, "internet-exposed-database").path("message").asText();
        assertThat(message).as(r.toString()).contains("can open Tcp 3306 (and 5432 only if unresolved values allow it) to"
                + " nic:vm1, for example Tcp 1.0.0.0:49152 -> 10.1.1.4:3306, allowed by nsg-app securityRules/MySQL");
    }
}
