package dev.nsgaudit.cli;

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

/** Issue 11: Checkov-style filters of {@code check}: --check, --skip-check, --severity. */
class CheckFiltersTest {

    @TempDir
    Path dir;

    /** Findings: internet-exposed-ssh (error), subnet-without-nsg and lateral-movement-management (warnings). */
    private CheckInput.Result check(String... options) {
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml",
                CheckInput.network(null, allowTcp("Allow-SSH", 100, "Internet", "22")));
        return CheckInput.check(in, options);
    }

    @Test
    void withoutFiltersEveryCheckRuns() {
        CheckInput.Result r = check();
        assertThat(r.ids()).containsExactlyInAnyOrder("subnet-without-nsg", "lateral-movement-management",
                "internet-exposed-ssh");
    }

    @Test
    void checkRunsOnlyTheNamedChecks() {
        CheckInput.Result r = check("--check", "subnet-without-nsg,lateral-movement-management");
        assertThat(r.ids()).containsExactlyInAnyOrder("subnet-without-nsg", "lateral-movement-management");
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void skipCheckLeavesTheNamedChecksOut() {
        CheckInput.Result r = check("--skip-check", "internet-exposed-ssh", "--skip-check", "subnet-without-nsg");
        assertThat(r.ids()).containsExactly("lateral-movement-management");
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void checkAndTheConfigFileMustBothLetACheckRun() throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), "rules:\n  only: [internet-exposed-ssh]\n");
        assertThat(check("--config", cfg.toString(), "--check", "subnet-without-nsg").ids()).isEmpty();
        assertThat(check("--config", cfg.toString(), "--check", "internet-exposed-ssh,subnet-without-nsg").ids())
                .containsExactly("internet-exposed-ssh");
    }

    @Test
    void severityKeepsOnlyFindingsAtOrAboveIt() {
        CheckInput.Result errors = check("--severity", "error");
        assertThat(errors.ids()).containsExactly("internet-exposed-ssh");
        assertThat(errors.json().path("summary").path("findings").path("warning").asInt()).isZero();
        assertThat(errors.code()).isEqualTo(1);
        // What is not reported does not fail the run either.
        CheckInput.Result warnings = check("--skip-check", "internet-exposed-ssh", "--severity", "ERROR",
                "--fail-on", "warning");
        assertThat(warnings.ids()).isEmpty();
        assertThat(warnings.code()).as(warnings.toString()).isZero();
    }

    @Test
    void unknownIdsAreErrorsWithDidYouMean() {
        Cli.Run r = check("--check", "internet-exposed-shh").run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).containsExactly("nsgaudit check: unknown finding id 'internet-exposed-shh' in --check;"
                + " did you mean 'internet-exposed-ssh'?");
        Cli.Run skip = check("--skip-check", "yaml-syntax").run();
        assertThat(skip.code()).isEqualTo(2);
        assertThat(skip.err()).contains("'yaml-syntax' in --skip-check is not a check of the rule catalog");
        Cli.Run severity = check("--severity", "critical").run();
        assertThat(severity.code()).isEqualTo(2);
        assertThat(severity.errLines()).containsExactly(
                "nsgaudit check: --severity must be error, warning or info, not 'critical'");
    }
}
