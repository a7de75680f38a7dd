package dev.nsgaudit.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of finding ids is generated from the catalog, so the two cannot disagree. After a change of
 * {@code rules/}: {@code mvn -o -q test -Dtest=ReadmeFindingIdsTest -Dreadme.update=true}, then review the diff.
 */
class ReadmeFindingIdsTest {

    static final String BEGIN = "<!-- finding-ids: generated from rules/ by ReadmeFindingIdsTest; do not edit, run:"
            + " mvn -o -q test -Dtest=ReadmeFindingIdsTest -Dreadme.update=true -->";
    static final String END = "<!-- end of finding-ids -->";
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeTableIsTheCatalog() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the generated table between " + BEGIN + " and " + END).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String expected = table(RuleCatalog.bundled());
        String actual = readme.substring(begin + BEGIN.length(), end);
        if (!actual.equals(expected) && Boolean.getBoolean("readme.update")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + expected + readme.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("the README table of finding ids differs from rules/; regenerate it with"
                + " mvn -o -q test -Dtest=ReadmeFindingIdsTest -Dreadme.update=true").isEqualTo(expected);
    }

    @Test
    void theTableHasARowPerEntryInputProblemsFirst() {
        RuleCatalog catalog = RuleCatalog.bundled();
        List<String> rows = table(catalog).lines().filter(l -> l.startsWith("| `")).toList();
        assertThat(rows).hasSize(catalog.entries().size());
        assertThat(rows.get(0)).startsWith("| `dangling-reference` | input | error | ");
        assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("| `shadowed-rule` | check (analysis) | error |"));
        assertThat(rows.get(rows.size() - 1)).startsWith("| `flow-policy` | policy | error | ");
    }

    /** The rows: input problems, then checks, then the flow policies; by id within each. */
    static String table(RuleCatalog catalog) {
        StringBuilder out = new StringBuilder("\n| id | kind | default severity | meaning |\n|---|---|---|---|\n");
        catalog.entries().stream().sorted(Comparator.comparing((CatalogRule r) -> order(r.kind()))
                .thenComparing(CatalogRule::id)).forEach(r -> out.append("| `").append(r.id()).append("` | ")
                .append(r.isCheck() ? "check (" + r.checkType() + ")" : r.kind().label()).append(" | ")
                .append(r.severity().label()).append(" | ").append(cell(r.description())).append(" |\n"));
        return out.toString();
    }

    private static int order(CatalogRule.Kind kind) {
        return switch (kind) {
            case INPUT -> 0;
            case CHECK -> 1;
            case POLICY -> 2;
        };
    }

    /** One table cell: Markdown's table and emphasis characters are escaped. */
    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
                .replace("\n", " ");
    }
}
