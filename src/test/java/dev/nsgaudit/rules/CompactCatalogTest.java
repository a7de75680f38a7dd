package dev.nsgaudit.rules;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The compact catalog the build writes holds exactly what the YAML files of {@code rules/} say. */
class CompactCatalogTest {

    private static final Path SOURCE = Path.of("rules");

    @Test
    void theBuildShipsTheCompactFormOfTheYamlFiles() throws IOException {
        List<CatalogRule> yaml = RuleCatalog.read(SOURCE).entries();
        try (InputStream shipped = RuleCatalog.class.getResourceAsStream(
                "/dev/nsgaudit/rules/" + CompactCatalog.FILE)) {
            assertThat(shipped).as("written by the build's process-classes step (pom.xml)").isNotNull();
            assertThat(CompactCatalog.read(shipped)).containsExactlyElementsOf(yaml);
        }
        assertThat(RuleCatalog.bundled().entries()).containsExactlyElementsOf(yaml);
    }

    @Test
    void roundTripKeepsEveryFieldAndTheOrder() throws IOException {
        List<CatalogRule> yaml = RuleCatalog.read(SOURCE).entries();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompactCatalog.write(yaml, bytes);
        assertThat(CompactCatalog.read(new ByteArrayInputStream(bytes.toByteArray())))
                .containsExactlyElementsOf(yaml);
        assertThat(yaml).anySatisfy(r -> assertThat(r.traffic()).isNotEmpty())
                .anySatisfy(r -> assertThat(r.references()).anySatisfy(ref -> assertThat(ref.url()).isNull()));
    }

    @Test
    void somethingElseIsADefectOfTheBuild() {
        assertThatThrownBy(() -> CompactCatalog.read(new ByteArrayInputStream("id: x\n".getBytes())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a compact catalog");
    }
}
