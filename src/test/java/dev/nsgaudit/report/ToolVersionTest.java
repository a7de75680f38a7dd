package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The version stamped by the build is what --version prints and what the JSON and SARIF reports carry. */
class ToolVersionTest {

    @TempDir
    Path tmp;

    /** The project's own version, as pom.xml declares it (the first version element after the artifactId). */
    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>nsgaudit</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void versionIsTheBuildsNotDevelopment() throws IOException {
        assertThat(ToolVersion.version()).isEqualTo(pomVersion()).isNotEqualTo("development");
        Cli.Run r = Cli.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("nsgaudit " + pomVersion());
    }

    @Test
    void jsonAndSarifReportsCarryIt() throws IOException {
        Cli.Run r = Cli.run("check", "examples/three-tier", "--policy", "policies", "--format", "json,sarif",
                "--out", tmp.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("nsgaudit.json").toFile());
        assertThat(json.path("tool").path("name").asText()).isEqualTo("nsgaudit");
        assertThat(json.path("tool").path("version").asText()).isEqualTo(pomVersion());
        JsonNode sarif = Json.MAPPER.readTree(tmp.resolve("nsgaudit.sarif").toFile());
        assertThat(sarif.path("runs").get(0).path("tool").path("driver").path("version").asText())
                .isEqualTo(pomVersion());
    }
}
