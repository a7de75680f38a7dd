package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.CheckInput.Result;
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
 * Accepting findings on purpose (SPEC section 6): suppressions with a mandatory reason and an optional expiry,
 * in the config file and as ARM metadata; and the baseline, after which only new findings fail.
 */
class SuppressionAndBaselineTest {

    /** SSH from the whole Internet to the subnet of vm1: an internet-exposed-ssh error on nic:vm1 and the subnet. */
    private static final String SSH_OPEN = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    private Path input(String name, String file, String content) {
        return CheckInput.folder(dir.resolve(name), file, content);
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("nsgaudit-config.yaml"), yaml);
    }

    private static String suppression(String expires) {
        return """
                suppressions:
                  - id: internet-exposed-ssh
                    target: nsg-app/Allow-SSH
                    reason: the bastion replaces this rule in March
                """ + (expires == null ? "" : "    expires: " + expires + "\n");
    }

    private static void assertAllSshSuppressed(Result r, String reason) {
        List<JsonNode> ssh = r.findings("internet-exposed-ssh");
        assertThat(ssh).as(r.toString()).isNotEmpty();
        for (JsonNode f : ssh) {
            assertThat(f.path("status").asText()).as(f.toString()).isEqualTo("suppressed");
            assertThat(f.path("note").asText()).contains(reason);
        }
        assertThat(r.json().path("summary").path("findings").path("error").asInt()).as(r.toString()).isZero();
        assertThat(r.json().path("summary").path("findings").path("suppressed").asInt()).isEqualTo(ssh.size());
        assertThat(r.code()).as(r.toString()).isZero();
    }

    @Test
    void configSuppressionBeforeItsExpiryDateSuppresses() throws IOException {
        Path in = input("in", "net.yaml", SSH_OPEN);
        Path cfg = config(suppression("2027-03-31"));
        // The expiry date is the last day it applies.
        for (String today : List.of("2026-01-15", "2027-03-31")) {
            Result r = CheckInput.check(in, "--config", cfg.toString(), "--today", today);
            assertAllSshSuppressed(r, "the bastion replaces this rule in March (until 2027-03-31)");
            assertThat(r.ids()).doesNotContain("expired-suppression");
        }
    }

    @Test
    void configSuppressionWithoutExpiryAlwaysSuppresses() throws IOException {
        Result r = CheckInput.check(input("in", "net.yaml", SSH_OPEN), "--config", config(suppression(null)).toString(),
                "--today", "2099-01-01");
        assertAllSshSuppressed(r, "the bastion replaces this rule in March");
    }

    @Test
    void expiredSuppressionNoLongerSuppressesAndIsReported() throws IOException {
        Result r = CheckInput.check(input("in", "net.yaml", SSH_OPEN), "--config",
                config(suppression("2027-03-31")).toString(), "--today", "2027-04-01");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        List<JsonNode> ssh = r.findings("internet-exposed-ssh");
        assertThat(ssh).isNotEmpty().allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("open"));
        List<JsonNode> expired = r.findings("expired-suppression");
        assertThat(expired).as(r.toString()).hasSize(1);
        assertThat(expired.get(0).path("severity").asText()).isEqualTo("warning");
        assertThat(expired.get(0).path("message").asText()).contains("internet-exposed-ssh", "nsg-app/Allow-SSH",
                "expired on 2027-03-31", "the bastion replaces this rule in March");
        assertThat(expired.get(0).path("file").asText()).endsWith("nsgaudit-config.yaml");
        assertThat(expired.get(0).path("line").asInt()).isEqualTo(2);
    }

    @Test
    void suppressionByTargetAndByNsg() throws IOException {
        // A target (nic:vm1) suppresses that target only; the other target of the same rule stays open.
        Path in = input("in", "net.yaml", SSH_OPEN);
        Result r = CheckInput.check(in, "--config", config("""
                suppressions:
                  - id: internet-exposed-ssh
                    target: nic:vm1
                    reason: vm1 is the jump host
                """).toString());
        assertThat(r.findings("internet-exposed-ssh", "nic:vm1").get(0).path("status").asText()).isEqualTo("suppressed");
        assertThat(r.findings("internet-exposed-ssh", "subnet:vnet1/app").get(0).path("status").asText())
                .isEqualTo("open");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void configSuppressionWithoutReasonIsAnInputError() throws IOException {
        Result r = CheckInput.check(input("in", "net.yaml", SSH_OPEN), "--config", config("""
                suppressions:
                  - id: internet-exposed-ssh
                    target: nsg-app/Allow-SSH
                """).toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        // With only file reports asked for, the reason still reaches the console.
        assertThat(r.run().err()).contains("nsgaudit-config.yaml:2:").contains("reason");
        assertThat(r.findings("input-error")).hasSize(1);
        assertThat(r.run().out() + r.run().err()).doesNotContain("Exception");
        // Nothing was suppressed by it.
        assertThat(r.findings("internet-exposed-ssh")).allSatisfy(f -> assertThat(f.path("status").asText())
                .isEqualTo("open"));
    }

    private static final String ARM_SUPPRESS = """
            "metadata": {"nsgaudit": {"suppress": [
              {"id": "internet-exposed-ssh", "rule": "Allow-SSH-Admin", "reason": "temporary vendor access",
               "expires": "2027-03-31"}]}},""";

    @Test
    void armMetadataOnTheNsgSuppresses() {
        Path in = input("arm", "azuredeploy.json", ArmInputs.sshFrom("Internet", ARM_SUPPRESS));
        Result r = CheckInput.check(in, "--today", "2026-06-01");
        assertAllSshSuppressed(r, "temporary vendor access (until 2027-03-31)");
        // And it expires like any other.
        Result later = CheckInput.check(in, "--today", "2027-04-01");
        assertThat(later.code()).as(later.toString()).isEqualTo(1);
        assertThat(later.findings("expired-suppression")).hasSize(1);
        assertThat(later.findings("expired-suppression").get(0).path("file").asText()).endsWith("azuredeploy.json");
    }

    @Test
    void armMetadataOnASecurityRuleResourceSuppresses() {
        Path in = input("arm", "azuredeploy.json", ArmInputs.sshAsChildResource("Internet", """
                "metadata": {"nsgaudit": {"suppress": [
                  {"id": "internet-exposed-ssh", "reason": "temporary vendor access"}]}},"""));
        Result r = CheckInput.check(in);
        assertAllSshSuppressed(r, "temporary vendor access");
    }

    @Test
    void armMetadataWithoutReasonIsAnInputError() {
        Path in = input("arm", "azuredeploy.json", ArmInputs.sshFrom("Internet", """
                "metadata": {"nsgaudit": {"suppress": [{"id": "internet-exposed-ssh", "rule": "Allow-SSH-Admin"}]}},"""));
        Result r = CheckInput.check(in);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().err()).contains("azuredeploy.json:").contains("a suppression needs an id and a reason");
        assertThat(r.findings("input-error")).hasSize(1);
        assertThat(r.findings("internet-exposed-ssh")).allSatisfy(f -> assertThat(f.path("status").asText())
                .isEqualTo("open"));
    }

    @Test
    void sarifMarksSuppressedResults() throws IOException {
        Path in = input("in", "net.yaml", SSH_OPEN);
        Path out = dir.resolve("sarif");
        dev.nsgaudit.testing.Cli.Run run = dev.nsgaudit.testing.Cli.run("check", in.toString(), "--config",
                config(suppression(null)).toString(), "--format", "sarif", "--out", out.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode sarif = new ObjectMapper().readTree(out.resolve("nsgaudit.sarif").toFile());
        int suppressed = 0;
        for (JsonNode res : sarif.path("runs").get(0).path("results")) {
            if (res.path("ruleId").asText().equals("internet-exposed-ssh")) {
                assertThat(res.path("suppressions").get(0).path("kind").asText()).isEqualTo("external");
                assertThat(res.path("suppressions").get(0).path("justification").asText())
                        .isEqualTo("the bastion replaces this rule in March");
                suppressed++;
            } else {
                assertThat(res.has("suppressions")).as(res.toString()).isFalse();
            }
        }
        assertThat(suppressed).isEqualTo(2);
    }

    @Test
    void baselineRoundTrip() throws IOException {
        Path in = input("in", "net.yaml", SSH_OPEN);
        Path baseline = dir.resolve("state/nsgaudit-baseline.json");

        // First run: records today's findings and passes.
        Result first = CheckInput.check(in, "--create-baseline", baseline.toString());
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(baseline).exists();
        assertThat(first.run().err()).contains("baseline of", "recorded in " + baseline);
        JsonNode recorded = new ObjectMapper().readTree(baseline.toFile());
        assertThat(recorded.path("findings").findValuesAsText("id")).contains("internet-exposed-ssh");
        String bytes = Files.readString(baseline);

        // Second run, same input: the recorded findings are known, so it passes, and the file is unchanged.
        Result second = CheckInput.check(in, "--baseline", baseline.toString());
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.findings("internet-exposed-ssh")).hasSize(2)
                .allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("baselined"));
        assertThat(second.json().path("summary").path("findings").path("baselined").asInt()).isPositive();
        assertThat(Files.readString(baseline)).isEqualTo(bytes);

        // A new finding (RDP opened as well) fails; the old ones stay baselined.
        Files.writeString(in.resolve("net.yaml"), subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"),
                allowTcp("Allow-RDP", 110, "Internet", "3389")));
        Result third = CheckInput.check(in, "--baseline", baseline.toString());
        assertThat(third.code()).as(third.toString()).isEqualTo(1);
        assertThat(third.findings("internet-exposed-rdp")).isNotEmpty()
                .allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("open"));
        assertThat(third.findings("internet-exposed-ssh"))
                .allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("baselined"));
    }

    @Test
    void recordingRunFailsOnlyOnPoliciesAtTheThreshold() throws IOException {
        // A baseline covers findings, not policies: the recording run fails only for a policy at --fail-on.
        Path in = input("in", "net.yaml", SSH_OPEN);
        Files.writeString(in.resolve("policies/p.yaml"), """
                policies:
                  - name: no-ssh-from-internet
                    from: Internet
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                    severity: warning
                """);
        Result record = CheckInput.check(in, "--create-baseline", dir.resolve("b1.json").toString());
        assertThat(record.code()).as("error findings recorded, warning policy below error: " + record).isZero();
        Result again = CheckInput.check(in, "--baseline", dir.resolve("b1.json").toString());
        assertThat(again.code()).as(again.toString()).isZero();
        Result strict = CheckInput.check(in, "--create-baseline", dir.resolve("b2.json").toString(), "--fail-on",
                "warning");
        assertThat(strict.code()).as("the warning policy fails at warning: " + strict).isEqualTo(1);
        assertThat(dir.resolve("b2.json")).exists();
    }

    @Test
    void unreadableBaselineIsAnInputError() throws IOException {
        Path in = input("in", "net.yaml", SSH_OPEN);
        Path baseline = Files.writeString(dir.resolve("baseline.json"), "{ not json");
        Result r = CheckInput.check(in, "--baseline", baseline.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.run().err()).contains("baseline.json").contains("cannot read the baseline");
    }
}
