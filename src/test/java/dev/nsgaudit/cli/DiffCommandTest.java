package dev.nsgaudit.cli;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code nsgaudit diff} end to end: exit codes, input errors, the git base mode and the Markdown golden file. */
class DiffCommandTest {

    static final Path EXAMPLE = Path.of("examples/three-tier");
    static final Path HEAD = Path.of("src/test/resources/diff/three-tier-head");
    static final Path GOLDEN = Path.of("src/test/resources/golden/diff/three-tier.md");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TempDir
    Path tmp;

    private static final String NETWORK = """
            virtualNetworks:
              - name: vnet
                addressSpace: [10.0.0.0/16]
                subnets:
                  - name: web
                    addressPrefix: 10.0.1.0/24
                    networkSecurityGroup: nsg-web
            networkInterfaces:
              - name: nic-web
                subnet: vnet/web
                privateIPAddress: 10.0.1.4
            networkSecurityGroups:
              - name: nsg-web
                securityRules:
            """;

    private static String rule(String name, int priority, String access, String source, String port) {
        return """
                      - name: %s
                        priority: %d
                        direction: Inbound
                        access: %s
                        protocol: Tcp
                        sourceAddressPrefix: "%s"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "%s"
                """.formatted(name, priority, access, source, port);
    }

    private Path version(String name, String... rules) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        String text = rules.length == 0 ? NETWORK.replace("securityRules:\n", "securityRules: []\n")
                : NETWORK + String.join("", rules);
        Files.writeString(dir.resolve("network.yaml"), text, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void aNewlyAllowedFlowFromTheInternetFails() throws IOException {
        Path base = version("base");
        Path head = version("head", rule("Allow-SSH", 100, "Allow", "Internet", "22"));
        Cli.Run run = Cli.run("diff", base.toString(), head.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("nic:nic-web/ipconfig1 Inbound newly allowed: Tcp from 1.0.0.0/8")
                .contains("after Allow by nsg-web securityRules/Allow-SSH; changed rules: nsg-web/Allow-SSH (added)")
                .contains("change: NSG nsg-web: rule Allow-SSH added")
                .contains("nsgaudit diff: newly allows traffic from the Internet");
        assertThat(Cli.run("diff", "--fail-on", "never", base.toString(), head.toString()).code()).isZero();
    }

    @Test
    void onlyNewlyDeniedOrPrivateFlowsPassUnlessFailOnAllow() throws IOException {
        Path base = version("base", rule("Allow-HTTPS", 100, "Allow", "*", "443"));
        Path head = version("head", rule("Allow-HTTPS", 100, "Allow", "10.0.0.0/8", "443"));
        Cli.Run closing = Cli.run("diff", base.toString(), head.toString());
        assertThat(closing.code()).as(closing.toString()).isZero();
        assertThat(closing.out()).contains("newly denied").doesNotContain("newly allowed:");
        Cli.Run opening = Cli.run("diff", head.toString(), base.toString());
        assertThat(opening.code()).as("from the Internet").isEqualTo(1);
        Path narrow = version("narrow", rule("Allow-HTTPS", 100, "Allow", "192.168.0.0/16", "443"));
        Cli.Run privateOnly = Cli.run("diff", head.toString(), narrow.toString());
        assertThat(privateOnly.out()).contains("newly allowed");
        assertThat(privateOnly.code()).as(privateOnly.toString()).isZero();
        assertThat(Cli.run("diff", "--fail-on", "allow", head.toString(), narrow.toString()).code()).isEqualTo(1);
    }

    private static final String HTTPS_POLICY = """
            policies:
              - name: web-serves-https
                from: Internet
                to: nic:nic-web
                protocol: Tcp
                ports: "443"
                expect: allow
            """;

    @Test
    void aNewlyFailingPolicyFailsWithHeadsWitness() throws IOException {
        Path base = version("base", rule("Allow-HTTPS", 100, "Allow", "*", "443"));
        Path head = version("head", rule("Allow-HTTPS", 100, "Allow", "10.0.0.0/8", "443"));
        Files.createDirectories(head.resolve("policies"));
        Files.writeString(head.resolve("policies/web.yaml"), HTTPS_POLICY);
        // The base has no policies folder: head's policies are evaluated on it.
        Cli.Run run = Cli.run("diff", base.toString(), head.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("policy newly failing (error): web-serves-https (expect allow Internet ->"
                        + " nic:nic-web Tcp 443): before pass, after fail:")
                .contains("Tcp 1.0.0.0:49152 -> 10.0.1.4:443")
                .contains("nsgaudit diff: newly denies traffic at 2 targets; 1 newly failing policy");
        assertThat(Cli.run("diff", "--fail-on", "internet,error", base.toString(), head.toString()).code())
                .as("nothing newly allowed, no new finding").isZero();
        assertThat(Cli.run("diff", "--fail-on", "policy", base.toString(), head.toString()).code()).isEqualTo(1);
        Cli.Run back = Cli.run("diff", "--fail-on", "policy", "--policy", head.resolve("policies").toString(),
                head.toString(), base.toString());
        assertThat(back.code()).as("newly passing is no failure: " + back).isZero();
        assertThat(back.out()).contains("policy newly passing (error): web-serves-https")
                .contains("before fail, after pass");
    }

    @Test
    void policiesShowInJsonAndMarkdown() throws IOException {
        Path base = version("base", rule("Allow-HTTPS", 100, "Allow", "*", "443"));
        Path head = version("head", rule("Allow-HTTPS", 100, "Allow", "10.0.0.0/8", "443"));
        Files.createDirectories(head.resolve("policies"));
        Files.writeString(head.resolve("policies/web.yaml"), HTTPS_POLICY);
        Path out = tmp.resolve("out");
        Cli.Run run = Cli.run("diff", "--format", "json,markdown", "--out", out.toString(), base.toString(),
                head.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        String json = Files.readString(out.resolve("nsgaudit-diff.json"));
        assertThat(json).contains("\"newlyFailingPolicies\" : 1").contains("\"change\" : \"newly failing\"")
                .contains("\"before\" : \"pass\"").contains("\"sourcePort\" : 49152")
                .contains("\"changedRules\" : [ {\n        \"networkSecurityGroup\" : \"nsg-web\",\n"
                        + "        \"rule\" : \"Allow-HTTPS\",\n        \"change\" : \"changed\",\n"
                        + "        \"decidesWitness\" : true\n      } ]");
        assertThat(Files.readString(out.resolve("nsgaudit-diff.md"))).contains("**Flow policies** (1)")
                .contains("- error newly failing web-serves-https (expect allow Internet -&gt; nic:nic-web Tcp 443)");
    }

    @Test
    void aPolicyNamingWhatTheBaseLacksIsAbsentThere() throws IOException {
        Path base = version("base");
        Path head = version("head");
        Files.writeString(head.resolve("network.yaml"), NETWORK.replace("securityRules:\n", "securityRules: []\n")
                .replace("networkSecurityGroups:", """
                          - name: nic-new
                            subnet: vnet/web
                            privateIPAddress: 10.0.1.9
                        networkSecurityGroups:"""));
        Files.createDirectories(head.resolve("policies"));
        Files.writeString(head.resolve("policies/new.yaml"), HTTPS_POLICY.replace("nic:nic-web", "nic:nic-new"));
        Cli.Run run = Cli.run("diff", base.toString(), head.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("dangling-reference");
        assertThat(run.out()).contains("policy newly failing (error): web-serves-https")
                .contains("before absent, after fail")
                .contains("note: policy web-serves-https is not evaluated in base");
    }

    @Test
    void aNewExposureIsANewFindingAndFailsOnExposure() throws IOException {
        Path base = version("base", rule("Allow-SSH", 100, "Allow", "203.0.113.0/24", "22"));
        Path head = version("head", rule("Allow-SSH", 100, "Allow", "Internet", "22"));
        Cli.Run run = Cli.run("diff", "--fail-on", "exposure", base.toString(), head.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        List<String> found = run.outLines().stream().filter(l -> l.startsWith("new finding: ")).toList();
        String at = "new finding: " + head.resolve("network.yaml") + ":15:9: error [internet-exposed-ssh]"
                + " 3,702,390,783 IPv4 Internet addresses can open Tcp 22 to ";
        // The NIC and the subnet's other hosts are exposed: check reports both, so does diff.
        assertThat(found).containsExactly(
                at + "nic:nic-web, for example Tcp 1.0.0.0:49152 -> 10.0.1.4:22, allowed by nsg-web"
                        + " securityRules/Allow-SSH",
                at + "subnet:vnet/web, for example Tcp 1.0.0.0:49152 -> 10.0.1.5:22, allowed by nsg-web"
                        + " securityRules/Allow-SSH");
        assertThat(run.out()).doesNotContain("fixed finding");
        Cli.Run closing = Cli.run("diff", "--fail-on", "exposure", head.toString(), base.toString());
        assertThat(closing.code()).as(closing.toString()).isZero();
        assertThat(closing.out()).contains("fixed finding: ").contains("[internet-exposed-ssh]");
    }

    @Test
    void aSuppressedExposureIsNoNewFinding() throws IOException {
        Path base = version("base");
        Path head = version("head", rule("Allow-SSH", 100, "Allow", "Internet", "22"));
        Path config = tmp.resolve("nsgaudit.yaml");
        Files.writeString(config, """
                suppressions:
                  - id: internet-exposed-ssh
                    target: nsg-web/Allow-SSH
                    reason: the bastion comes next sprint
                """);
        Cli.Run run = Cli.run("diff", "--config", config.toString(), "--fail-on", "exposure", base.toString(),
                head.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).doesNotContain("internet-exposed-ssh").contains("newly allowed");
        assertThat(Cli.run("diff", "--config", config.toString(), "--fail-on", "internet", base.toString(),
                head.toString()).code()).isEqualTo(1);
        assertThat(Cli.run("diff", "--fail-on", "exposure", base.toString(), head.toString()).code())
                .as("without the suppression").isEqualTo(1);
    }

    @Test
    void identicalVersionsPass() throws IOException {
        Path base = version("base", rule("A", 100, "Allow", "*", "443"));
        Cli.Run run = Cli.run("diff", base.toString(), base.toString());
        assertThat(run.code()).isZero();
        assertThat(run.outLines()).containsExactly("nsgaudit diff: no change");
    }

    @Test
    void inputErrorsAndUsageErrorsExitTwo() throws IOException {
        Path base = version("base");
        Path head = version("head");
        Files.writeString(head.resolve("network.yaml"), NETWORK.replace("privateIPAddress", "privateIpAdress"));
        Cli.Run bad = Cli.run("diff", base.toString(), head.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("head: ").contains("unknown-key").doesNotContain("Exception");
        assertThat(Cli.run("diff", base.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("diff", "--format", "pdf", base.toString(), base.toString()).code()).isEqualTo(2);
        assertThat(Cli.run("diff", "--fail-on", "sometimes", base.toString(), base.toString()).code()).isEqualTo(2);
    }

    @Test
    void baseFromGitLeavesTheWorkingTreeAndRepositoryAlone() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path infra = Files.createDirectories(repo.resolve("infra"));
        Files.writeString(infra.resolve("network.yaml"), NETWORK.replace("securityRules:\n", "securityRules: []\n"));
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base");
        Files.writeString(infra.resolve("network.yaml"), NETWORK + rule("Allow-SSH", 100, "Allow", "Internet", "22"));
        String statusBefore = git(repo, "status", "--porcelain");
        String worktreesBefore = git(repo, "worktree", "list");

        Cli.Run run = Cli.run("diff", "--base", "HEAD", infra.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("newly allowed").contains("rule Allow-SSH added");

        assertThat(git(repo, "status", "--porcelain")).isEqualTo(statusBefore);
        assertThat(git(repo, "worktree", "list")).isEqualTo(worktreesBefore);
        assertThat(Files.readString(infra.resolve("network.yaml"))).contains("Allow-SSH");

        Cli.Run badRef = Cli.run("diff", "--base", "no-such-branch", infra.toString());
        assertThat(badRef.code()).isEqualTo(2);
        assertThat(badRef.err()).startsWith("nsgaudit diff: cannot read infra at no-such-branch from git");
        Cli.Run outside = Cli.run("diff", "--base", "HEAD", tmp.toString());
        assertThat(outside.code()).isEqualTo(2);
        assertThat(outside.err()).contains("git repository");
    }

    @Test
    void gitModeEvaluatesTheBasesOwnPoliciesFromTheRevision() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Path infra = Files.createDirectories(repo.resolve("infra"));
        Path network = infra.resolve("network.yaml");
        Files.writeString(network, NETWORK + rule("Allow-HTTPS", 100, "Allow", "*", "443"));
        Files.createDirectories(infra.resolve("policies"));
        Files.writeString(infra.resolve("policies/web.yaml"), HTTPS_POLICY);
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base");
        Files.writeString(network, NETWORK + rule("Allow-HTTPS", 100, "Allow", "10.0.0.0/8", "443"));
        Files.writeString(infra.resolve("policies/web.yaml"), HTTPS_POLICY.replace("web-serves-https", "https-v2"));

        // The input is a file: the policies folder beside it is read from the revision too, not taken from head.
        Cli.Run run = Cli.run("diff", "--base", "HEAD", network.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("policy newly failing (error): https-v2").contains("before absent, after fail");
        Files.writeString(infra.resolve("policies/web.yaml"), HTTPS_POLICY);
        assertThat(Cli.run("diff", "--base", "HEAD", network.toString()).out())
                .contains("policy newly failing (error): web-serves-https").contains("before pass, after fail");
        assertThat(git(repo, "status", "--porcelain")).isEqualTo(" M infra/network.yaml\n");
    }

    @Test
    void markdownCommentMatchesTheGoldenFile() throws IOException {
        Path out = tmp.resolve("reports");
        Cli.Run run = Cli.run("diff", "--format", "markdown", "--out", out.toString(), EXAMPLE.toString(),
                HEAD.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        byte[] actual = Files.readAllBytes(out.resolve("nsgaudit-diff.md"));
        if (UPDATE) {
            Files.createDirectories(GOLDEN.getParent());
            Files.write(GOLDEN, actual);
            return;
        }
        if (!Files.exists(GOLDEN)) {
            fail(GOLDEN + " is missing; generate it with: mvn -B test -Dtest=DiffCommandTest -Dgolden.update=true");
        }
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(Files.readString(GOLDEN));
        Path again = tmp.resolve("again");
        Cli.run("diff", "--format", "markdown,json", "--out", again.toString(), EXAMPLE.toString(), HEAD.toString());
        assertThat(Files.readAllBytes(again.resolve("nsgaudit-diff.md"))).isEqualTo(actual);
        assertThat(Files.readString(again.resolve("nsgaudit-diff.json"))).contains("\"newlyAllowsFromInternet\" : true");
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
