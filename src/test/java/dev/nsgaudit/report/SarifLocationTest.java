package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SARIF for GitHub code scanning (issue 11): files inside the repository are named relative to its root (the git
 * top level of the input, else the current folder) with {@code uriBaseId: %SRCROOT%}, however the path was typed
 * and wherever the command ran, linked templates included; distinct results never share a fingerprint; the driver
 * names the version. Every report here is also checked against the SARIF 2.1.0 schema.
 */
class SarifLocationTest {

    private static final String EXAMPLE = "examples/three-tier";

    @TempDir
    Path tmp;

    /** {@code check --format sarif --out -}: the SARIF on stdout. */
    private static String sarif(String... inputAndOptions) {
        List<String> args = new ArrayList<>(List.of("check", "--format", "sarif", "--out", "-"));
        args.addAll(List.of(inputAndOptions));
        Cli.Run r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isIn(0, 1);
        return r.out();
    }

    private static JsonNode valid(String sarif) throws IOException {
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

    private static List<JsonNode> artifactLocations(JsonNode sarif) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode result : sarif.path("runs").get(0).path("results")) {
            for (JsonNode location : result.path("locations")) {
                out.add(location.path("physicalLocation").path("artifactLocation"));
            }
        }
        return out;
    }

    private static void allRelativeToTheRoot(JsonNode sarif, String... expectedUris) {
        List<JsonNode> locations = artifactLocations(sarif);
        assertThat(locations).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
            assertThat(a.path("uri").asText()).doesNotStartWith("file:").doesNotStartWith("/").doesNotContain("..");
        });
        assertThat(locations.stream().map(a -> a.path("uri").asText()).distinct().sorted().toList())
                .containsExactly(expectedUris);
        JsonNode base = sarif.path("runs").get(0).path("originalUriBaseIds").path("%SRCROOT%");
        assertThat(base.isObject()).as("run.originalUriBaseIds names %SRCROOT%").isTrue();
    }

    @Test
    void pathsInTheRepositoryAreRelativeToItsRootHoweverTheInputIsTyped() throws IOException {
        String typed = sarif(EXAMPLE, "--policy", "policies");
        JsonNode sarif = valid(typed);
        allRelativeToTheRoot(sarif, "examples/three-tier/nsgs.yaml", "policies/three-tier.yaml");
        assertThat(sarif(Path.of(EXAMPLE).toAbsolutePath().toString(), "--policy",
                Path.of("policies").toAbsolutePath().toString())).isEqualTo(typed);
        assertThat(sarif("./" + EXAMPLE + "/", "--policy", "./policies")).isEqualTo(typed);
    }

    @Test
    void theDriverNamesTheVersionAndTheProject() throws IOException {
        JsonNode driver = valid(sarif(EXAMPLE, "--policy", "policies")).path("runs").get(0).path("tool").path("driver");
        assertThat(driver.path("version").asText()).isEqualTo(ToolVersionTest.pomVersion());
        // Only the pom's own <url>, never an invented address; the pom names none yet.
        assertThat(driver.has("informationUri")).isEqualTo(ToolVersion.informationUri().isPresent());
        ToolVersion.informationUri().ifPresent(uri -> assertThat(driver.path("informationUri").asText()).isEqualTo(uri));
    }

    @Test
    void fromAnotherWorkingFolderThePathsAndBytesAreTheSame() throws Exception {
        String here = sarif(Path.of(EXAMPLE).toAbsolutePath().toString(), "--policy",
                Path.of("policies").toAbsolutePath().toString());
        String elsewhere = runElsewhere(tmp, "check", Path.of(EXAMPLE).toAbsolutePath().toString(), "--policy",
                Path.of("policies").toAbsolutePath().toString(), "--format", "sarif", "--out", "-");
        assertThat(elsewhere).isEqualTo(here);
    }

    @Test
    void outsideAGitCheckoutPathsAreRelativeToTheCurrentFolder() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        CheckInput.folder(work.resolve("infra"), "net.yaml", CheckInput.subnetNsg(
                CheckInput.allowTcp("Allow-SSH", 100, "Internet", "22")));
        String out = runElsewhere(work, "check", "infra", "--format", "sarif", "--out", "-");
        allRelativeToTheRoot(valid(out), "infra/net.yaml");
        assertThat(out).doesNotContain("file:").doesNotContain(work.toString());
    }

    @Test
    void aGitCheckoutElsewhereIsTheRootForItsFilesLinkedTemplatesIncluded() throws IOException {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve(".git"));
        Path infra = Files.createDirectories(repo.resolve("infra/nested"));
        Files.createDirectories(repo.resolve("infra/policies"));
        Files.writeString(repo.resolve("infra/main.json"), """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "resources": [{
                    "type": "Microsoft.Resources/deployments",
                    "apiVersion": "2022-09-01",
                    "name": "linked",
                    "properties": {"mode": "Incremental", "templateLink": {"relativePath": "nested/nsg.json"}}
                  }]
                }
                """);
        Files.writeString(infra.resolve("nsg.json"), """
                {
                  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                  "contentVersion": "1.0.0.0",
                  "resources": [{
                    "type": "Microsoft.Network/networkSecurityGroups",
                    "apiVersion": "2023-09-01",
                    "name": "nsg-linked",
                    "location": "westeurope",
                    "properties": {"securityRules": [{"name": "ssh", "properties": {"priority": 100,
                      "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*",
                      "sourcePortRange": "*", "destinationAddressPrefix": "*", "destinationPortRange": "22"}}]}
                  }]
                }
                """);
        // Typed absolute, from the project folder: the checkout's own root counts, not the current folder.
        String out = sarif(repo.resolve("infra").toString());
        allRelativeToTheRoot(valid(out), "infra/nested/nsg.json");
        assertThat(out).contains("internet-exposed-ssh").doesNotContain("file:").doesNotContain(tmp.toString());
    }

    @Test
    void distinctResultsNeverShareAFingerprint() throws IOException {
        // Allow-X overlaps Deny-A and Deny-B without containment: two correlated-rules findings on the same rule,
        // NSG and file, which an identity of (id, NSG, rule, target, file) alone would give the same fingerprint.
        Path in = CheckInput.folder(tmp.resolve("corr"), "net.yaml", CheckInput.subnetNsg(
                CheckInput.rule("Deny-A", 100, "Deny", "Tcp", "sourceAddressPrefix: 10.0.0.0/16",
                        "destinationPortRange: \"80-100\""),
                CheckInput.rule("Deny-B", 110, "Deny", "Tcp", "sourceAddressPrefix: 10.2.0.0/16",
                        "destinationPortRange: \"80-100\""),
                CheckInput.rule("Allow-X", 200, "Allow", "Tcp", "sourceAddressPrefix: 10.0.0.0/8",
                        "destinationPortRange: \"90-95\"")));
        JsonNode sarif = valid(sarif(in.toString()));
        JsonNode results = sarif.path("runs").get(0).path("results");
        Set<String> identities = new HashSet<>();
        boolean sameIdentity = false;
        Set<String> fingerprints = new HashSet<>();
        for (JsonNode r : results) {
            String identity = r.path("ruleId").asText() + "|" + r.path("properties").path("networkSecurityGroup")
                    + "|" + r.path("properties").path("rule") + "|" + r.path("properties").path("target") + "|"
                    + artifactLocationsOf(r);
            sameIdentity |= !identities.add(identity);
            String fp = r.path("partialFingerprints").path("nsgaudit/v2").asText();
            assertThat(fp).matches("[0-9a-f]{64}");
            assertThat(fingerprints.add(fp)).as("fingerprint of " + r).isTrue();
        }
        assertThat(sameIdentity).as("the input has two results of one rule, NSG, target and file").isTrue();
        // And they stay the same from run to run.
        assertThat(sarif(in.toString())).isEqualTo(Json.pretty(sarif) + "\n");
    }

    private static String artifactLocationsOf(JsonNode result) {
        return result.path("locations").findValuesAsText("uri").toString();
    }

    /** Runs the command line in a new JVM whose working folder is {@code dir}; returns stdout. */
    static String runElsewhere(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.nsgaudit.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("nsgaudit did not finish in " + dir);
        }
        assertThat(p.exitValue()).isIn(0, 1);
        return new String(out, StandardCharsets.UTF_8);
    }
}
