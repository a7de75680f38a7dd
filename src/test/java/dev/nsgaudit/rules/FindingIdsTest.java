package dev.nsgaudit.rules;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog and the code agree: every id the code reports has a catalog entry, every entry is reported somewhere
 * (or is a check type with its own code path), and no call site states a severity of its own.
 */
class FindingIdsTest {

    /** A finding made with a literal id, by the factory, the record, or a helper that takes the id first. */
    private static final Pattern REPORTED = Pattern.compile("(?:Findings\\.of|Findings\\.severity|Finding\\.of"
            + "|new Finding|\\berror|\\bwarn|\\bfinding)\\(\\s*\"([a-z][a-z0-9-]+)\"");
    /** An id chosen before the call ({@code String id = anything ? "input-warning" : "input-error"}). */
    private static final Pattern CHOSEN = Pattern.compile("String id = [^;?]+\\?([^;]+);");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-z0-9-]+)\"");
    /** A finding made with a severity of its own instead of the catalog's. */
    private static final Pattern OWN_SEVERITY = Pattern.compile(
            "(?:Finding\\.of|new Finding|finding)\\([^;]*?Severity\\.(?:ERROR|WARNING|INFO)");
    /** Check types whose findings take the id of the catalog entry they run ({@code rule.id()}). */
    private static final Set<String> RUN_BY_TYPE = Set.of("exposure", "exposure-all-ports", "lateral", "structure");

    private static final List<String> SOURCES = new ArrayList<>();
    private static final Set<String> REPORTED_IDS = new TreeSet<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String text = Files.readString(f);
                SOURCES.add(f + "\n" + text);
                Matcher m = REPORTED.matcher(text);
                while (m.find()) {
                    REPORTED_IDS.add(m.group(1));
                }
                Matcher chosen = CHOSEN.matcher(text);
                while (chosen.find()) {
                    Matcher literal = LITERAL.matcher(chosen.group(1));
                    while (literal.find()) {
                        REPORTED_IDS.add(literal.group(1));
                    }
                }
            }
        }
    }

    @Test
    void everyIdTheCodeReportsHasACatalogEntry() {
        assertThat(REPORTED_IDS).as("the scan finds the ids").contains("input-error", "input-warning",
                "shadowed-rule", "expired-suppression", "unknown-key", "flow-policy");
        Set<String> catalogued = new TreeSet<>();
        RuleCatalog.bundled().entries().forEach(r -> catalogued.add(r.id()));
        assertThat(catalogued).as("ids reported in src/main without an entry in rules/").containsAll(REPORTED_IDS);
    }

    @Test
    void everyCatalogEntryIsReportedSomewhere() {
        List<String> neverReported = new ArrayList<>();
        for (CatalogRule r : RuleCatalog.bundled().entries()) {
            boolean runByType = r.isCheck() && RUN_BY_TYPE.contains(r.checkType())
                    && SOURCES.stream().anyMatch(s -> s.contains("\"" + r.checkType() + "\""));
            if (!runByType && !REPORTED_IDS.contains(r.id())) {
                neverReported.add(r.id() + " (" + r.checkType() + ")");
            }
        }
        assertThat(neverReported).as("catalog entries that no code reports").isEmpty();
    }

    @Test
    void noCallSiteStatesASeverityOfItsOwn() {
        List<String> sites = new ArrayList<>();
        for (String source : SOURCES) {
            String file = source.substring(0, source.indexOf('\n'));
            if (file.contains("/model/")) {
                continue;
            }
            Matcher m = OWN_SEVERITY.matcher(source);
            while (m.find()) {
                sites.add(file + ": " + m.group());
            }
        }
        assertThat(sites).as("findings must take their severity from the catalog (Findings.of)").isEmpty();
    }

    @Test
    void kindsSplitTheIds() {
        assertThat(FindingIds.inputProblems()).containsExactlyInAnyOrder("yaml-syntax", "input-error",
                "input-warning", "unknown-key", "duplicate-definition", "dangling-reference", "invalid-ip-configuration",
                "expired-suppression");
        assertThat(FindingIds.inputErrors()).as("exit code 2").containsExactlyInAnyOrder("yaml-syntax",
                "input-error", "unknown-key", "dangling-reference", "duplicate-definition", "invalid-ip-configuration");
        assertThat(FindingIds.checks()).contains("shadowed-rule", "internet-exposed-ssh", "unresolved-value")
                .doesNotContainAnyElementsOf(FindingIds.inputProblems()).doesNotContain("flow-policy");
        assertThat(FindingIds.all()).containsAll(FindingIds.checks()).containsAll(FindingIds.inputProblems())
                .as("a policy result is no finding: a suppression naming it would suppress nothing")
                .doesNotContain("flow-policy");
    }

    @Test
    void inputProblemsCannotBeConfiguredAsChecks() {
        for (String id : FindingIds.inputProblems()) {
            assertThat(FindingIds.problemAsCheck(id, "rules.only")).as(id).contains("is not a check of the rule"
                    + " catalog");
            assertThat(FindingIds.problemAsSuppressed(id, "a suppression")).as(id).isNull();
        }
        assertThat(FindingIds.problemAsCheck("flow-policy", "rules.only")).isEqualTo("'flow-policy' in rules.only is"
                + " not a check of the rule catalog: flow policies are given with --policy and rated by their own"
                + " severity");
        assertThat(FindingIds.problemAsSuppressed("flow-policy", "a suppression")).contains("a suppression cannot"
                + " accept one");
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
        assertThat(Spelling.closest("nci", Set.of("nsg", "nic", "subnet"))).isEqualTo("nic");
        assertThat(Spelling.closest("internet-exposed-rpd", FindingIds.all())).isEqualTo("internet-exposed-rdp");
    }
}
