package dev.nsgaudit.report;

import dev.nsgaudit.testing.Cli;
import dev.nsgaudit.testing.Subprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time of the run in the HTML report: from SOURCE_DATE_EPOCH when it is set, so that a reproducible build
 * gives the same bytes, else from the clock; a value that is not seconds since 1970 is refused.
 */
class ReportTimeTest {

    @TempDir
    Path tmp;

    private Subprocess.Run check(Map<String, String> env, String out) throws Exception {
        return Subprocess.nsgaudit(Path.of("").toAbsolutePath(), env, "check", "examples/three-tier", "--policy",
                "policies", "--format", "html", "--out", tmp.resolve(out).toString());
    }

    @Test
    void sourceDateEpochFixesTheTimeAndTheBytes() throws Exception {
        Subprocess.Run a = check(Map.of("SOURCE_DATE_EPOCH", "1780306200"), "a");
        Subprocess.Run b = check(Map.of("SOURCE_DATE_EPOCH", "1780306200"), "b");
        assertThat(a.code()).as(a.output()).isZero();
        assertThat(b.code()).as(b.output()).isZero();
        String html = Files.readString(tmp.resolve("a/nsgaudit.html"));
        assertThat(html).contains("<td id=\"generated-at\">2026-06-01 09:30:00 UTC <span class=\"muted\">"
                + "(SOURCE_DATE_EPOCH)</span></td>");
        assertThat(Files.readAllBytes(tmp.resolve("b/nsgaudit.html"))).isEqualTo(Files.readAllBytes(
                tmp.resolve("a/nsgaudit.html")));
    }

    @Test
    void withoutItTheClockGivesTheTime() throws Exception {
        Subprocess.Run r = check(Map.of(), "clock");
        assertThat(r.code()).as(r.output()).isZero();
        String html = Files.readString(tmp.resolve("clock/nsgaudit.html"));
        assertThat(html).containsPattern("<td id=\"generated-at\">20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC</td>")
                .doesNotContain("2026-06-01 09:30:00");
    }

    @Test
    void aValueThatIsNotSecondsIsRefused() {
        Cli.Run r = Cli.run("check", "examples/three-tier", "--policy", "policies", "--format", "html", "--out",
                tmp.resolve("x").toString(), "--source-date-epoch", "yesterday");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, not 'yesterday'");
    }
}
