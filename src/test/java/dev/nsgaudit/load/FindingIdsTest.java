package dev.nsgaudit.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The list of known finding ids is the list of ids the code reports: a new id must be added to FindingIds. */
class FindingIdsTest {

    private static final Pattern REPORTED = Pattern.compile(
            "(?:Finding\\.of|new Finding|\\berror|\\bwarn|\\bfinding)\\(\\s*\"([a-z][a-z0-9-]+)\"");

    @Test
    void everyIdTheCodeReportsIsKnown() throws IOException {
        Set<String> reported = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REPORTED.matcher(Files.readString(f));
                while (m.find()) {
                    reported.add(m.group(1));
                }
            }
        }
        assertThat(reported).contains("input-error", "shadowed-rule", "expired-suppression");
        assertThat(FindingIds.all()).containsAll(reported);
    }

    @Test
    void didYouMeanUsesEveryKnownId() {
        assertThat(FindingIds.problemAsSuppressed("expired-supression", "x")).endsWith("did you mean"
                + " 'expired-suppression'?");
        assertThat(FindingIds.problemAsSuppressed("*", "x")).isNull();
        assertThat(FindingIds.problemAsCheck("unresolved-value", "x")).isNull();
    }

    @Test
    void aSwapOfNeighboursIsOneEditSoTheSuggestionIsStable() {
        // Plain Levenshtein puts nsg and nic both at 2 from nci, and the set's order decided.
        assertThat(YamlNodes.closest("nci", Set.of("nsg", "nic", "subnet"))).isEqualTo("nic");
        assertThat(YamlNodes.closest("internet-exposed-rpd", FindingIds.all())).isEqualTo("internet-exposed-rdp");
    }
}
