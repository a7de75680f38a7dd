package dev.nsgaudit.cli;

import dev.nsgaudit.bench.BenchWorkload;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify --flows} gives the same bytes as before its plain path: a golden file written by the build before it
 * (main at 8fdfb63, {@code bin/nsgaudit verify --flows three-tier-flows.jsonl examples/three-tier}) over plain lines,
 * open cases, platform traffic, odd spellings, every kind of bad line, CRLF, a lone CR, non-ASCII and a last line
 * without a newline; and on the benchmark workload the plain path agrees with the full answer line for line.
 */
class VerifyFlowsGoldenTest {

    private static final String EXAMPLE = "examples/three-tier";
    private static final Path FLOWS = Path.of("src/test/resources/flows/three-tier-flows.jsonl");
    private static final Path EXPECTED = Path.of("src/test/resources/flows/three-tier-flows.expected.jsonl");
    private static final String BAD_LINES = "nsgaudit verify: some queries in %s could not be answered; see their"
            + " \"error\"" + System.lineSeparator();

    @TempDir
    Path dir;

    @Test
    void standardOutputGetsTheBytesOfTheBuildBefore() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        Utf8PrintWriter out = new Utf8PrintWriter(bytes);

        int code = Main.run(new String[] {"verify", "--flows", FLOWS.toString(), EXAMPLE}, out, new PrintWriter(err));
        out.flush();

        assertThat(code).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(bytes.toByteArray()).isEqualTo(Files.readAllBytes(EXPECTED));
        assertThat(err.toString()).isEqualTo(BAD_LINES.formatted(FLOWS));
    }

    @Test
    void anyOtherWriterGetsTheSameText() throws IOException {
        Cli.Run r = Cli.run("verify", "--flows", FLOWS.toString(), EXAMPLE);

        assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(r.out()).isEqualTo(Files.readString(EXPECTED));
        assertThat(r.err()).isEqualTo(BAD_LINES.formatted(FLOWS));
    }

    @Test
    void standardInputGetsTheSameAnswers() throws IOException {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(FLOWS)));
            Cli.Run r = Cli.run("verify", "--flows", "-", EXAMPLE);

            assertThat(r.code()).isEqualTo(ExitCodes.INPUT_ERROR);
            assertThat(r.out()).isEqualTo(Files.readString(EXPECTED));
            assertThat(r.err()).isEqualTo(BAD_LINES.formatted("-"));
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void theGoldenFileTakesBothPaths() throws IOException {
        Verifier verifier = new Verifier(new FlowEvaluator(InputLoader.load(List.of(Path.of(EXAMPLE))).topology(),
                ServiceTags.bundled()));

        Answers plain = answer(verifier, FLOWS, true);
        Answers full = answer(verifier, FLOWS, false);

        assertThat(full.out).isEqualTo(Files.readString(EXPECTED));
        assertThat(plain.out).isEqualTo(full.out);
        // Plain: lines 3-5, 8, 12, 15-17, 19-22, 54 and 59. Not: the first query line (it settles the format), open
        // cases (D8, '*' ports or protocol), platform traffic, anything after the object, and the bad lines.
        assertThat(plain.plainAnswers).isEqualTo(14);
        assertThat(full.plainAnswers).isZero();
    }

    @Test
    void onTheBenchmarkWorkloadThePlainPathAgreesWithTheFullAnswer() throws IOException {
        BenchWorkload workload = BenchWorkload.create(BenchWorkload.DEFAULT_SEED);
        BenchWorkload.Flows flows = workload.flows(BenchWorkload.DEFAULT_SEED + 1);
        StringBuilder text = new StringBuilder();
        int queries = 20_000;
        for (int i = 0; i < queries; i++) {
            text.append(flows.next().jsonLine()).append('\n');
        }
        Path file = Files.writeString(dir.resolve("flows.jsonl"), text);

        Answers plain = answer(new Verifier(workload.evaluator()), file, true);
        Answers full = answer(new Verifier(workload.evaluator()), file, false);

        assertThat(plain.code).isEqualTo(full.code).isZero();
        assertThat(plain.out.lines().count()).isEqualTo(queries);
        assertThat(plain.out).isEqualTo(full.out);
        assertThat(plain.plainAnswers).isGreaterThan(queries * 9 / 10);
    }

    private record Answers(int code, String out, String err, int plainAnswers) {
    }

    private static Answers answer(Verifier verifier, Path flows, boolean plainPath) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FlowsRun run = new FlowsRun(flows.toString(), verifier, new PrintWriter(out), new PrintWriter(err), plainPath);
        int code = run.run(new ByteArrayInputStream(new byte[0]));
        return new Answers(code, out.toString(), err.toString(), run.plainAnswers());
    }
}
