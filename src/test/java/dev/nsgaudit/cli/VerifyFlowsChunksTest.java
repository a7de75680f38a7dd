package dev.nsgaudit.cli;

import dev.nsgaudit.bench.BenchWorkload;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code verify --flows} on several threads ({@link FlowsRun} cutting the file into chunks at line ends) gives the
 * bytes, the messages and the exit code of one thread, wherever the chunks fall: the golden file cut at every chunk
 * size, bad lines in several chunks, a last line without a line end, and the benchmark workload on fresh
 * topologies (the classifiers, NICs and contexts then built by racing threads).
 */
class VerifyFlowsChunksTest {

    private static final Path EXAMPLE = Path.of("examples/three-tier");
    private static final Path FLOWS = Path.of("src/test/resources/flows/three-tier-flows.jsonl");
    private static final Path EXPECTED = Path.of("src/test/resources/flows/three-tier-flows.expected.jsonl");
    private static final String PLAIN_LINE = "{\"nic\":\"nic-web-1\",\"direction\":\"Inbound\",\"protocol\":\"TCP\","
            + "\"local\":\"10.0.1.4:%d\",\"remote\":\"203.0.113.7:50000\"}";

    @TempDir
    Path dir;

    private record Answers(int code, String out, String err, int plainAnswers, int workers) {
    }

    private static Verifier exampleVerifier() {
        return new Verifier(new FlowEvaluator(InputLoader.load(List.of(EXAMPLE)).topology(), ServiceTags.bundled()));
    }

    private static Answers answer(Verifier verifier, Path flows, int threads, int chunkBytes) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        FlowsRun run = new FlowsRun(flows.toString(), verifier, new PrintWriter(out), new PrintWriter(err), true,
                threads, 0, chunkBytes);
        int code = run.run(new ByteArrayInputStream(new byte[0]));
        return new Answers(code, out.toString(), err.toString(), run.plainAnswers(), run.workerThreads());
    }

    @Test
    void theGoldenFileCutAtEveryChunkSizeGivesTheGoldenBytes() throws IOException {
        String expected = Files.readString(EXPECTED);
        Verifier verifier = exampleVerifier();
        Answers one = answer(verifier, FLOWS, 1, 1 << 20);
        assertThat(one.out).isEqualTo(expected);
        assertThat(one.workers).isZero();
        int size = (int) Files.size(FLOWS);
        for (int chunk = 1; chunk <= size; chunk = chunk < 200 ? chunk + 1 : chunk * 2) {
            Answers many = answer(verifier, FLOWS, 3, chunk);
            assertThat(many.out).as("chunks of %d bytes", chunk).isEqualTo(expected);
            assertThat(many.code).isEqualTo(one.code).isEqualTo(ExitCodes.INPUT_ERROR);
            assertThat(many.err).isEqualTo(one.err);
            assertThat(many.plainAnswers).isEqualTo(one.plainAnswers);
            assertThat(many.workers).as("answered on the pool").isPositive();
        }
    }

    @Test
    void badLinesInSeveralChunksKeepTheirNumbersAndTheExitCode() throws IOException {
        StringBuilder text = new StringBuilder("# bad lines spread over the chunks\n");
        int lines = 1;
        for (int i = 0; i < 400; i++) {
            lines++;
            if (i % 37 == 5) {
                text.append("{\"nic\":\"nic-nope\",\"direction\":\"Inbound\",\"protocol\":\"TCP\",\"local\":\"10.0.1.4:80\","
                        + "\"remote\":\"203.0.113.7:1\"}");
            } else if (i % 53 == 7) {
                text.append("not json, line ").append(lines);
            } else if (i % 61 == 9) {
                text.append("");
            } else {
                text.append(PLAIN_LINE.formatted(1 + i % 100));
            }
            text.append(i % 3 == 0 ? "\r\n" : "\n");
        }
        Path flows = Files.writeString(dir.resolve("bad.jsonl"), text);

        Answers one = answer(exampleVerifier(), flows, 1, 1 << 20);
        Answers many = answer(exampleVerifier(), flows, 4, 2_000);

        assertThat(one.code).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(many.out).isEqualTo(one.out);
        assertThat(many.err).isEqualTo(one.err);
        assertThat(many.code).isEqualTo(one.code);
        assertThat(many.workers).isPositive();
        List<Integer> errorLines = errorLines(many.out);
        assertThat(errorLines).hasSizeGreaterThan(10);
        // every error where it was written, counted from the file itself, in several chunks
        String[] written = text.toString().split("\r?\n", -1);
        for (int n : errorLines) {
            assertThat(written[n - 1]).matches(".*(nic-nope|not json).*");
        }
        assertThat(errorLines.get(errorLines.size() - 1) - errorLines.get(0)).isGreaterThan(300);
    }

    @Test
    void aLastLineWithoutALineEndIsAnsweredWhereverTheChunksFall() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append(PLAIN_LINE.formatted(80 + i % 3)).append('\n');
        }
        text.append(PLAIN_LINE.formatted(443)); // no newline
        Path flows = Files.writeString(dir.resolve("last.jsonl"), text);
        Answers one = answer(exampleVerifier(), flows, 1, 1 << 20);
        assertThat(one.code).isZero();
        assertThat(one.out.lines()).hasSize(51).last().asString().startsWith("{\"line\":51,");
        for (int chunk : new int[] {1, 100, 111, 112, 113, 500, 5_000}) {
            Answers many = answer(exampleVerifier(), flows, 2, chunk);
            assertThat(many.out).as("chunks of %d bytes", chunk).isEqualTo(one.out);
            assertThat(many.code).isZero();
        }
    }

    @Test
    void aCsvFileIsCutIntoChunksAfterItsHeader() throws IOException {
        StringBuilder text = new StringBuilder("# a CSV\n\nnic,direction,protocol,local,remote\n");
        for (int i = 0; i < 300; i++) {
            text.append("nic-web-1,Inbound,TCP,10.0.1.4:").append(20 + i % 70).append(",198.51.100.10:40000\n");
        }
        Path flows = Files.writeString(dir.resolve("flows.csv"), text);
        Answers one = answer(exampleVerifier(), flows, 1, 1 << 20);
        Answers many = answer(exampleVerifier(), flows, 3, 700);
        assertThat(one.out.lines()).hasSize(300);
        assertThat(many.out).isEqualTo(one.out);
        assertThat(many.code).isEqualTo(one.code);
        assertThat(many.workers).isPositive();
    }

    /** Fresh topologies each round: NICs, contexts, compiled NSGs and classifiers built by racing threads. */
    @Test
    void onFreshBenchmarkTopologiesManyThreadsAnswerAsOne() throws IOException {
        BenchWorkload reference = BenchWorkload.create(BenchWorkload.DEFAULT_SEED);
        BenchWorkload.Flows generator = reference.flows(BenchWorkload.DEFAULT_SEED + 7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            text.append(generator.next().jsonLine()).append('\n');
        }
        Path flows = Files.writeString(dir.resolve("bench.jsonl"), text);
        Answers one = answer(new Verifier(reference.evaluator()), flows, 1, 1 << 20);
        assertThat(one.out.lines()).hasSize(6_000);
        for (int round = 0; round < 3; round++) {
            BenchWorkload fresh = BenchWorkload.create(BenchWorkload.DEFAULT_SEED);
            Answers many = answer(new Verifier(fresh.evaluator()), flows, 4, 4_000 + 1_000 * round);
            assertThat(many.out).as("round %d", round).isEqualTo(one.out);
            assertThat(many.code).isEqualTo(one.code);
            assertThat(many.plainAnswers).isEqualTo(one.plainAnswers);
            assertThat(many.workers).isGreaterThan(1);
        }
    }

    /** The command itself: a file above the size that starts a pool is read while the topology loads. */
    @Test
    void aLargeFileThroughTheCommandGivesTheBytesOfOneThread() throws IOException {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (text.length() < FlowsRun.PARALLEL_MIN_BYTES + 100_000) {
            lines++;
            text.append(lines % 9_999 == 0 ? "{\"nic\":\"nic-nope\"}" : PLAIN_LINE.formatted(lines % 500)).append('\n');
        }
        text.append(PLAIN_LINE.formatted(80)); // no newline
        Path flows = Files.writeString(dir.resolve("large.jsonl"), text);
        assertThat(FlowsRun.readAhead(flows.toString())).isNotNull();

        dev.nsgaudit.testing.Cli.Run r = dev.nsgaudit.testing.Cli.run("verify", "--flows", flows.toString(),
                EXAMPLE.toString());
        Answers one = answer(exampleVerifier(), flows, 1, 1 << 20);

        assertThat(r.code()).isEqualTo(one.code).isEqualTo(ExitCodes.INPUT_ERROR);
        assertThat(r.out()).isEqualTo(one.out);
        assertThat(r.err()).isEqualTo(one.err);
        assertThat(one.out.lines()).hasSize(lines + 1);
    }

    @Test
    void lineStartsCountsTheLinesTheLoopNumbers() {
        String[] pieces = {"a", "bc", "\n", "\r", "\r\n", "\n\r", "{\"x\":1}", "        "};
        java.util.Random random = new java.util.Random(20261203);
        for (int trial = 0; trial < 2_000; trial++) {
            StringBuilder text = new StringBuilder();
            int parts = random.nextInt(40);
            for (int i = 0; i < parts; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] b = text.toString().getBytes(StandardCharsets.US_ASCII);
            int expected = loopLines(b);
            int chunk = 1 + random.nextInt(20);
            FlowsFile file = FlowsFile.of(b, chunk);
            int counted = 0;
            for (int k = 0; k < file.chunks(); k++) {
                assertThat(file.end(k)).isGreaterThanOrEqualTo(file.start(k));
                assertThat(file.end(k) == b.length || b[file.end(k) - 1] == '\n').isTrue();
                counted += file.lines(k, file.start(k));
                assertThat(file.lines(k, file.start(k))).isEqualTo(
                        file.start(k) < file.end(k) ? FlowsFile.lineStarts(b, file.start(k), file.end(k)) : 0);
            }
            assertThat(file.chunks() == 0 ? 0 : file.end(file.chunks() - 1)).isEqualTo(b.length);
            assertThat(counted).as(text.toString().replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(expected);
        }
    }

    /** The line numbering of the one-thread loop: a line ends at LF, CR or CR LF. */
    private static int loopLines(byte[] b) {
        int n = 0;
        int from = 0;
        while (from < b.length) {
            n++;
            int to = from;
            while (to < b.length && b[to] != '\n' && b[to] != '\r') {
                to++;
            }
            from = to < b.length && b[to] == '\r' && to + 1 < b.length && b[to + 1] == '\n' ? to + 2 : to + 1;
        }
        return n;
    }

    private static List<Integer> errorLines(String out) {
        Matcher m = Pattern.compile("\\{\"line\":(\\d+),\"error\"").matcher(out);
        List<Integer> lines = new java.util.ArrayList<>();
        while (m.find()) {
            lines.add(Integer.parseInt(m.group(1)));
        }
        return lines;
    }
}
