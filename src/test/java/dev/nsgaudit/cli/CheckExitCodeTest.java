package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import dev.nsgaudit.testing.CheckInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * End-to-end exit codes of {@code check} (SPEC section 5): 0 nothing at or above {@code --fail-on}, 1 findings or
 * failed/inconclusive policies at or above it, 2 usage error or unreadable input; and {@code nsgaudit rules}.
 */
class CheckExitCodeTest {

    private static final String EXAMPLE = "examples/three-tier";
    private static final String POLICIES = "policies";
    private static final String SSH_OPEN = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"));

    @TempDir
    Path dir;

    private Path input(String yaml) {
        return CheckInput.folder(dir.resolve("in"), "net.yaml", yaml);
    }

    private static void assertNoTrace(Cli.Run r) {
        assertThat(r.out() + r.err()).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("internal error");
    }

    @Test
    void bundledExampleIsClean() {
        // Warnings, info and one failing warning-level policy: nothing at error level.
        Cli.Run r = run("check", EXAMPLE, "--policy", POLICIES);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.outLines()).anyMatch(l -> l.startsWith("summary: 0 errors, 4 warnings, 5 info"));
    }

    @Test
    void sshOpenToTheInternetFails() {
        Cli.Run r = run("check", input(SSH_OPEN).toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("error [internet-exposed-ssh]").contains("net.yaml:15:9:");
        assertNoTrace(r);
    }

    /**
     * Issue 10 item 2 end to end: Deny 0-1023 at 100 decides all of port 443, so Allow 443 at 200 is dead and decides
     * nothing; Deny 443 at 300 is redundant (a warning), not shadowed "because 200 decides some of its packets".
     */
    @Test
    void aDeadRuleOfTheOtherAccessDoesNotMakeALaterRuleShadowed() {
        Cli.Run r = run("check", input(subnetNsg(
                CheckInput.rule("Deny-Low", 100, "Deny", "Tcp", "sourceAddressPrefix: \"*\"",
                        "destinationPortRange: \"0-1023\""),
                allowTcp("Allow-Https", 200, "\"*\"", "443"),
                CheckInput.rule("Deny-Https", 300, "Deny", "Tcp", "sourceAddressPrefix: \"*\"",
                        "destinationPortRange: \"443\""))).toString(), "--fail-on", "error");
        assertThat(r.outLines()).filteredOn(l -> l.contains("[shadowed-rule]")).singleElement()
                .satisfies(l -> assertThat(l).contains("Allow-Https").doesNotContain("Deny-Https"));
        assertThat(r.outLines()).filteredOn(l -> l.contains("[redundant-rule]") && l.contains("Deny-Https"))
                .singleElement().satisfies(l -> assertThat(l).contains("warning [redundant-rule]", "Deny-Low")
                        .doesNotContain("Allow-Https"));
        assertNoTrace(r);
    }

    @Test
    void failOnLowersOrRaisesTheBar() {
        assertThat(run("check", EXAMPLE, "--policy", POLICIES, "--fail-on", "error").code()).isZero();
        assertThat(run("check", EXAMPLE, "--policy", POLICIES, "--fail-on", "warning").code()).isEqualTo(1);
        assertThat(run("check", EXAMPLE, "--policy", POLICIES, "--fail-on", "info").code()).isEqualTo(1);
        Path ssh = input(SSH_OPEN);
        assertThat(run("check", ssh.toString(), "--fail-on", "never").code()).isZero();
        assertThat(run("check", ssh.toString(), "--fail-on", "NEVER").code()).isZero();
    }

    @Test
    void failOnWarningCountsAWarningLevelPolicy() throws IOException {
        // Only the policy no-ssh-from-internet fails (severity warning) once the warning findings are disabled.
        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), """
                rules:
                  disabled: [lateral-movement-management, correlated-rules]
                """);
        Cli.Run warn = run("check", EXAMPLE, "--policy", POLICIES, "--config", cfg.toString(), "--fail-on", "warning");
        assertThat(warn.code()).as(warn.toString()).isEqualTo(1);
        assertThat(warn.out()).contains("policy FAIL no-ssh-from-internet");
        assertThat(warn.out()).doesNotContain("[lateral-movement-management]");
        Cli.Run err = run("check", EXAMPLE, "--policy", POLICIES, "--config", cfg.toString(), "--fail-on", "error");
        assertThat(err.code()).as(err.toString()).isZero();
    }

    @Test
    void failOnFromTheConfigFileAndTheOptionWins() throws IOException {
        Path cfg = Files.writeString(dir.resolve("cfg.yaml"), "failOn: warning\n");
        assertThat(run("check", EXAMPLE, "--policy", POLICIES, "--config", cfg.toString()).code()).isEqualTo(1);
        assertThat(run("check", EXAMPLE, "--policy", POLICIES, "--config", cfg.toString(), "--fail-on", "error")
                .code()).isZero();
    }

    @Test
    void badFailOnIsAUsageError() {
        Cli.Run r = run("check", EXAMPLE, "--policy", POLICIES, "--fail-on", "critical");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fail-on must be error, warning, info or never");
    }

    @Test
    void failingErrorPolicyFails() throws IOException {
        Path in = input(subnetNsg(allowTcp("Allow-SSH-Office", 100, "203.0.113.0/24", "22")));
        Files.writeString(in.resolve("policies/ssh.yaml"), """
                policies:
                  - name: office-has-no-ssh
                    from: 203.0.113.0/24
                    to: nic:vm1
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("policy FAIL office-has-no-ssh: a packet is allowed: Tcp 203.0.113.0:49152 -> 10.1.1.4:22");
        Files.writeString(in.resolve("policies/ssh.yaml"), Files.readString(in.resolve("policies/ssh.yaml"))
                .replace("expect: deny", "expect: allow"));
        assertThat(run("check", in.toString()).code()).isZero();
    }

    @Test
    void inconclusivePolicyFailsUnlessLowered() throws IOException {
        // The rule's source is an ARM parameter without a value: whether the office range is denied is unknown.
        Path in = CheckInput.folder(dir.resolve("arm"), "azuredeploy.json",
                ArmInputs.sshFrom("[parameters('adminSource')]", ""), "policies/ssh.yaml", """
                policies:
                  - name: no-ssh-from-partner
                    from: 198.51.100.0/24
                    to: subnet:vnet1/app
                    protocol: Tcp
                    ports: "22"
                    expect: deny
                """);
        Path quiet = Files.writeString(dir.resolve("quiet.yaml"), """
                rules:
                  disabled: [unresolved-value, internet-exposed-ssh]
                """);
        Cli.Run r = run("check", in.toString(), "--config", quiet.toString());
        assertThat(r.out()).contains("policy INCONCLUSIVE no-ssh-from-partner");
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        Path lowered = Files.writeString(dir.resolve("lowered.yaml"), Files.readString(quiet) + "inconclusive: warning\n");
        Cli.Run l = run("check", in.toString(), "--config", lowered.toString());
        assertThat(l.out()).contains("policy INCONCLUSIVE no-ssh-from-partner");
        assertThat(l.code()).as(l.toString()).isZero();
    }

    @Test
    void malformedYamlIsAnInputError() throws IOException {
        Path in = CheckInput.folder(dir.resolve("bad"), "net.yaml", "networkSecurityGroups:\n  - name: x\n    securityRules: [\n");
        Cli.Run r = run("check", in.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("net.yaml:4:1: error [yaml-syntax] malformed YAML");
        assertNoTrace(r);
    }

    @Test
    void malformedYamlWithFileReportsOnlyStillSaysWhy() throws IOException {
        Path in = CheckInput.folder(dir.resolve("bad"), "net.yaml", "networkSecurityGroups:\n  - name: x\n    securityRules: [\n");
        Cli.Run r = run("check", in.toString(), "--format", "json,sarif", "--out", dir.resolve("out").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("net.yaml:4:1: error [yaml-syntax] malformed YAML");
        assertThat(dir.resolve("out/nsgaudit.json")).exists();
        assertNoTrace(r);
    }

    @Test
    void malformedArmJsonIsAnInputError() throws IOException {
        Path in = CheckInput.folder(dir.resolve("bad"), "azuredeploy.json", """
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                 "resources": [ {"type": "Microsoft.Network/networkSecurityGroups", "name": ]}
                """);
        Cli.Run r = run("check", in.resolve("azuredeploy.json").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out() + r.err()).contains("azuredeploy.json:2:");
        assertNoTrace(r);
    }

    @Test
    void missingInputIsAnInputError() {
        Cli.Run r = run("check", dir.resolve("nothing-here.yaml").toString(), "--policy", dir.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("nothing-here.yaml: error [input-error] no such file or folder");
        assertNoTrace(r);
    }

    @Test
    void missingPolicyFileIsAnInputError() {
        Cli.Run r = run("check", EXAMPLE, "--policy", dir.resolve("missing.yaml").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("missing.yaml: error [input-error]");
    }

    @Test
    void missingConfigFileIsAnInputError() {
        Cli.Run r = run("check", EXAMPLE, "--policy", POLICIES, "--config", dir.resolve("none.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("config file").contains("not found");
    }

    @Test
    void unknownFormatIsAUsageError() throws IOException {
        Path out = dir.resolve("out");
        Cli.Run r = run("check", EXAMPLE, "--policy", POLICIES, "--format", "json,pdf", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown format 'pdf'").contains("text, json, html, junit or sarif");
        assertThat(out).doesNotExist();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void formatsAreCaseInsensitiveAndWriteTheirFiles() {
        Path out = dir.resolve("out");
        Cli.Run r = run("check", EXAMPLE, "--policy", POLICIES, "--format", "JSON", "--format", "html,junit,sarif",
                "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        // No text report unless asked for; the console still gets the summary and the files written.
        assertThat(r.outLines()).containsExactly(
                "summary: 0 errors, 4 warnings, 5 info (0 suppressed, 0 baselined); policies: 10 pass, 1 fail, 0 inconclusive",
                "wrote " + out.resolve("nsgaudit.json"), "wrote " + out.resolve("nsgaudit.html"),
                "wrote " + out.resolve("nsgaudit-junit.xml"), "wrote " + out.resolve("nsgaudit.sarif"));
        assertThat(out.resolve("nsgaudit.json")).isNotEmptyFile();
        assertThat(out.resolve("nsgaudit.html")).isNotEmptyFile();
        assertThat(out.resolve("nsgaudit-junit.xml")).isNotEmptyFile();
        assertThat(out.resolve("nsgaudit.sarif")).isNotEmptyFile();
    }

    @Test
    void rulesListsTheWholeCatalog() throws IOException {
        List<String> ids;
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            ids = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
        assertThat(ids).contains("internet-exposed-ssh", "internet-exposed-rdp", "shadowed-rule", "unresolved-value");
        Cli.Run r = run("rules");
        assertThat(r.code()).isZero();
        assertThat(r.outLines()).hasSize(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(r.outLines().get(i)).as("sorted by id").startsWith(ids.get(i) + " ");
        }
        assertThat(r.out()).containsPattern("(?m)^internet-exposed-ssh +error +exposure +SSH");
        assertThat(r.out()).containsPattern("(?m)^redundant-rule +warning +analysis ");

        Cli.Run verbose = run("rules", "--verbose");
        assertThat(verbose.code()).isZero();
        assertThat(verbose.out()).contains("    Why: ").contains("    Fix: ").contains("    See: ");
        assertThat(verbose.out().split("\n    Fix: ", -1)).hasSize(ids.size() + 1);
    }
}
