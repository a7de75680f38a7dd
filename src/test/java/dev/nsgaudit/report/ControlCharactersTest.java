package dev.nsgaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsgaudit.testing.CheckInput;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.CheckInput.allowTcp;
import static dev.nsgaudit.testing.CheckInput.subnetNsg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names and descriptions with escape sequences, bell, line breaks and a bidi override never reach an output raw:
 * the console keeps one finding per line, the XML parses, JSON round-trips the exact text, and show output loads.
 */
class ControlCharactersTest {

    /** ESC [2J (clear screen), BEL, CR LF with a fake finding line, a right-to-left override. */
    private static final String EVIL = "Allow-SSH\u001b[2J\u0007\r\nfake.yaml:1:1: error [shadowed-rule] x\u202e";
    private static final String EVIL_YAML = "\"Allow-SSH\\e[2J\\a\\r\\nfake.yaml:1:1: error [shadowed-rule] x\\u202e\"";
    private static final String POLICY = """
            policies:
              - name: "ssh-closed\\e]0;owned\\a\\n"
                description: "line\\x85break"
                from: Internet
                to: nic:vm1
                protocol: Tcp
                ports: "22"
                expect: deny
            """;

    @TempDir
    Path dir;

    private Path input() throws IOException {
        String net = subnetNsg(allowTcp("Allow-SSH", 100, "Internet", "22"))
                .replace("- name: Allow-SSH", "- name: " + EVIL_YAML + "\n        description: " + EVIL_YAML);
        Path in = CheckInput.folder(dir.resolve("in"), "net.yaml", net);
        Files.writeString(in.resolve("policies/p.yaml"), POLICY);
        return in;
    }

    private static void noRawControls(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == '\n' || lineBreaksAllowed && (c == '\t' || c == '\r');
            assertThat(allowed || !(c < 0x20 || c >= 0x7f && c <= 0x9f || c >= 0x202a && c <= 0x202e))
                    .as("character U+%04X at %d in:%n%s", (int) c, i, text).isTrue();
        }
    }

    @Test
    void everyCheckFormatStaysSafeAndParseable() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("check", input().toString(), "--format", "text,json,sarif,junit,html", "--out",
                out.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(1);

        // Text: no raw control character, and one line per open finding and per policy, plus the summary.
        noRawControls(r.out(), false);
        JsonNode json = new ObjectMapper().readTree(out.resolve("nsgaudit.json").toFile());
        long open = 0;
        for (JsonNode f : json.path("findings")) {
            open += f.path("status").asText().equals("open") ? 1 : 0;
        }
        // Findings of one rule that differ only by protocol or layer share a line; each has its fix and guide lines.
        List<String> lines = r.outLines();
        List<String> told = lines.stream().filter(l -> !l.startsWith("    fix: ") && !l.startsWith("    guide: ")).toList();
        assertThat(told).as(r.out()).hasSizeBetween(json.path("policies").size() + 1 + json.path("assumptions").size()
                + (open > 0 ? 1 : 0), (int) open + json.path("policies").size() + 1 + json.path("assumptions").size());
        assertThat(lines).noneMatch(l -> l.startsWith("fake.yaml"));
        assertThat(r.out()).contains("Allow-SSH\\u001b[2J\\u0007\\u000d\\u000afake.yaml:1:1:");

        // JSON keeps the exact text (Jackson escapes control characters).
        assertThat(json.path("findings").findValuesAsText("rule")).contains(EVIL);
        assertThat(json.path("policies").get(0).path("name").asText()).isEqualTo("ssh-closed\u001b]0;owned\u0007\n");

        noRawControls(Files.readString(out.resolve("nsgaudit.json")), true);
        noRawControls(Files.readString(out.resolve("nsgaudit.sarif")), true);
        // SARIF parses and keeps the text.
        JsonNode sarif = new ObjectMapper().readTree(out.resolve("nsgaudit.sarif").toFile());
        assertThat(sarif.toString()).contains("\\u001B[2J");

        // JUnit XML is well-formed XML 1.0, with the characters it forbids made visible.
        String junit = Files.readString(out.resolve("nsgaudit-junit.xml"));
        noRawControls(junit, true);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("nsgaudit-junit.xml").toFile());
        assertThat(junit).contains("ssh-closed\\u001b]0;owned\\u0007");

        // HTML: the same.
        String html = Files.readString(out.resolve("nsgaudit.html"));
        noRawControls(html, true);
        assertThat(html).contains("Allow-SSH\\u001b[2J\\u0007");
    }

    @Test
    void problemLinesOnStderrAreOneLineEach() throws IOException {
        Cli.Run r = Cli.run("show", input().toString());
        noRawControls(r.err(), false);
        assertThat(r.errLines()).isNotEmpty().allMatch(l -> l.contains(" error [") || l.contains(" warning ["));
    }

    @Test
    void showYamlStaysLoadableAndJsonParses() throws IOException {
        Cli.Run yaml = Cli.run("show", input().toString());
        Path again = Files.writeString(dir.resolve("again.yaml"), yaml.out());
        Cli.Run reloaded = Cli.run("show", again.toString());
        assertThat(reloaded.err()).as(reloaded.toString()).doesNotContain("yaml-syntax").doesNotContain("input-error");
        assertThat(reloaded.out()).isEqualTo(yaml.out());
        Cli.Run json = Cli.run("show", "--format", "json", input().toString());
        assertThat(new ObjectMapper().readTree(json.out()).toString()).contains("\\u001B[2J");
        // Jackson writes C1 and bidi controls raw; they are escaped too (the same JSON text, safe bytes).
        noRawControls(json.out(), true);
        assertThat(json.out()).contains("\\u202e");
        assertThat(new ObjectMapper().readTree(json.out()).toString()).contains("\u202e");
        Cli.Run eff = Cli.run("effective", "--nic", "vm1", input().toString());
        assertThat(new ObjectMapper().readTree(eff.out()).toString()).contains("\\u001B[2J");
    }
}
