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
import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, {@code check} on the console: file formats still print the summary and the files written
 * ({@code --quiet} turns that off), {@code --out -} writes the one requested format to stdout, default policies come
 * only from beside the input or the config file, and counts read "1 error".
 */
class CheckConsoleTest {

    /** SSH open on the NIC's own NSG, the subnet without one: 1 error, 2 warnings. */
    private static final String SSH_OPEN = CheckInput.network(null, allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    private Path sshOpen() {
        return CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN);
    }

    @Test
    void fileFormatsStillPrintTheSummaryAndTheFilesWritten() {
        Path out = dir.resolve("reports");
        Cli.Run r = run("check", sshOpen().toString(), "--format", "sarif", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.outLines()).containsExactly(
                "summary: 1 error, 2 warnings, 0 info (0 suppressed, 0 baselined); policies: 0 pass, 0 fail, 0 inconclusive",
                "wrote " + out.resolve("nsgaudit.sarif"));
        assertThat(out.resolve("nsgaudit.sarif")).isNotEmptyFile();
    }

    @Test
    void quietPrintsNothingAndKeepsTheExitCode() {
        Path out = dir.resolve("reports");
        Cli.Run r = run("check", sshOpen().toString(), "--format", "json,sarif", "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        assertThat(out.resolve("nsgaudit.json")).isNotEmptyFile();
    }

    @Test
    void countsAreSingularWhenOne() {
        Cli.Run r = run("check", sshOpen().toString());
        assertThat(r.outLines()).last().asString().startsWith("summary: 1 error, 2 warnings, 0 info");
    }

    @Test
    void outDashWritesTheOneFormatToStandardOutput() throws IOException {
        Path in = sshOpen();
        Cli.Run r = run("check", in.toString(), "--format", "sarif", "--out", "-");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        JsonNode sarif = Json.MAPPER.readTree(r.out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(r.out()).contains("internet-exposed-ssh");
        // The console summary goes to stderr then, so that stdout stays one SARIF document.
        assertThat(r.errLines()).containsExactly(
                "summary: 1 error, 2 warnings, 0 info (0 suppressed, 0 baselined); policies: 0 pass, 0 fail, 0 inconclusive");
        assertThat(Path.of("-")).as("no folder named '-'").doesNotExist();

        Cli.Run json = run("check", in.toString(), "--format", "json", "--out", "-", "--quiet");
        assertThat(Json.MAPPER.readTree(json.out()).path("findings").isArray()).isTrue();
        assertThat(json.err()).isEmpty();
    }

    @Test
    void outDashWithSeveralFormatsIsAUsageError() {
        Cli.Run r = run("check", sshOpen().toString(), "--format", "json,sarif", "--out", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("nsgaudit check: --out - writes one format to standard output, not"
                + " json,sarif; give one --format or an --out folder");
    }

    @Test
    void theCurrentFoldersPoliciesAreNotDefaultsForOtherInput() {
        // The project folder (the tests' working folder) has policies/ for the bundled example, naming ASGs and
        // NICs this input lacks; they must not be read for it.
        assertThat(Path.of("policies")).isDirectory();
        Path in = dir.resolve("bare");
        CheckInput.folder(in, "net.yaml", SSH_OPEN);
        deleteEmptyPolicies(in);
        Cli.Run r = run("check", in.toString(), "--fail-on", "never");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("policies: 0 pass, 0 fail, 0 inconclusive").doesNotContain("policy ");
        assertThat(r.err()).doesNotContain("dangling-reference");
    }

    @Test
    void policiesBesideTheConfigFileAreDefaults() throws IOException {
        Path in = dir.resolve("bare");
        CheckInput.folder(in, "net.yaml", SSH_OPEN);
        deleteEmptyPolicies(in);
        Path project = Files.createDirectories(dir.resolve("project/policies"));
        Files.writeString(project.resolve("ssh.yaml"), """
                policies:
                  - name: no-ssh-from-internet
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Path cfg = Files.writeString(dir.resolve("project/.nsgaudit.yaml"), "failOn: never\n");
        Cli.Run r = run("check", in.toString(), "--config", cfg.toString());
        assertThat(r.out()).contains("policy FAIL no-ssh-from-internet");
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void aDefaultPolicyNamingWhatTheInputLacksIsAnInputError() throws IOException {
        Path in = sshOpen();
        Path policy = Files.writeString(in.resolve("policies/p.yaml"), """
                policies:
                  - name: to-a-ghost
                    from: Internet
                    to: nic:ghost
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains(policy + ":2:5: error [dangling-reference] policy 'to-a-ghost': endpoint"
                + " 'nic:ghost' names network interface 'ghost', which the input does not define");
        assertThat(r.out()).doesNotContain("INCONCLUSIVE");
    }

    private static void deleteEmptyPolicies(Path in) {
        try {
            Files.deleteIfExists(in.resolve("policies"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
