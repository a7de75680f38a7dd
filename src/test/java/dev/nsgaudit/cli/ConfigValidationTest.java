package dev.nsgaudit.cli;

import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value of the config file is checked where it is written: a misspelt id, a negative threshold or an
 * unknown severity is an input error (exit 2) at file:line:col, never a run that checks nothing and passes.
 */
class ConfigValidationTest {

    private static final String SSH_OPEN = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    private Result checkWith(String configYaml) throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), configYaml);
        return CheckInput.check(CheckInput.folder(dir.resolve("in"), "net.yaml", SSH_OPEN), "--config", cfg.toString());
    }

    /** Exit 2 and the console line (file reports only were asked for, so the reason goes to stderr). */
    private void inputError(Result r, String expectedLine) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().errLines()).as(r.toString())
                .anyMatch(l -> l.startsWith(dir.resolve("cfg.yaml") + expectedLine));
        assertThat(r.run().out() + r.run().err()).doesNotContain("Exception").doesNotContain("internal error");
    }

    @Test
    void aMisspeltIdInOnlyIsAnErrorWithDidYouMean() throws IOException {
        inputError(checkWith("rules:\n  only: [internet-exposed-sshh]\n"), ":2:10: error [input-error] unknown"
                + " finding id 'internet-exposed-sshh' in rules.only; did you mean 'internet-exposed-ssh'?");
    }

    @Test
    void misspeltIdsInDisabledAndSeverity() throws IOException {
        Result r = checkWith("rules:\n  disabled:\n    - shadowed-rules\n  severity:\n    redundant_rule: info\n");
        inputError(r, ":3:7: error [input-error] unknown finding id 'shadowed-rules' in rules.disabled; did you mean"
                + " 'shadowed-rule'?");
        inputError(r, ":5:5: error [input-error] unknown finding id 'redundant_rule' in rules.severity; did you"
                + " mean 'redundant-rule'?");
    }

    @Test
    void inputProblemsCannotBeDisabled() throws IOException {
        inputError(checkWith("rules:\n  disabled: [yaml-syntax]\n"), ":2:14: error [input-error] 'yaml-syntax' in"
                + " rules.disabled is not a check of the rule catalog: input problems always count, they cannot be"
                + " turned off or re-rated (a suppression can accept one)");
    }

    @Test
    void aSuppressionOfAnUnknownIdIsAnError() throws IOException {
        Result r = checkWith("""
                suppressions:
                  - id: internet-exposed-shh
                    reason: typo
                """);
        inputError(r, ":2:9: error [input-error] unknown finding id 'internet-exposed-shh' in a suppression; did"
                + " you mean 'internet-exposed-ssh'?");
        assertThat(r.findings("internet-exposed-ssh")).allSatisfy(f -> assertThat(f.path("status").asText())
                .isEqualTo("open"));
    }

    @Test
    void anArmSuppressionOfAnUnknownIdIsAnError() {
        Path in = CheckInput.folder(dir.resolve("arm"), "azuredeploy.json", ArmInputs.sshFrom("Internet", """
                "metadata": {"nsgaudit": {"suppress": [{"id": "internet-exposed-rpd", "reason": "typo"}]}},"""));
        Result r = CheckInput.check(in);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().err()).contains("azuredeploy.json:").contains("error [input-error] unknown finding id"
                + " 'internet-exposed-rpd' in a suppression; did you mean 'internet-exposed-rdp'?");
    }

    @Test
    void aNegativeExposureThresholdIsAPositionedError() throws IOException {
        inputError(checkWith("exposureThreshold: -5\n"), ":1:20: error [input-error] exposureThreshold must be a"
                + " whole number of Internet addresses from 0 to 2^128 (default 16777216, a /8), not '-5'");
        inputError(checkWith("exposureThreshold: NaN\n"), ":1:20: error [input-error] exposureThreshold must be");
        inputError(checkWith("exposureThreshold: [1]\n"), ":1:20: error [input-error] exposureThreshold of the"
                + " config file must be a single value");
    }

    @Test
    void aWholeThresholdStillWorks() throws IOException {
        // 2^32 Internet addresses cannot be reached over IPv4: above every IPv4 exposure, so SSH passes.
        Result r = checkWith("exposureThreshold: 4294967296\n");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.findings("internet-exposed-ssh")).isEmpty();
    }

    @Test
    void failOnAndInconclusiveAreCheckedInTheFile() throws IOException {
        inputError(checkWith("failOn: critical\n"), ":1:9: error [input-error] failOn must be error, warning, info"
                + " or never, not 'critical'");
        inputError(checkWith("inconclusive: ignore\n"), ":1:15: error [input-error] inconclusive in the config file"
                + " must be error, warning or info, not 'ignore'");
        inputError(checkWith("rules:\n  severity: {shadowed-rule: low}\n"), ":2:29: error [input-error]"
                + " shadowed-rule in rules.severity must be error, warning or info, not 'low'");
    }

    @Test
    void suppressionTargetsAreChecked() throws IOException {
        inputError(checkWith("""
                suppressions:
                  - id: internet-exposed-ssh
                    target: nci:vm1
                    reason: typo in the kind
                """), ":2:5: error [input-error] suppression target 'nci:vm1' can match nothing: 'nci:' is no kind of"
                + " target; did you mean 'nic:'?");
        Result r = checkWith("""
                suppressions:
                  - id: internet-exposed-ssh
                    target: nsg-app/Allow-SHH
                    reason: typo in the rule
                """);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.run().err() + r.json()).contains("suppression target 'nsg-app/Allow-SHH' names nothing in the"
                + " input, so it suppresses nothing; check the name");
        Result ok = checkWith("""
                suppressions:
                  - {id: internet-exposed-ssh, target: nic:vm1, reason: a}
                  - {id: internet-exposed-ssh, target: subnet:vnet1/app, reason: b}
                  - {id: "*", target: NSG-APP/AllowVnetInBound, reason: c}
                """);
        assertThat(ok.ids()).as(ok.toString()).doesNotContain("input-warning", "input-error");
    }
}
