package dev.nsgaudit.rules;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog as data: complete entries, three kinds, and findings that take its severities. */
class RuleCatalogTest {

    private static final String ENTRY = """
            id: some-check
            severity: warning
            title: Some check
            description: What it finds.
            rationale: Why it matters.
            remediation: What to do.
            references:
            - title: A document
            check:
              type: analysis
            """;

    @TempDir
    Path dir;

    @Test
    void rulesAreTheChecksAndEntriesAreEveryId() {
        RuleCatalog catalog = RuleCatalog.bundled();
        assertThat(catalog.rules()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(CatalogRule.Kind.CHECK));
        assertThat(catalog.entries()).containsAll(catalog.rules());
        assertThat(catalog.entries().stream().map(CatalogRule::id).toList()).as("sorted by id").isSorted();
        assertThat(catalog.entry("input-error")).get().extracting(CatalogRule::kind).isEqualTo(CatalogRule.Kind.INPUT);
        assertThat(catalog.rule("input-error")).as("an input problem is no check").isEmpty();
        assertThat(catalog.entry("flow-policy")).get().extracting(CatalogRule::kind)
                .isEqualTo(CatalogRule.Kind.POLICY);
        assertThat(catalog.rule("shadowed-rule")).get().extracting(CatalogRule::checkType).isEqualTo("analysis");
    }

    @Test
    void findingsTakeTheCatalogsSeverity() {
        SourceRef at = SourceRef.of("net.yaml", 3);
        assertThat(Findings.of("shadowed-rule", at, "m").severity()).isEqualTo(Severity.ERROR);
        assertThat(Findings.of("redundant-rule", "m", at, "nsg", "r", List.of("x")).severity())
                .isEqualTo(Severity.WARNING);
        Finding info = Findings.of("generalization", "m", at, "nsg", "r", List.of(), null, "nsg:nsg");
        assertThat(info.severity()).isEqualTo(Severity.INFO);
        assertThat(info.target()).isEqualTo("nsg:nsg");
        assertThat(Findings.of("expired-suppression", at, "m").severity()).isEqualTo(Severity.WARNING);
        assertThat(Findings.severity("flow-policy")).isEqualTo(Severity.ERROR);
        assertThatThrownBy(() -> Findings.of("no-such-id", at, "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no-such-id' has no entry in the rule catalog");
    }

    @Test
    void aCompleteEntryIsRead() throws IOException {
        Files.writeString(dir.resolve("some-check.yaml"), ENTRY);
        CatalogRule r = RuleCatalog.read(dir).entry("some-check").orElseThrow();
        assertThat(r.severity()).isEqualTo(Severity.WARNING);
        assertThat(r.references()).containsExactly(new CatalogRule.Reference("A document", null));
        assertThat(r.isCheck()).isTrue();
    }

    @Test
    void anIncompleteOrMisspeltEntryIsADefectOfTheBuild() throws IOException {
        assertDefect("some-check.yaml", ENTRY.replace("remediation: What to do.\n", ""), "remediation is missing");
        assertDefect("some-check.yaml", ENTRY.replace("rationale:", "rationnale:"), "unknown key 'rationnale'");
        assertDefect("other.yaml", ENTRY, "the id 'some-check' is not the file name");
        assertDefect("some-check.yaml", ENTRY.replace("severity: warning", "severity: high"),
                "severity must be error, warning or info");
        assertDefect("some-check.yaml", ENTRY.replace("type: analysis", "type: analyse"), "check type 'analyse'");
        assertDefect("some-check.yaml", ENTRY.replace("references:\n- title: A document\n", "references: []\n"),
                "references must name at least one document");
    }

    private void assertDefect(String file, String yaml, String problem) throws IOException {
        Path folder = Files.createTempDirectory(dir, "catalog");
        Files.writeString(folder.resolve(file), yaml);
        assertThatThrownBy(() -> RuleCatalog.read(folder)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rules/" + file + ": ").hasMessageContaining(problem);
    }
}
