package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 end to end: a flow policy's witness reads like real traffic, as an exposure's does: a real Internet source
 * (never {@code 0.0.0.0}) and an ephemeral source port (49152-65535) where the failing packets have them, the smallest
 * packet's ports where they do not; and {@code verify} gives the witness the access the failure says.
 */
class PolicyWitnessCheckTest {

    @TempDir
    Path dir;

    private Path input(String policy) throws IOException {
        return input("Internet", policy);
    }

    private Path input(String ruleSource, String policy) throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", subnetNsg(allowTcp("Allow-SSH", 100, ruleSource, "22")));
        Files.writeString(in.resolve("policies/ssh.yaml"), policy);
        return in;
    }

    @Test
    void internetWitnessHasAPublicSourceAndAnEphemeralPort() throws IOException {
        Path in = input("""
                policies:
                  - name: no-ssh-from-internet
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("policy FAIL no-ssh-from-internet: a packet is allowed: "
                + "Tcp 1.0.0.0:49152 -> 10.1.1.4:22 by nsg-app securityRules/Allow-SSH");
        // The witness is in the failing set: verify lets it through.
        Cli.Run v = run("verify", "--nic", "vm1", "--direction", "Inbound", "--protocol", "TCP", "--local",
                "10.1.1.4:22", "--remote", "1.0.0.0:49152", in.resolve("net.yaml").toString());
        assertThat(v.code()).as(v.toString()).isZero();
        JsonNode answer = Json.MAPPER.readTree(v.out());
        assertThat(answer.get("access").asText()).as(answer.toString()).isEqualTo("Allow");
        assertThat(answer.get("ruleName").asText()).as(answer.toString()).isEqualTo("securityRules/Allow-SSH");
    }

    @Test
    void anyAddressGivesARealInternetSourceNotZero() throws IOException {
        Path in = input("\"*\"", """
                policies:
                  - name: no-ssh-from-anywhere
                    from: 0.0.0.0/0
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("a packet is allowed: Tcp 1.0.0.0:49152 -> 10.1.1.4:22");
    }

    @Test
    void sourcePortsWithoutAnEphemeralOneKeepTheSmallest() throws IOException {
        Path in = input("""
                policies:
                  - name: no-ssh-from-low-ports
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    sourcePorts: "1024-2000"
                    expect: deny
                """);
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).as(r.toString()).contains("a packet is allowed: Tcp 1.0.0.0:1024 -> 10.1.1.4:22");
    }
}
