package dev.nsgaudit.report;

import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Golden files: every report format of {@code check} on the bundled example (examples/three-tier with the
 * policies/ of the repository) is compared byte for byte with src/test/resources/golden/three-tier/, and two runs
 * give identical bytes (SPEC section 7).
 *
 * <p>After an intended change of a report, regenerate the files and review the diff before committing:
 * <pre>mvn -B test -Dtest=GoldenReportTest -Dgolden.update=true</pre>
 * The normal run only compares.
 */
class GoldenReportTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden/three-tier");
    /** The text report is what {@code check} prints; the others are the files it writes. */
    static final String TEXT = "nsgaudit.txt";
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    /** 2026-06-01 09:30:00 UTC: the report time, as SOURCE_DATE_EPOCH gives it to a reproducible build. */
    static final String SOURCE_DATE_EPOCH = "1780306200";
    /** The commit the example is at changes with every commit of this repository: compared as a placeholder. */
    private static final java.util.regex.Pattern COMMIT = java.util.regex.Pattern.compile(
            " <span class=\"muted\">(?:at commit</span> <code class=\"commit\">[^<]*</code>|\\(not in a git"
                    + " repository\\)</span>)");

    static byte[] withoutCommit(String name, byte[] content) {
        if (!name.endsWith(".html")) {
            return content;
        }
        return COMMIT.matcher(new String(content, StandardCharsets.UTF_8)).replaceAll(" COMMIT")
                .getBytes(StandardCharsets.UTF_8);
    }

    @TempDir
    Path tmp;

    /** Runs check on the example with every format, relative paths as a user in the repository would. */
    static Cli.Run checkExample(Path out) throws IOException {
        Cli.Run r = Cli.run("check", "examples/three-tier", "--policy", "policies", "--format",
                "text,json,sarif,junit,html", "--out", out.toString(), "--today", "2026-06-01",
                "--source-date-epoch", SOURCE_DATE_EPOCH);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).isEmpty();
        Files.writeString(out.resolve(TEXT), r.out(), StandardCharsets.UTF_8);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {TEXT, "nsgaudit.json", "nsgaudit.sarif", "nsgaudit-junit.xml", "nsgaudit.html"})
    void matchesTheGoldenFile(String name) throws IOException {
        checkExample(tmp);
        byte[] actual = withoutCommit(name, Files.readAllBytes(tmp.resolve(name)));
        Path golden = GOLDEN.resolve(name);
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.write(golden, actual);
            System.err.println("golden file written: " + golden + " (review the diff before committing)");
            return;
        }
        if (!Files.exists(golden)) {
            fail(golden + " is missing; generate it with: mvn -B test -Dtest=GoldenReportTest -Dgolden.update=true");
        }
        byte[] expected = withoutCommit(name, Files.readAllBytes(golden));
        if (!Arrays.equals(expected, actual)) {
            fail(name + " differs from " + golden + firstDifference(expected, actual)
                    + "\nIf the change is intended, regenerate with -Dgolden.update=true and review the diff.");
        }
    }

    @Test
    void twoRunsGiveIdenticalBytes() throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        checkExample(a);
        checkExample(b);
        List<String> names = List.of(TEXT, "nsgaudit.json", "nsgaudit.sarif", "nsgaudit-junit.xml", "nsgaudit.html");
        try (var files = Files.list(a)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactlyInAnyOrderElementsOf(names);
        }
        for (String name : names) {
            assertThat(Files.readAllBytes(b.resolve(name))).as(name).isEqualTo(Files.readAllBytes(a.resolve(name)));
        }
    }

    /** The golden content itself, checked by meaning, so that a wrong golden file cannot pass unnoticed. */
    @Test
    void goldenFilesSayWhatTheExampleIs() throws IOException {
        String text = Files.readString(GOLDEN.resolve(TEXT));
        assertThat(text).contains("summary: 0 errors, 4 warnings, 5 info (0 suppressed, 0 baselined); policies: 10 pass,"
                + " 1 fail, 0 inconclusive");
        assertThat(text).contains("policy FAIL no-ssh-from-internet: a packet is allowed: Tcp 198.51.100.0:49152 -> "
                + "10.0.1.4:22 by nsg-web securityRules/Allow-SSH-Office");
        // The office /24 of Allow-SSH-Office is no SSH exposure; HTTP(S) from the whole Internet is reported (info).
        assertThat(text).doesNotContain("[internet-exposed-ssh]");
        // The ports named are the ones open; the example comes from a real Internet address and an ephemeral port.
        assertThat(text).contains("info [internet-exposed-http] 3,702,390,783 IPv4 Internet addresses can open Tcp"
                + " 80, 443 to nic:nic-web-1, for example Tcp 1.0.0.0:49152 -> 10.0.1.4:80");
        // The web subnet has no NSG rule against VirtualNetwork: SSH/RDP from inside the VNet is open (default rule).
        assertThat(text).contains("warning [lateral-movement-management] VirtualNetwork addresses can open Tcp"
                + " 22, 3389 to nic:nic-web-1, for example Tcp 10.0.0.0:49152 -> 10.0.1.4:22, allowed by nsg-web"
                + " defaultSecurityRules/AllowVnetInBound");
        // AsgWeb's members are in the VNet, so the VNet deny contains the ASG allow: an exception, not a correlation.
        assertThat(text).contains("info [generalization] rule Deny-VNet-Inbound (priority 4000, Deny) contains all of"
                + " rule Allow-Web-To-Logic (priority 100, Allow)").doesNotContain("[correlated-rules]");
        // The database NIC is behind nsg-db-nic, whose Deny-Other-Inbound stops VNet traffic: no lateral finding.
        assertThat(text).doesNotContain("to nic:nic-db-1").doesNotContain("to nic:nic-logic-1");
        String junit = Files.readString(GOLDEN.resolve("nsgaudit-junit.xml"));
        // Nothing reaches --fail-on error (exit 0), so no test case fails; the warnings are passes with the finding.
        assertThat(junit).contains("<testsuites name=\"nsgaudit\" tests=\"141\" failures=\"0\" errors=\"0\" skipped=\"0\">")
                .contains("<system-out>under --fail-on error: examples/three-tier/nsgs.yaml:2: warning: VirtualNetwork"
                        + " addresses can open Tcp 22, 3389 to nic:nic-web-1");
        String html = Files.readString(GOLDEN.resolve("nsgaudit.html"));
        assertThat(html).contains("id=\"verdict\" data-exit-code=\"0\">PASS at --fail-on error (exit code 0)</p>")
                .contains("2026-06-01 09:30:00 UTC <span class=\"muted\">(SOURCE_DATE_EPOCH)</span>");
        String json = Files.readString(GOLDEN.resolve("nsgaudit.json"));
        assertThat(json).contains("\"checks\" : {\n      \"passed\" : 121,\n      \"failed\" : 9\n    }");
    }

    private static String firstDifference(byte[] expected, byte[] actual) {
        List<String> e = new String(expected, StandardCharsets.UTF_8).lines().toList();
        List<String> a = new String(actual, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "<end of file>";
            String y = i < a.size() ? a.get(i) : "<end of file>";
            if (!x.equals(y)) {
                return "\nfirst difference at line " + (i + 1) + ":\n  expected: " + x + "\n  actual:   " + y;
            }
        }
        return "\n(the lines are equal: line endings or the final newline differ)";
    }
}
