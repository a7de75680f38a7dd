package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify, effective, show and check end to end on {@code src/test/resources/avnm/arm}: nm-corp's admin rules apply
 * to vnet-prod (deny-ssh Deny 22, always-https AlwaysAllow 443, allow-http Allow 80 from the Internet); nsg-web
 * allows 22 from 203.0.113.0/24 and 80 from the Internet; vnet-dev is in no network group.
 */
class AdminRulesCliTest {

    private static final String FIXTURE = "src/test/resources/avnm/arm";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Cli.Run cli(String... args) {
        Cli.Run r = Cli.run(args);
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("Exception").doesNotContain("at dev.nsgaudit");
        return r;
    }

    private static JsonNode verify(String nic, String local, String remote) throws IOException {
        Cli.Run r = cli("verify", "--nic", nic, "--direction", "Inbound", "--protocol", "TCP", "--local", local,
                "--remote", remote, FIXTURE);
        assertThat(r.code()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void verifyEvaluatesAdminRulesBeforeTheNsgs() throws IOException {
        JsonNode ssh = verify("nic-web", "10.0.1.4:22", "203.0.113.7:50000");
        assertThat(ssh.path("access").asText()).isEqualTo("Deny");
        assertThat(ssh.path("ruleName").asText()).isEqualTo("securityAdminRules/nm-corp/cfg-baseline/coll-prod/deny-ssh");
        assertThat(ssh.path("networkManager").asText()).isEqualTo("nm-corp");
        assertThat(ssh.path("evaluations").get(0).path("appliedTo").asText()).isEqualTo("vnet:vnet-prod");

        JsonNode https = verify("nic-web", "10.0.1.4:443", "198.51.100.1:50000");
        assertThat(https.path("access").asText()).isEqualTo("Allow");
        assertThat(https.path("ruleName").asText()).endsWith("/always-https");

        JsonNode http = verify("nic-web", "10.0.1.4:80", "198.51.100.1:50000");
        assertThat(http.path("ruleName").asText()).isEqualTo("securityRules/Allow-HTTP");
        assertThat(http.path("evaluations")).hasSize(2);

        JsonNode dev = verify("nic-dev", "10.1.1.4:22", "203.0.113.7:50000");
        assertThat(dev.path("ruleName").asText()).isEqualTo("securityRules/Allow-SSH-Admins");
    }

    @Test
    void effectiveListsTheAdminRulesFirst() throws IOException {
        Cli.Run r = cli("effective", "--nic", "nic-web", FIXTURE);
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode value = JSON.readTree(r.out()).path("value");
        assertThat(value.get(0).path("association").path("networkManager").path("id").asText())
                .isEqualTo("Microsoft.Network/networkManagers/nm-corp");
        assertThat(value.get(0).path("effectiveSecurityRules")).extracting(n -> n.path("access").asText())
                .containsExactly("Deny", "AlwaysAllow", "Allow");
        assertThat(value.get(1).path("association").has("subnet")).isTrue();
        JsonNode devValue = JSON.readTree(cli("effective", "--nic", "nic-dev", FIXTURE).out()).path("value");
        assertThat(devValue).hasSize(1);
        assertThat(devValue.get(0).path("association").has("subnet")).isTrue();
    }

    @Test
    void showWritesAdminRulesAndReadsThemBack(@TempDir Path dir) throws IOException {
        Cli.Run r = cli("show", FIXTURE);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("networkGroups:", "securityAdminConfigurations:", "access: AlwaysAllow");
        Path shown = Files.writeString(dir.resolve("shown.yaml"), r.out());
        LoadResult original = InputLoader.load(List.of(Path.of(FIXTURE)));
        LoadResult back = InputLoader.load(List.of(shown));
        assertThat(back.problems()).isEmpty();
        assertThat(back.topology().networkGroups()).isEqualTo(original.topology().networkGroups());
        assertThat(back.topology().securityAdminConfigurations())
                .isEqualTo(original.topology().securityAdminConfigurations());
        // The YAML read back answers as the template does.
        Cli.Run v = cli("verify", "--nic", "nic-web", "--direction", "Inbound", "--protocol", "TCP", "--local",
                "10.0.1.4:22", "--remote", "203.0.113.7:50000", shown.toString());
        assertThat(v.out()).contains("securityAdminRules/nm-corp/cfg-baseline/coll-prod/deny-ssh");
    }

    @Test
    void checkReportsWhatAzureWouldReject(@TempDir Path dir) throws IOException {
        Cli.Run clean = cli("check", "--format", "json", "--out", "-", FIXTURE);
        assertThat(clean.code()).as(clean.toString()).isZero();
        assertThat(clean.out()).doesNotContain("invalid-admin-rule");
        String template = Files.readString(Path.of(FIXTURE, "network.json"))
                .replace("\"priority\": 110, \"access\": \"AlwaysAllow\"", "\"priority\": 100, \"access\": \"AlwaysAllow\"");
        Path bad = Files.writeString(dir.resolve("network.json"), template);
        Cli.Run r = cli("check", bad.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out() + r.err()).contains("invalid-admin-rule").contains("priority 100 is also the priority of");
        // Two rules of one priority that both match: which decides is undefined, so verify does not guess.
        Cli.Run v = cli("verify", "--nic", "nic-web", "--direction", "Inbound", "--protocol", "TCP", "--local",
                "10.0.1.4:22", "--remote", "203.0.113.7:50000", bad.toString());
        assertThat(v.out()).contains("\"access\":\"Deny\"");
    }

    /** verify --flows answers what verify --nic answers: its fast path for plain lines must not skip admin rules. */
    @Test
    void flowsEvaluateAdminRulesToo(@TempDir Path dir) throws IOException {
        String[][] queries = {{"nic-web", "10.0.1.4:22", "203.0.113.7:50000"}, {"nic-web", "10.0.1.4:443", "198.51.100.1:50000"},
                // the NSGs decide 444 as they decide 443; only the admin rules tell them apart
                {"nic-web", "10.0.1.4:444", "198.51.100.1:50000"}, {"nic-web", "10.0.1.4:80", "198.51.100.1:50000"}, {"nic-dev", "10.1.1.4:22", "203.0.113.7:50000"}};
        StringBuilder lines = new StringBuilder();
        for (String[] q : queries) {
            lines.append("{\"nic\":\"").append(q[0]).append("\",\"direction\":\"Inbound\",\"protocol\":\"TCP\",")
                    .append("\"local\":\"").append(q[1]).append("\",\"remote\":\"").append(q[2]).append("\"}\n");
        }
        Path flows = Files.writeString(dir.resolve("flows.jsonl"), lines);
        Cli.Run r = cli("verify", "--flows", flows.toString(), FIXTURE);
        List<String> answers = r.out().lines().toList();
        assertThat(answers).as(r.toString()).hasSize(queries.length);
        for (int i = 0; i < queries.length; i++) {
            JsonNode one = verify(queries[i][0], queries[i][1], queries[i][2]);
            JsonNode line = JSON.readTree(answers.get(i));
            assertThat(line.path("ruleName").asText()).as(answers.get(i)).isEqualTo(one.path("ruleName").asText());
            assertThat(line.path("access").asText()).isEqualTo(one.path("access").asText());
        }
        assertThat(JSON.readTree(answers.get(0)).path("ruleName").asText()).endsWith("/deny-ssh");
        assertThat(JSON.readTree(answers.get(1)).path("ruleName").asText()).endsWith("/always-https");
        assertThat(JSON.readTree(answers.get(2)).path("access").asText()).isEqualTo("Deny");
    }

    /** An exported estate with its network manager's exports beside it, in one folder as scripts/export-azure.sh writes it. */
    private static Path exportedEstate(Path dir, String name) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        for (Path from : List.of(Path.of("src/test/resources/azexport/estate/sub-a"), Path.of("src/test/resources/avnm/export"))) {
            try (var files = Files.list(from)) {
                for (Path f : files.sorted().toList()) {
                    Files.copy(f, out.resolve(f.getFileName()));
                }
            }
        }
        return out;
    }

    /** verify, effective and diff on exported state with admin rules (nm-corp's grp-prod holds vnet-prod). */
    @Test
    void exportsWithAdminRulesAreVerifiedAndDiffed(@TempDir Path dir) throws IOException {
        String nic = "nic-web-1@rg-prod@11111111-1111-1111-1111-111111111111";
        Path base = exportedEstate(dir, "base");
        Cli.Run ssh = cli("verify", "--nic", nic, "--direction", "Inbound", "--protocol", "TCP", "--local",
                "10.1.1.4:22", "--remote", "203.0.113.7:50000", base.toString());
        assertThat(ssh.code()).as(ssh.toString()).isZero();
        JsonNode answer = JSON.readTree(ssh.out());
        assertThat(answer.path("access").asText()).isEqualTo("Deny");
        assertThat(answer.path("ruleName").asText()).startsWith("securityAdminRules/").endsWith("/deny-ssh");

        // grp-dev was exported without static members (Azure Policy may fill it): its deny-rdp may apply here too.
        Cli.Run effective = cli("effective", "--nic", nic, base.toString());
        assertThat(effective.code()).as(effective.toString()).isEqualTo(1);
        assertThat(effective.err()).contains("deny-rdp may apply");
        assertThat(JSON.readTree(effective.out()).path("value").get(0).path("association").has("networkManager")).isTrue();

        // The change under review turns the Deny of SSH from the Internet into AlwaysAllow: newly allowed, exit 1.
        Path head = exportedEstate(dir, "head");
        Path rules = head.resolve("rules.json");
        String text = Files.readString(rules);
        int at = text.indexOf("\"deny-ssh\"");
        int access = text.indexOf("\"access\": \"Deny\"", at);
        assertThat(at).isPositive();
        assertThat(access).isGreaterThan(at);
        Files.writeString(rules, text.substring(0, access) + "\"access\": \"AlwaysAllow\""
                + text.substring(access + "\"access\": \"Deny\"".length()));
        Cli.Run diff = cli("diff", "--fail-on", "allow", base.toString(), head.toString());
        assertThat(diff.code()).as(diff.toString()).isEqualTo(1);
        assertThat(diff.out()).contains("deny-ssh").contains("22");
        Cli.Run same = cli("diff", base.toString(), base.toString());
        assertThat(same.outLines()).endsWith("nsgaudit diff: no change");
    }
}
