package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code diff --format sarif}: valid SARIF 2.1.0, one result per newly allowed region, newly failing policy and new
 * finding, located at head's deciding rule relative to the repository root, levels from {@code --fail-on}, no two
 * results sharing a fingerprint, byte-identical for the same input.
 */
class DiffSarifTest {

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

    @TempDir
    Path tmp;

    private static String rule(String name, int priority, String source, String port) {
        return """
                      - name: %s
                        priority: %d
                        direction: Inbound
                        access: Allow
                        protocol: Tcp
                        sourceAddressPrefix: "%s"
                        sourcePortRange: "*"
                        destinationAddressPrefix: "*"
                        destinationPortRange: "%s"
                """.formatted(name, priority, source, port);
    }

    private Path version(String name, String rules) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("network.yaml"), NETWORK + rules);
        return dir;
    }

    private JsonNode sarif(String... args) throws IOException {
        Path out = tmp.resolve("out" + args.length + args[args.length - 1].hashCode());
        List<String> all = new ArrayList<>(List.of("diff", "--format", "sarif", "--out", out.toString()));
        all.addAll(List.of(args));
        Cli.Run run = Cli.run(all.toArray(String[]::new));
        assertThat(run.code()).as(run.toString()).isIn(0, 1);
        assertThat(run.out()).isEmpty();
        return valid(Files.readString(out.resolve("nsgaudit-diff.sarif")));
    }

    static JsonNode valid(String sarif) throws IOException {
        JsonNode node = Json.MAPPER.readTree(sarif);
        Path schema = ReportSchemaTest.SCHEMAS.resolve("sarif-schema-2.1.0.json");
        Assumptions.assumeTrue(Files.isRegularFile(schema) || "true".equalsIgnoreCase(System.getenv("CI")),
                schema + " is fetched by the Maven build (generate-test-resources): run the tests through Maven");
        try (InputStream in = Files.newInputStream(schema)) {
            JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            assertThat(s.validate(node)).as("SARIF 2.1.0 schema violations").isEmpty();
        }
        return node;
    }

    private static List<String> summary(JsonNode sarif) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : sarif.path("runs").get(0).path("results")) {
            String port = r.path("message").path("text").asText().replaceAll(".* port (\\d+)(;| ).*", "$1");
            out.add(r.path("ruleId").asText() + " " + r.path("level").asText()
                    + (r.path("ruleId").asText().equals("newly-allowed-flow") ? " " + port : ""));
        }
        return out;
    }

    @Test
    void aResultPerNewlyAllowedRegionFailingPolicyAndNewFindingWithLevelsFromTheGate() throws IOException {
        Path base = version("base", rule("Allow-HTTPS", 100, "*", "443"));
        Path head = version("head", rule("Allow-HTTPS", 100, "10.0.0.0/8", "443")
                + rule("Allow-SSH", 110, "Internet", "22") + rule("Allow-App", 120, "192.168.0.0/16", "8080"));
        Files.createDirectories(head.resolve("policies"));
        Files.writeString(head.resolve("policies/web.yaml"), """
                policies:
                  - name: web-serves-https
                    from: Internet
                    to: nic:nic-web
                    protocol: Tcp
                    ports: "443"
                    expect: allow
                """);
        JsonNode sarif = sarif(base.toString(), head.toString());
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("version").asText()).isEqualTo(ToolVersion.version());
        List<String> rules = new ArrayList<>();
        run.path("tool").path("driver").path("rules").forEach(r -> rules.add(r.path("id").asText()));
        assertThat(rules).containsExactly("flow-policy", "internet-exposed-ssh", "newly-allowed-flow");
        // Default gate internet,error,policy: the private source is only a warning.
        // The NIC, then the subnet's other hosts.
        assertThat(summary(sarif)).containsExactly("newly-allowed-flow error 22", "newly-allowed-flow warning 8080",
                "newly-allowed-flow error 22", "newly-allowed-flow warning 8080", "flow-policy error",
                "internet-exposed-ssh error", "internet-exposed-ssh error");
        for (JsonNode r : run.path("results")) {
            assertThat(run.path("tool").path("driver").path("rules").get(r.path("ruleIndex").asInt()).path("id")
                    .asText()).isEqualTo(r.path("ruleId").asText());
        }
        // The policy's witness is denied by head's default rule: located at the NSG, with head's witness.
        JsonNode policy = run.path("results").get(4);
        assertThat(policy.path("message").path("text").asText()).startsWith("policy web-serves-https (expect allow"
                + " Internet -> nic:nic-web Tcp 443) newly fails: before pass, after fail:");
        assertThat(policy.path("properties").path("witness").path("sourcePort").asInt()).isEqualTo(49152);
        assertThat(policy.path("locations").get(0).path("physicalLocation").path("region").path("startLine")
                .asInt()).as("- name: nsg-web").isEqualTo(13);
        Set<String> fingerprints = new HashSet<>();
        run.path("results").forEach(r -> fingerprints.add(r.path("partialFingerprints").path("nsgaudit/v2").asText()));
        assertThat(fingerprints).hasSize(run.path("results").size());

        assertThat(summary(sarif("--fail-on", "allow", base.toString(), head.toString()))).containsExactly(
                "newly-allowed-flow error 22", "newly-allowed-flow error 8080", "newly-allowed-flow error 22",
                "newly-allowed-flow error 8080", "flow-policy warning",
                "internet-exposed-ssh warning", "internet-exposed-ssh warning");
    }

    @Test
    void locatedAtHeadsDecidingRuleRelativeToTheRepositoryAndByteIdentical() throws IOException {
        String example = "examples/three-tier";
        String head = "src/test/resources/diff/three-tier-head";
        JsonNode sarif = sarif(example, head);
        JsonNode results = sarif.path("runs").get(0).path("results");
        assertThat(summary(sarif)).containsExactly("newly-allowed-flow error 22", "newly-allowed-flow error 22",
                "newly-allowed-flow error 22", "correlated-rules warning", "internet-exposed-ssh error", "internet-exposed-ssh error",
                "internet-exposed-ssh error");
        for (JsonNode r : results) {
            JsonNode at = r.path("locations").get(0).path("physicalLocation");
            assertThat(at.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(at.path("artifactLocation").path("uri").asText()).isEqualTo(head + "/nsgs.yaml");
            // The regions' witnesses and the exposures are decided by Allow-SSH-Office; the new correlation is at
            // its own rule, Allow-HTTPS-Inbound-Internet.
            assertThat(at.path("region").path("startLine").asInt()).as(r.toString())
                    .isEqualTo(r.path("ruleId").asText().equals("correlated-rules") ? 14 : 32);
        }
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Cli.run("diff", "--format", "sarif", "--out", a.toString(), example, head);
        Cli.run("diff", "--format", "sarif", "--out", b.toString(), example, head);
        assertThat(Files.readAllBytes(a.resolve("nsgaudit-diff.sarif")))
                .isEqualTo(Files.readAllBytes(b.resolve("nsgaudit-diff.sarif")));
    }

    @Test
    void regionsBeyondTheCapAreCountedInTheListedResultsAndTheRun() throws IOException {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            // Two fields apart from every other rule: no two of these regions merge.
            rules.append(rule("Allow-" + i, 100 + i, "192.168." + i + ".0/24", String.valueOf(1000 + 2 * i)));
        }
        Path base = version("base", rule("Allow-HTTPS", 100, "*", "443"));
        Path head = version("head", rule("Allow-HTTPS", 300, "*", "443") + rules);
        JsonNode run = sarif(base.toString(), head.toString()).path("runs").get(0);
        List<JsonNode> nic = new ArrayList<>();
        run.path("results").forEach(r -> {
            if (r.path("properties").path("target").asText().startsWith("nic:nic-web/")) {
                nic.add(r);
            }
        });
        assertThat(nic).hasSize(20).allSatisfy(r -> {
            assertThat(r.path("message").path("text").asText()).contains("; 5 more newly allowed regions of"
                    + " nic:nic-web/").endsWith(" Inbound not listed (at most 20 are)");
            assertThat(r.path("properties").path("omittedRegions").asInt()).isEqualTo(5);
        });
        // The NIC and the subnet's other hosts: 5 left out each.
        assertThat(run.path("invocations").get(0).path("toolExecutionNotifications").get(0).path("message")
                .path("text").asText()).startsWith("10 newly allowed regions are not listed as results");
    }
}
