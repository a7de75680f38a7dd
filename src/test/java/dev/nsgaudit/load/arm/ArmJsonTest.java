package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Lenient reading as ARM accepts JSON, positions of objects, and limits that give clear errors. */
class ArmJsonTest {

    @Test
    void acceptsCommentsTrailingCommasAndRawLineBreaksInStrings() {
        String text = "\uFEFF{\n  // a comment\n  \"a\": \"line one\nline two\", /* block */\n  \"b\": [1, 2,],\n}";
        ArmDocument doc = ArmJson.read(text, "t.json");
        assertThat(doc.root().get("a").textValue()).isEqualTo("line one\nline two");
        assertThat(doc.root().get("b").size()).isEqualTo(2);
    }

    @Test
    void keepsTheLineAndColumnOfEveryObjectAndArray() {
        String text = "{\n  \"resources\": [\n    {\n      \"type\": \"x\"\n    },\n      {\"type\": \"y\"}\n  ]\n}";
        ArmDocument doc = ArmJson.read(text, "t.json");
        JsonNode resources = doc.root().get("resources");
        assertThat(doc.position(resources)).contains(new ArmDocument.Position(2, 16));
        assertThat(doc.sourceOf(resources.get(0)).toString()).isEqualTo("t.json:3:5");
        assertThat(doc.sourceOf(resources.get(1)).toString()).isEqualTo("t.json:6:7");
        assertThat(doc.sourceOf(resources.get(0).get("type")).toString()).isEqualTo("t.json");
    }

    @Test
    void readsTheCorpusSampleWithRawControlCharacters() {
        Path file = CorpusSupport.root().resolve("quickstarts__microsoft.compute__vm-msi-linux-terraform/azuredeploy.json");
        Assumptions.assumeTrue(Files.exists(file), "corpus not present");
        ArmDocument doc = ArmJson.read(file, "azuredeploy.json");
        assertThat(doc.isDeploymentTemplate()).isTrue();
        JsonNode nsg = null;
        for (JsonNode r : doc.root().get("resources")) {
            if (r.path("type").asText().equals("Microsoft.Network/networkSecurityGroups")) {
                nsg = r;
            }
        }
        assertThat(nsg).isNotNull();
        assertThat(doc.sourceOf(nsg).line()).isEqualTo(159);
    }

    @Test
    void syntaxErrorsGiveFileLineColumnAndAFix() {
        assertThatThrownBy(() -> ArmJson.read("{\n  \"a\": 1\n  \"b\": 2\n}", "bad.json"))
                .isInstanceOf(ArmInputException.class)
                .hasMessageStartingWith("bad.json:3:")
                .hasMessageContaining("invalid JSON").hasMessageContaining("fix the JSON");
        assertThatThrownBy(() -> ArmJson.read("", "empty.json")).isInstanceOf(ArmInputException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ArmJson.read("{} {}", "two.json")).isInstanceOf(ArmInputException.class)
                .hasMessageContaining("after the end");
        assertThatThrownBy(() -> ArmJson.read("{\"a\": [1, 2", "short.json")).isInstanceOf(ArmInputException.class);
    }

    @Test
    void deepNestingIsAClearErrorNotAStackOverflow() {
        String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> ArmJson.read(deep, "deep.json")).isInstanceOf(ArmInputException.class)
                        .hasMessageStartingWith("deep.json:1:" + (Limits.MAX_JSON_DEPTH + 1))
                        .hasMessageContaining("nested deeper than " + Limits.MAX_JSON_DEPTH));
        String ok = "[".repeat(Limits.MAX_JSON_DEPTH) + "]".repeat(Limits.MAX_JSON_DEPTH);
        assertThat(ArmJson.read(ok, "ok.json").root().isArray()).isTrue();
    }

    @Test
    void filesOverTheSizeLimitAreRejectedBeforeReading(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Limits.MAX_FILE_BYTES + 1);
        }
        assertThatThrownBy(() -> ArmJson.read(big, "big.json")).isInstanceOf(ArmInputException.class)
                .hasMessageStartingWith("big.json: file is").hasMessageContaining("limit");
        assertThatThrownBy(() -> ArmJson.read(dir.resolve("missing.json"), "missing.json"))
                .isInstanceOf(ArmInputException.class).hasMessageContaining("no such file");
    }

    @Test
    void parameterFilesGiveValuesAndMarkKeyVaultReferences() {
        ArmDocument doc = ArmJson.read("""
                {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
                 "parameters": {"a": {"value": "x"}, "b": {"value": [1]},
                   "pw": {"reference": {"keyVault": {"id": "/sub/kv"}, "secretName": "adminPassword"}}}}""", "p.json");
        assertThat(doc.isParameterFile()).isTrue();
        var values = ParameterValues.read(doc);
        assertThat(values.get("A").textValue()).isEqualTo("x");
        assertThat(values.get("b").get(0).intValue()).isEqualTo(1);
        assertThat(Unresolved.of(values.get("pw")).orElseThrow().reason()).contains("Key Vault");
        assertThat(ParameterValues.read(ArmJson.read("{\"a\": {\"value\": 1}}", "bare.json")).get("a").intValue())
                .isEqualTo(1);
        assertThat(ParameterValues.read(ArmJson.read("{\"a\": 1}", "other.json"))).isEmpty();
    }
}
