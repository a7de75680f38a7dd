package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code nsgaudit rules --format json}: the catalog for scripts (issue 11), end to end. */
class RulesCommandTest {

    @Test
    void jsonListsEveryCatalogFileWithItsKindSeverityAndDocumentation() throws IOException {
        Cli.Run r = Cli.run("rules", "--format", "json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode rules = new ObjectMapper().readTree(r.out()).path("rules");

        List<String> ids = new ArrayList<>();
        rules.forEach(n -> ids.add(n.path("id").asText()));
        assertThat(ids).as("one entry per rules/*.yaml, sorted by id").isEqualTo(catalogFiles());
        for (JsonNode n : rules) {
            String id = n.path("id").asText();
            assertThat(n.path("kind").asText()).as(id).isIn("check", "input", "policy");
            assertThat(n.path("defaultSeverity").asText()).as(id).isIn("error", "warning", "info");
            assertThat(n.path("title").asText()).as(id).isNotBlank();
            assertThat(n.path("remediation").asText()).as(id).isNotBlank();
            assertThat(n.path("references")).as(id).isNotEmpty();
            n.path("references").forEach(ref -> assertThat(ref.path("title").asText()).as(id).isNotBlank());
            assertThat(n.has("checkType")).as(id + ": checkType only for checks")
                    .isEqualTo(n.path("kind").asText().equals("check"));
        }

        JsonNode ssh = entry(rules, "internet-exposed-ssh");
        assertThat(ssh.path("kind").asText()).isEqualTo("check");
        assertThat(ssh.path("checkType").asText()).isEqualTo("exposure");
        assertThat(ssh.path("defaultSeverity").asText()).isEqualTo("error");
        assertThat(ssh.path("traffic").toString()).isEqualTo("[{\"protocol\":\"Tcp\",\"ports\":\"22\"}]");
        assertThat(ssh.path("references").get(0).has("url")).as("the CIS benchmark has no url").isFalse();
        assertThat(ssh.path("references").get(1).path("url").asText()).startsWith("https://learn.microsoft.com/");

        JsonNode input = entry(rules, "input-error");
        assertThat(input.path("kind").asText()).isEqualTo("input");
        assertThat(input.path("defaultSeverity").asText()).isEqualTo("error");
        assertThat(input.has("traffic")).isFalse();
        assertThat(entry(rules, "expired-suppression").path("defaultSeverity").asText()).isEqualTo("warning");
        assertThat(entry(rules, "generalization").path("defaultSeverity").asText()).isEqualTo("info");
        assertThat(entry(rules, "flow-policy").path("kind").asText()).isEqualTo("policy");
    }

    @Test
    void theJsonIsTheSameBytesEveryRun() {
        assertThat(Cli.run("rules", "--format", "json").out()).isEqualTo(Cli.run("rules", "--format", "JSON").out());
    }

    @Test
    void textIsStillTheDefaultAndListsInputProblemsToo() {
        Cli.Run r = Cli.run("rules");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("(?m)^input-error +error +input +\\S")
                .containsPattern("(?m)^expired-suppression +warning +input ")
                .containsPattern("(?m)^flow-policy +error +policy ");
        assertThat(Cli.run("rules", "--format", "text").out()).isEqualTo(r.out());
    }

    @Test
    void anUnknownFormatIsOneLineAndExit2() {
        Cli.Run r = Cli.run("rules", "--format", "xml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines().get(0)).startsWith("nsgaudit: Invalid value for option '--format'").contains("xml");
        assertThat(r.err()).doesNotContain("at dev.nsgaudit");
    }

    private static JsonNode entry(JsonNode rules, String id) {
        for (JsonNode n : rules) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no entry " + id);
    }

    private static List<String> catalogFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("rules"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
    }
}
