package dev.nsgaudit.load.arm;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates built to exhaust the tool: each gives exit code 2 and one clear line on stderr through the command
 * line ({@code show}), within seconds, with no stack trace and no exception name in the output.
 */
@Timeout(60)
class HostileArmInputTest {

    private static final String SCHEMA = "\"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/"
            + "deploymentTemplate.json#\", \"contentVersion\": \"1.0.0.0\"";

    @TempDir
    Path dir;

    /** Runs show, checks exit 2, no trace, the time, and returns the single stderr line. */
    private static String oneLineError(Path file) {
        long start = System.nanoTime();
        Cli.Run r = Cli.run("show", file.toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("show on " + file.getFileName()).isLessThan(Duration.ofSeconds(10));
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit")
                .doesNotContain("internal error").doesNotContain("StackOverflow").doesNotContain("OutOfMemory");
        assertThat(r.errLines()).as(r.toString()).hasSize(1);
        String line = r.errLines().get(0);
        assertThat(line).as("the line starts with the file and position").startsWith(file.toString() + ":");
        assertThat(line.length()).as("one readable line").isLessThan(600);
        return line;
    }

    @Test
    void jsonNestedAHundredThousandLevelsDeep() throws IOException {
        Path file = dir.resolve("deep.json");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{" + SCHEMA + ", \"variables\": {\"x\": ");
            w.write("[".repeat(100_000));
            w.write("]".repeat(100_000));
            w.write("}, \"resources\": []}");
        }
        assertThat(oneLineError(file)).contains("error [input-error]").contains("nested deeper than 200 levels");
    }

    @Test
    void aTemplateOfFiftyMegabytes() throws IOException {
        // Written in pieces: a valid template with about 160,000 NSGs, far beyond what ARM accepts (4 MB).
        Path file = dir.resolve("huge.json");
        String nsg = "{\"type\": \"Microsoft.Network/networkSecurityGroups\", \"apiVersion\": \"2023-09-01\","
                + " \"name\": \"nsg-%d\", \"location\": \"westeurope\", \"properties\": {\"securityRules\": [{\"name\":"
                + " \"r\", \"properties\": {\"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\","
                + " \"protocol\": \"*\", \"sourceAddressPrefix\": \"*\", \"sourcePortRange\": \"*\","
                + " \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"*\"}}]}}";
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{" + SCHEMA + ", \"resources\": [");
            for (int i = 0; Files.size(file) < 50L * 1024 * 1024 || i == 0; i++) {
                for (int j = 0; j < 1000; j++) {
                    w.write((i + j == 0 ? "" : ",") + nsg.formatted(i * 1000 + j));
                }
                w.flush();
            }
            w.write("]}");
        }
        assertThat(Files.size(file)).isGreaterThan(50L * 1024 * 1024);
        assertThat(oneLineError(file)).contains("error [input-error]").contains("more than the limit of")
                .contains("4 MB");
    }

    @Test
    void deeplyNestedFunctionCalls() throws IOException {
        Path file = dir.resolve("calls.json");
        String expression = "[" + "concat(".repeat(5000) + "'a'" + ")".repeat(5000) + "]";
        Files.writeString(file, "{" + SCHEMA + ", \"resources\": [{\"type\": \"Microsoft.Network/networkSecurityGroups\","
                + " \"apiVersion\": \"2023-09-01\", \"name\": \"" + expression + "\", \"location\": \"westeurope\"}]}");
        assertThat(oneLineError(file)).contains("error [input-error] template expression error")
                .contains("nested deeper than 100 levels");
    }

    @Test
    void aUserDefinedFunctionCallingItself() throws IOException {
        Path file = dir.resolve("udf.json");
        Files.writeString(file, "{" + SCHEMA + ", \"functions\": [{\"namespace\": \"ns\", \"members\": {\"loop\":"
                + " {\"parameters\": [{\"name\": \"x\", \"type\": \"string\"}], \"output\": {\"type\": \"string\","
                + " \"value\": \"[ns.loop(concat(parameters('x'), 'a'))]\"}}}}],"
                + " \"resources\": [{\"type\": \"Microsoft.Network/networkSecurityGroups\", \"apiVersion\": \"2023-09-01\","
                + " \"name\": \"[ns.loop('start')]\", \"location\": \"westeurope\"}]}");
        assertThat(oneLineError(file)).contains("error [input-error] template expression error")
                .contains("recursive user function");
    }

    @Test
    void aVariableThatReferencesItself() throws IOException {
        Path file = dir.resolve("self.json");
        Files.writeString(file, "{" + SCHEMA + ", \"variables\": {\"name\": \"[concat('nsg-', variables('name'))]\"},"
                + " \"resources\": [{\"type\": \"Microsoft.Network/networkSecurityGroups\", \"apiVersion\": \"2023-09-01\","
                + " \"name\": \"[variables('name')]\", \"location\": \"westeurope\"}]}");
        assertThat(oneLineError(file)).contains("error [input-error] template expression error")
                .contains("variables('name') depends on itself");
    }

    @Test
    void aCycleThroughTwoVariablesInARuleKeepsTheNsgMarkedUnknown() throws IOException {
        // The error line comes first; the NSG whose properties could not be evaluated is kept with an unresolved
        // value (never shown as an NSG without rules), which is reported as a second line.
        Path file = dir.resolve("cycle.json");
        Files.writeString(file, "{" + SCHEMA + ", \"variables\": {\"a\": \"[variables('b')]\", \"b\": \"[variables('a')]\"},"
                + " \"resources\": [{\"type\": \"Microsoft.Network/networkSecurityGroups\", \"apiVersion\": \"2023-09-01\","
                + " \"name\": \"nsg-cycle\", \"location\": \"westeurope\", \"properties\": {\"securityRules\": [{\"name\":"
                + " \"r\", \"properties\": {\"priority\": 100, \"direction\": \"Inbound\", \"access\": \"Allow\","
                + " \"protocol\": \"*\", \"sourceAddressPrefix\": \"[variables('a')]\", \"sourcePortRange\": \"*\","
                + " \"destinationAddressPrefix\": \"*\", \"destinationPortRange\": \"*\"}}]}}]}");
        Cli.Run r = Cli.run("show", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit");
        assertThat(r.errLines()).hasSize(2);
        assertThat(r.errLines().get(0)).contains("error [input-error] template expression error")
                .contains("depends on itself");
        assertThat(r.errLines().get(1))
                .contains("error [unresolved-value] network security group nsg-cycle: securityRules");
        assertThat(ShowSummary.of(file.toString())).startsWith("nsg nsg-cycle\n  rule ?([variables('a')]");
    }
}
