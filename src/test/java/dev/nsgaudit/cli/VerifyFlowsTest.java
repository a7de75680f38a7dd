package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.nsgaudit.testing.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code nsgaudit verify --flows FILE}: one answer per query line, in input order, with line numbers. */
class VerifyFlowsTest {

    private static final String EXAMPLE = "examples/three-tier";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<JsonNode> answers(Cli.Run r) {
        return r.outLines().stream().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    void jsonLinesAreAnsweredInOrderWithTheirLineNumbers() throws IOException {
        Path flows = write("flows.jsonl", """
                {"nic": "nic-web-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:80", "remote": "203.0.113.7:50000"}

                # the database, from the web tier
                {"nic": "nic-db-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.3.4:1433", "remote": "10.0.1.4:50000"}
                {"nsg": "nsg-web", "direction": "Outbound", "protocol": "UDP", "local": "10.0.1.4:5000", "remote": "8.8.8.8:53"}
                """);

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        List<JsonNode> answers = answers(r);
        assertThat(answers).extracting(a -> a.get("line").asInt()).containsExactly(1, 4, 5);
        assertThat(answers).extracting(a -> a.get("access").asText()).containsExactly("Allow", "Deny", "Allow");
        assertThat(answers).extracting(a -> a.get("ruleName").asText()).containsExactly(
                "securityRules/Allow-HTTP-Inbound-Internet",
                "securityRules/Deny-Database-All",
                "defaultSecurityRules/AllowInternetOutBound");
        assertThat(answers.get(0).fieldNames()).toIterable().startsWith("line", "access", "ruleName",
                "networkSecurityGroup", "evaluations");
    }

    @Test
    void aBadLineGetsAnErrorObjectAndTheOthersAreStillAnswered() throws IOException {
        Path flows = write("flows.jsonl", """
                {"nic": "nic-web-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:80", "remote": "203.0.113.7:50000"}
                {"nic": "nic-web-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:80",
                {"nic": "nic-nope", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:80", "remote": "203.0.113.7:1"}
                {"nic": "nic-web-1", "direction": "Sideways", "protocol": "TCP", "local": "10.0.1.4:80", "remote": "203.0.113.7:1"}
                {"nic": "nic-web-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:80", "remote": "1.2.3.4:1", "color": "red"}
                ["not", "an", "object"]
                {"nic": "nic-web-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.4:443", "remote": "203.0.113.7:50000"}
                """);

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains(flows.toString()).contains("\"error\"");
        List<JsonNode> answers = answers(r);
        assertThat(answers).extracting(a -> a.get("line").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(answers).extracting(a -> a.has("error"))
                .containsExactly(false, true, true, true, true, true, false);
        assertThat(answers.get(2).get("error").asText()).contains("nic-nope");
        assertThat(answers.get(3).get("error").asText()).contains("Sideways");
        assertThat(answers.get(4).get("error").asText()).contains("color");
        assertThat(answers.get(6).get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTPS-Inbound-Internet");
        assertThat(r.out()).doesNotContain("at dev.nsgaudit");
    }

    @Test
    void csvWithAHeaderRow() throws IOException {
        Path flows = write("flows.csv", """
                nic,nsg,direction,protocol,local,remote
                nic-web-1,,Inbound,TCP,10.0.1.4:22,198.51.100.10:40000
                nic-web-1,,Inbound,TCP,10.0.1.4:22,203.0.113.10:40000
                ,nsg-db,Outbound,TCP,10.0.3.4:40000,13.107.21.200:443
                nic-web-1,,Inbound,TCP
                """);

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        List<JsonNode> answers = answers(r);
        assertThat(answers).extracting(a -> a.get("line").asInt()).containsExactly(2, 3, 4, 5);
        assertThat(answers.get(0).get("ruleName").asText()).isEqualTo("securityRules/Allow-SSH-Office");
        assertThat(answers.get(1).get("ruleName").asText()).isEqualTo("defaultSecurityRules/DenyAllInBound");
        assertThat(answers.get(2).get("ruleName").asText()).isEqualTo("securityRules/Deny-Internet-Outbound");
        assertThat(answers.get(3).get("error").asText()).contains("expected 6");
    }

    @Test
    void csvColumnsMayComeInAnyOrder() throws IOException {
        Path flows = write("flows.csv", """
                remote,local,protocol,direction,nic
                203.0.113.7:50000,10.0.1.5:443,TCP,Inbound,nic-web-2
                """);

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(answers(r)).singleElement().satisfies(a ->
                assertThat(a.get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTPS-Inbound-Internet"));
    }

    @Test
    void aCsvWithoutAUsableHeaderIsRejected() throws IOException {
        Path flows = write("flows.csv", "nic-web-1,Inbound,TCP,10.0.1.4:80,1.2.3.4:5\n");

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).singleElement().asString().startsWith(flows + ":1: ").contains("header");
    }

    @Test
    void anInconclusiveAnswerGivesExitCode1() throws IOException {
        Path flows = write("flows.jsonl", """
                {"nic": "nic-db-1", "direction": "Inbound", "protocol": "TCP", "local": "10.0.3.4:1433", "remote": "10.0.2.10:50000"}
                """);

        Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(answers(r)).singleElement().satisfies(a ->
                assertThat(a.get("access").asText()).isEqualTo("Inconclusive"));
    }

    @Test
    void queriesCanComeFromStandardInput() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(("""
                    {"nic": "nic-web-2", "direction": "Inbound", "protocol": "TCP", "local": "10.0.1.5:80", "remote": "203.0.113.7:50000"}
                    """).getBytes(StandardCharsets.UTF_8)));
            Cli.Run r = run("verify", "--flows", "-", EXAMPLE);

            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(answers(r)).singleElement().satisfies(a -> {
                assertThat(a.get("line").asInt()).isEqualTo(1);
                assertThat(a.get("ruleName").asText()).isEqualTo("securityRules/Allow-HTTP-Inbound-Internet");
            });
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void flowsCannotBeCombinedWithASingleQuery() {
        Cli.Run r = run("verify", "--flows", "x.jsonl", "--nic", "nic-web-1", "--direction", "Inbound", "--protocol",
                "TCP", "--local", "10.0.1.4:80", "--remote", "203.0.113.7:50000", EXAMPLE);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines().get(0)).contains("--flows").contains("mutually exclusive");
    }

    @Test
    void aMissingFlowsFileIsOneLine() {
        Cli.Run r = run("verify", "--flows", dir.resolve("none.jsonl").toString(), EXAMPLE);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("none.jsonl");
        assertThat(r.err()).doesNotContain("at dev.nsgaudit");
    }

    /**
     * Bytes that are not UTF-8 anywhere in the file (the check reads eight bytes at a time, then the rest one by
     * one) stop the run before any answer, with their place.
     */
    @Test
    void aByteThatIsNotUtf8IsFoundWhereverItIs() throws IOException {
        byte[] line = ("{\"nic\": \"nic-web-1\", \"direction\": \"Inbound\", \"protocol\": \"TCP\","
                + " \"local\": \"10.0.1.4:80\", \"remote\": \"203.0.113.7:50000\"}\n").getBytes(StandardCharsets.US_ASCII);
        for (int at : new int[] {0, 5, 7, 8, line.length - 3, line.length + 3, 2 * line.length - 2}) {
            byte[] bytes = new byte[2 * line.length];
            System.arraycopy(line, 0, bytes, 0, line.length);
            System.arraycopy(line, 0, bytes, line.length, line.length);
            bytes[at] = (byte) 0xff;
            Path flows = Files.write(dir.resolve("bad-" + at + ".jsonl"), bytes);

            Cli.Run r = run("verify", "--flows", flows.toString(), EXAMPLE);

            int lineNumber = at < line.length ? 1 : 2;
            int column = (at < line.length ? at : at - line.length) + 1;
            assertThat(r.code()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).as("no answer at all").isEmpty();
            assertThat(r.err()).startsWith(flows + ":" + lineNumber + ":" + column + ": error [input-error] not UTF-8");
        }
    }
}
