package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gives one clear line on stderr (with file:line:col where it has one), never a Java stack trace. Input
 * that cannot be read or used exits 2 (and verify then gives no answer); a value Azure would reject but that can be
 * read (a bad prefix, a priority clash) makes what it may decide inconclusive (exit 1).
 */
class BadInputTest {

    /** A valid definition file; each test breaks one thing in it. */
    private static final String VALID = """
            virtualNetworks:
              - name: vnet1
                addressSpace: [10.0.0.0/16]
                subnets:
                  - name: web
                    addressPrefix: 10.0.1.0/24
                    networkSecurityGroup: nsg-web
            networkInterfaces:
              - name: nic1
                subnet: vnet1/web
                privateIPAddress: 10.0.1.4
            networkSecurityGroups:
              - name: nsg-web
                securityRules:
                  - name: Allow-Web
                    priority: 100
                    direction: Inbound
                    access: Allow
                    protocol: Tcp
                    sourceAddressPrefix: Internet
                    sourcePortRange: "*"
                    destinationAddressPrefix: "*"
                    destinationPortRange: "80"
            """;

    private static final String RULE_AT = ":15:9: error ";

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("nsg.yaml"), yaml);
    }

    private Path breaking(String what, String into) throws IOException {
        assertThat(VALID).contains(what);
        return file(VALID.replace(what, into));
    }

    private static Cli.Run verify(String... pathsAndOptions) {
        String[] base = {"verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000"};
        String[] args = new String[base.length + pathsAndOptions.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(pathsAndOptions, 0, args, base.length, pathsAndOptions.length);
        return run(args);
    }

    /** Exit 2, exactly one line on stderr starting with {@code prefix}, and no trace anywhere. */
    private static String oneLine(Cli.Run r, String prefix) {
        return oneLine(r, 2, prefix);
    }

    /** Verify on input it cannot use: the problem, then that no answer is given; nothing on stdout; exit 2. */
    private static String refused(Cli.Run r, String prefix) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).hasSize(2);
        assertThat(r.errLines().get(1)).startsWith("nsgaudit verify: no answer: the input could not be read");
        assertThat(r.out()).as("no answer that the unread part could contradict").isEmpty();
        assertThat(r.errLines().get(0)).startsWith(prefix);
        return r.errLines().get(0);
    }

    /** Exit {@code code}, exactly one line on stderr starting with {@code prefix}, and no trace anywhere. */
    private static String oneLine(Cli.Run r, int code, String prefix) {
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        String line = r.errLines().get(0);
        assertThat(line).startsWith(prefix);
        assertThat(r.out() + r.err()).doesNotContain("at dev.nsgaudit").doesNotContain("Exception")
                .doesNotContain("internal error");
        return line;
    }

    @Test
    void theValidFileIsFine() throws IOException {
        Cli.Run r = verify(file(VALID).toString());

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("\"ruleName\":\"securityRules/Allow-Web\"");
    }

    @Test
    void malformedYaml() throws IOException {
        Path f = breaking("addressSpace: [10.0.0.0/16]", "addressSpace: [10.0.0.0/16");

        String line = oneLine(run("show", f.toString()), f + ":");

        assertThat(line).matches(".*nsg\\.yaml:\\d+:\\d+: error \\[yaml-syntax] malformed YAML.*");
    }

    @Test
    void unknownServiceTag() throws IOException {
        Path f = breaking("sourceAddressPrefix: Internet", "sourceAddressPrefix: Storage.Atlantis");

        Cli.Run r = verify(f.toString());

        String line = oneLine(r, 1, f + RULE_AT + "[invalid-rule]");
        assertThat(line).contains("Storage.Atlantis");
        assertThat(r.out()).as("the answer still says it cannot decide").contains("\"access\":\"Inconclusive\"");
    }

    @Test
    void priorityClash() throws IOException {
        Path f = file(VALID + """
                      - name: Deny-Web
                        priority: 100
                        direction: Inbound
                        access: Deny
                        protocol: Tcp
                        sourceAddressPrefix: "*"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "80"
                """);

        String line = oneLine(verify(f.toString()), 1, f + ":24:9: error [duplicate-priority]");

        assertThat(line).contains("Deny-Web").contains("Allow-Web").contains("SecurityRuleConflict");
    }

    @Test
    void aMissingPriorityIsReportedOnce() throws IOException {
        Path f = breaking("        priority: 100\n", "");

        String line = oneLine(verify(f.toString()), 1, f + RULE_AT + "[invalid-rule]");

        assertThat(line).contains("priority is missing");
    }

    @Test
    void danglingReference() throws IOException {
        Path f = breaking("networkSecurityGroup: nsg-web", "networkSecurityGroup: nsg-gone");

        String line = refused(verify(f.toString()), f + ":5:9: error [dangling-reference]");

        assertThat(line).contains("nsg-gone");
    }

    @Test
    void invalidCidrInARule() throws IOException {
        Path f = breaking("destinationAddressPrefix: \"*\"", "destinationAddressPrefix: 10.0.1.0/33");

        String line = oneLine(verify(f.toString()), 1, f + RULE_AT + "[invalid-rule]");

        assertThat(line).contains("10.0.1.0/33");
    }

    @Test
    void invalidCidrInTheAddressSpace() throws IOException {
        Path f = breaking("addressSpace: [10.0.0.0/16]", "addressSpace: [10.0.0.0/61]");

        String line = oneLine(run("show", f.toString()), f + ":2:5: error [input-error]");

        assertThat(line).contains("10.0.0.0/61").contains("CIDR");
    }

    @Test
    void missingFileAmongOtherInputs() throws IOException {
        Path missing = dir.resolve("missing.yaml");

        Cli.Run r = verify(file(VALID).toString(), missing.toString());

        String line = refused(r, missing + ": error [input-error]");
        assertThat(line).contains("no such file");
    }

    @Test
    void missingFileAlone() {
        Path missing = dir.resolve("missing.yaml");

        oneLine(run("show", missing.toString()), missing + ": error [input-error]");
    }

    @Test
    void badLocalFormat() throws IOException {
        Path f = file(VALID);
        Cli.Run r = run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4-80", "--remote", "203.0.113.7:50000", f.toString());

        String line = oneLine(r, "nsgaudit verify: local '10.0.1.4-80'");

        assertThat(line).contains("x.x.x.x:port");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badPortAndMissingPort() throws IOException {
        Path f = file(VALID);

        oneLine(run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:99999", "--remote", "203.0.113.7:50000", f.toString()),
                "nsgaudit verify: local port '99999' must be an integer 0-65535");
        oneLine(run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4", "--remote", "203.0.113.7:50000", f.toString()),
                "nsgaudit verify: local '10.0.1.4' has no port");
        oneLine(run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:*", "--remote", "203.0.113.7:50000", f.toString()),
                "nsgaudit verify: local port '*' is allowed only for the source port");
    }

    @Test
    void unknownNic() throws IOException {
        Path f = file(VALID);
        Cli.Run r = run("verify", "--nic", "nic-nope", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", f.toString());

        String line = oneLine(r, "nsgaudit verify: no NIC named 'nic-nope'");

        assertThat(line).contains("nic1");
    }

    @Test
    void localAddressNotOnTheNic() throws IOException {
        Path f = file(VALID);
        Cli.Run r = run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.5:80", "--remote", "203.0.113.7:50000", f.toString());

        oneLine(r, "nsgaudit verify: local address 10.0.1.5 is not an address of NIC nic1");
    }

    @Test
    void unknownProtocolAndDirection() throws IOException {
        Path f = file(VALID);

        oneLine(run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "GRE",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", f.toString()),
                "nsgaudit verify: protocol 'GRE'");
        oneLine(run("verify", "--nic", "nic1", "--direction", "In", "--protocol", "TCP",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", f.toString()),
                "nsgaudit verify: direction 'In'");
    }

    @Test
    void malformedServiceTagFile() throws IOException {
        Path tags = Files.writeString(dir.resolve("tags.json"), "{\"values\": [ {\"name\": }");

        String line = oneLine(verify("--service-tags", tags.toString(), file(VALID).toString()),
                "nsgaudit: " + tags + ":1:");

        assertThat(line).contains("malformed service tag file");
    }

    @Test
    void missingOptionsAreNamed() throws IOException {
        Path f = file(VALID);

        usage(run("verify", "--nic", "nic1", "--protocol", "TCP", "--local", "10.0.1.4:80",
                "--remote", "203.0.113.7:50000", f.toString()), "Missing required argument(s): --direction");
        usage(run("verify", "--nic", "nic1", "--direction", "Inbound", "--local", "10.0.1.4:80",
                "--remote", "203.0.113.7:50000", f.toString()), "Missing required argument(s): --protocol");
        usage(run("verify", "--nic", "nic1", "--direction", "Inbound", "--protocol", "TCP",
                "--remote", "203.0.113.7:50000", f.toString()), "Missing required argument(s): --local");
        usage(run("verify", "--direction", "Inbound", "--protocol", "TCP", "--local", "10.0.1.4:80",
                "--remote", "203.0.113.7:50000", f.toString()), "(--nic=NAME | --nsg=NAME)");
        usage(run("verify", "--nic", "nic1", "--nsg", "nsg-web", "--direction", "Inbound", "--protocol", "TCP",
                "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", f.toString()),
                "give one of --nic and --nsg (not both)");
    }

    /** A usage error: exit 2, the error naming what is wrong, then where the help is; nothing on stdout. */
    private static void usage(Cli.Run r, String says) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).hasSize(2);
        assertThat(r.errLines().get(0)).startsWith("nsgaudit: Error: ").contains(says);
        assertThat(r.errLines().get(1)).isEqualTo("Try 'nsgaudit verify --help' for usage.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpAndVersionAndAnUnknownCommand() {
        Cli.Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("verify").contains("effective").contains("show");

        Cli.Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("nsgaudit ");

        Cli.Run unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate").doesNotContain("at dev.nsgaudit").doesNotContain("Exception");
    }

    @Test
    void noPathAtAllIsAUsageError() {
        Cli.Run r = run("verify", "--nic", "nic1");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("at dev.nsgaudit").doesNotContain("Exception");
    }
}
