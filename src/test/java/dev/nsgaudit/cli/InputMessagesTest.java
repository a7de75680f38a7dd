package dev.nsgaudit.cli;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** Each input problem is one line that says where (file:line:col) and what, never a JDK message or a trace. */
class InputMessagesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Exit 2 and exactly this one line on stderr. */
    private static void oneLine(Cli.Run r, String line) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).as(r.toString()).containsExactly(line);
    }

    @Test
    void theAliasLimitNamesTheFirstAliasOverIt() throws IOException {
        StringBuilder y = new StringBuilder("networkSecurityGroups: []\nx0: &a0 [1, 2]\n");
        for (int i = 1; i <= 30; i++) {
            y.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        Path f = write("nsg.yaml", y.toString());
        // 25 lines of two aliases each reach the limit of 50; the first alias of x26 (line 28) is one too many.
        oneLine(run("show", f.toString()), f + ":28:12: error [yaml-syntax] cannot read YAML: Number of aliases for"
                + " non-scalar nodes exceeds the specified max=50 (aliases are limited to 50, nesting to 64 levels)");
    }

    @Test
    void theNestingLimitNamesWhereItIsExceeded() throws IOException {
        Path f = write("nsg.yaml", "networkSecurityGroups: " + "[".repeat(70) + "]".repeat(70) + "\n");
        // The top-level mapping is level 1, so the 64th '[' (column 24 + 63) is level 65.
        oneLine(run("show", f.toString()), f + ":1:87: error [yaml-syntax] cannot read YAML: Nesting Depth exceeded"
                + " max 64 (aliases are limited to 50, nesting to 64 levels)");
    }

    @Test
    void aNulByteIsPositioned() throws IOException {
        Path f = write("nsg.yaml", "networkSecurityGroups:\n  - name: a\u0000b\n");
        oneLine(run("show", f.toString()), f + ":2:12: error [yaml-syntax] malformed YAML: character U+0000 is not"
                + " allowed in YAML (write it as an escape in a double-quoted string, or remove it)");
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheirOffset() throws IOException {
        Path f = dir.resolve("nsg.yaml");
        Files.write(f, "networkSecurityGroups:\n  - name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        oneLine(run("show", f.toString()), f + ":2:14: error [input-error] not UTF-8 at byte 36 (0xE9; perhaps Latin-1"
                + " or Windows-1252): save the file as UTF-8");
        Files.write(f, "networkSecurityGroups: []\n".getBytes(StandardCharsets.UTF_16));
        oneLine(run("show", f.toString()), f + ":1:1: error [input-error] not UTF-8: the file starts with a UTF-16 byte"
                + " order mark; save it as UTF-8");
    }

    @Test
    void aLatin1FileInAFolderIsStillFoundAndReported() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("infra"));
        Files.write(folder.resolve("network.yaml"), "networkSecurityGroups:\n  - name: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        oneLine(run("show", folder.toString()), folder.resolve("network.yaml") + ":2:14: error [input-error] not UTF-8"
                + " at byte 36 (0xE9; perhaps Latin-1 or Windows-1252): save the file as UTF-8");
    }

    @Test
    void anOutPathThatIsAFileIsExplained() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", CheckInput.network("", null));
        Path file = write("reports", "not a folder");
        oneLine(run("check", in.toString(), "--format", "json", "--out", file.toString()), "nsgaudit check: cannot write"
                + " reports to " + file + ": " + file + " exists and is not a folder; give another --out");
    }

    @Test
    void aLeadingZeroInAnAddressIsReported() throws IOException {
        String net = CheckInput.subnetNsg(CheckInput.allowTcp("Allow-Web", 100, "010.001.0.0/16", "443"));
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", net);
        Cli.Run r = run("show", in.toString());
        assertThat(r.err()).as(r.toString()).contains("error [invalid-rule] rule Allow-Web: sourceAddressPrefix:"
                + " '010.001.0.0' has a leading zero in '010' (Azure rejects it; other tools read it as octal):"
                + " write 10.1.0.0");
        Path sub = CheckInput.folder(dir.resolve("sub"), "net.yaml", CheckInput.network("", null)
                .replace("addressPrefix: 10.1.1.0/24", "addressPrefix: 10.1.01.0/24"));
        assertThat(run("show", sub.toString()).err()).contains("error [input-error] addressPrefix of subnet vnet1/app:"
                + " '10.1.01.0' has a leading zero in '01'");
    }

    @Test
    void aStaticAddressOutsideItsSubnetOrReservedIsAnInputError() throws IOException {
        Path outside = CheckInput.folder(dir.resolve("outside"), "net.yaml", CheckInput.network("", null)
                .replace("privateIPAddress: 10.1.1.4", "privateIPAddress: 10.1.2.4"));
        Cli.Run r = CheckInput.check(outside).run();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("net.yaml:9:5: error [invalid-ip-configuration] privateIPAddress 10.1.2.4 of"
                + " network interface vm1 (IP configuration ipconfig1) is outside its subnet vnet1/app (10.1.1.0/24);"
                + " Azure rejects it: use an address of the subnet");
        for (String reserved : new String[] {"10.1.1.0", "10.1.1.3", "10.1.1.255"}) {
            Path in = CheckInput.folder(dir.resolve("r" + reserved), "net.yaml", CheckInput.network("", null)
                    .replace("privateIPAddress: 10.1.1.4", "privateIPAddress: " + reserved));
            Cli.Run s = run("show", in.toString());
            assertThat(s.code()).as(s.toString()).isEqualTo(2);
            assertThat(s.err()).contains("error [invalid-ip-configuration] privateIPAddress " + reserved + " of network"
                    + " interface vm1 (IP configuration ipconfig1) is reserved by Azure in subnet vnet1/app"
                    + " (10.1.1.0/24): the first four addresses and the last of a subnet cannot be assigned; Azure"
                    + " rejects it. Use 10.1.1.4 or later");
        }
        Path first = CheckInput.folder(dir.resolve("ok"), "net.yaml", CheckInput.network("", null));
        assertThat(run("show", first.toString()).err()).doesNotContain("invalid-ip-configuration");
    }

    @Test
    void aFlowsFileThatIsNotUtf8IsPositioned() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", CheckInput.network("", null));
        Path flows = dir.resolve("flows.csv");
        Files.write(flows, "nic,direction,protocol,local,remote\nvm1,Inbound,TCP,10.1.1.4:80,203.0.113.\u00b97:5\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        oneLine(run("verify", "--flows", flows.toString(), in.toString()), flows + ":2:39: error [input-error] not"
                + " UTF-8 at byte 74 (0xB9; perhaps Latin-1 or Windows-1252): save the file as UTF-8");
        oneLine(run("verify", "--flows", dir.resolve("none.csv").toString(), in.toString()), "nsgaudit verify: cannot"
                + " read " + dir.resolve("none.csv") + ": " + dir.resolve("none.csv") + " does not exist");
    }

    @Test
    void anAddressOfTheOtherVersionIsAnInvalidIpConfiguration() throws IOException {
        Path in = CheckInput.folder(dir.resolve("v"), "net.yaml", CheckInput.network("", null)
                .replace("privateIPAddress: 10.1.1.4", "privateIPAddress: 10.1.1.4\n    privateIPAddressVersion: IPv6"));
        Cli.Run r = run("show", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("error [invalid-ip-configuration] IP configuration ipconfig1 of network interface"
                + " vm1 has privateIPAddressVersion IPv6 but the IPv4 address 10.1.1.4; Azure rejects it: make them"
                + " agree");
    }

    @Test
    void aBaselineThatCannotBeWrittenIsOneLine() throws IOException {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", CheckInput.network("", null));
        Path file = write("state", "a file, not a folder");
        Cli.Run r = run("check", in.toString(), "--create-baseline", file.resolve("baseline.json").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).startsWith("nsgaudit: " + file.resolve("baseline.json") + ": cannot write"
                + " the baseline").doesNotContain("internal error");
    }
}
