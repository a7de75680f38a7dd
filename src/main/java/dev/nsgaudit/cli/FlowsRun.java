package dev.nsgaudit.cli;

import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.load.Utf8Text;
import dev.nsgaudit.report.Printable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code verify --flows}: one answer line per query line ({@link FlowLines}). A large file is answered on a few
 * threads: after the first query line has settled the format, the rest is cut into chunks at line ends, each
 * chunk answered by a pool thread into its own buffer, and the buffers written in input order, so that the output
 * is the same bytes as on one thread. A small file, or standard input, is answered on the calling thread.
 */
final class FlowsRun {

    /** Files below this many bytes (about 36,000 benchmark lines) are answered on one thread: no pool to start. */
    static final int PARALLEL_MIN_BYTES = 4 << 20;
    /** About this many bytes per chunk: long enough that a chunk's answering dwarfs handing it over. */
    static final int CHUNK_BYTES = 1 << 20;
    /** At most this many answering threads, whatever the machine has. */
    static final int MAX_THREADS = 4;

    private final String flows;
    private final PrintWriter err;
    private final PrintWriter writer;
    private final ResultLineBuffer out;
    private final FlowLines lines;
    private final int threads;
    private final int parallelMinBytes;
    private final int chunkBytes;
    /** The answering state of each pool thread, for the exit code and the tests' counts. */
    private final List<FlowLines> workers = new ArrayList<>();

    FlowsRun(String flows, Verifier verifier, PrintWriter out, PrintWriter err, boolean plainPath) {
        this(flows, verifier, out, err, plainPath, defaultThreads(), PARALLEL_MIN_BYTES, CHUNK_BYTES);
    }

    /**
     * As many threads as processors, at most {@link #MAX_THREADS}; the system property {@code nsgaudit.flows.threads}
     * sets another count (1: one thread, for measuring; bench/run-flows.sh).
     */
    private static int defaultThreads() {
        int threads = Integer.getInteger("nsgaudit.flows.threads",
                Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS));
        return Math.max(1, threads);
    }

    /** With the threads and sizes given (the tests cut small files into many chunks). */
    FlowsRun(String flows, Verifier verifier, PrintWriter out, PrintWriter err, boolean plainPath, int threads,
             int parallelMinBytes, int chunkBytes) {
        this.flows = flows;
        this.err = err;
        this.writer = out;
        this.out = new ResultLineBuffer(out);
        this.lines = new FlowLines(flows, verifier, err, plainPath, this.out);
        this.threads = threads;
        this.parallelMinBytes = parallelMinBytes;
        this.chunkBytes = chunkBytes;
    }

    /** Answers every line of {@code flows} ({@code -}: standard input) and returns the exit code. */
    int run(InputStream stdin) {
        if (flows.equals("-")) {
            return runReader(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(flows));
            if (!ascii(bytes, 0, bytes.length)) {
                Utf8Text.decode(bytes); // strict: bytes that are not UTF-8 are reported, never replaced
            }
        } catch (Utf8Text.NotUtf8 e) {
            err.println(Printable.line(flows + ":" + e.line + ":" + e.column + ": error [input-error] " + e.getMessage()));
            return ExitCodes.INPUT_ERROR;
        } catch (IOException e) {
            return cannotRead(e);
        }
        int lineNumber = 0;
        int from = 0;
        // The first query line settles the format (and a bad CSV header stops the run): on this thread, in order.
        while (from < bytes.length && lines.stop() == null && !lines.formatKnown()) {
            lineNumber++;
            from = lines.next(bytes, from, bytes.length, lineNumber);
        }
        if (lines.stop() == null && threads > 1 && bytes.length - from >= parallelMinBytes) {
            answerInChunks(bytes, from, lineNumber);
        } else {
            lines.answer(bytes, from, bytes.length, lineNumber);
        }
        return finish();
    }

    /** How many lines the plain path answered, on every thread (for the tests). */
    int plainAnswers() {
        int n = lines.plainAnswers();
        for (FlowLines w : workers) {
            n += w.plainAnswers();
        }
        return n;
    }

    /** How many threads answered chunks (0: the file was answered on the calling thread; for the tests). */
    int workerThreads() {
        return workers.size();
    }

    /**
     * The lines of {@code bytes[from, end)} on the pool: chunks of about {@link #chunkBytes} cut after a line feed,
     * at most two per thread in flight (each with its buffer of result lines), written in input order.
     */
    private void answerInChunks(byte[] bytes, int from, int lineNumber) {
        out.flush();
        ThreadLocal<FlowLines> perThread = ThreadLocal.withInitial(() -> {
            FlowLines mine = lines.sameFormat();
            synchronized (workers) {
                workers.add(mine);
            }
            return mine;
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "nsgaudit-flows");
            t.setDaemon(true); // never keeps the JVM alive
            return t;
        });
        try {
            ArrayDeque<Future<ResultLineBuffer>> inFlight = new ArrayDeque<>();
            ArrayDeque<ResultLineBuffer> free = new ArrayDeque<>();
            int at = from;
            int line = lineNumber;
            while (at < bytes.length || !inFlight.isEmpty()) {
                while (at < bytes.length && inFlight.size() < 2 * threads) {
                    int start = at;
                    int end = chunkEnd(bytes, start, chunkBytes);
                    int before = line;
                    ResultLineBuffer buffer = free.isEmpty() ? new ResultLineBuffer(null) : free.poll();
                    inFlight.add(pool.submit(() -> {
                        FlowLines mine = perThread.get();
                        mine.writeTo(buffer);
                        mine.answer(bytes, start, end, before);
                        return buffer;
                    }));
                    line += lineStarts(bytes, start, end);
                    at = end;
                }
                ResultLineBuffer done = result(inFlight.poll());
                done.flushTo(writer);
                free.add(done);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A chunk's buffer, or what the chunk threw, as the calling thread would have thrown it. */
    private static ResultLineBuffer result(Future<ResultLineBuffer> chunk) {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering flows", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Where a chunk starting at {@code from} ends: just after the first line feed at or after {@code from + size},
     * or at the end. A CR LF pair is never cut, and every chunk but the last ends after a line end.
     */
    static int chunkEnd(byte[] b, int from, int size) {
        if (b.length - from <= size) {
            return b.length;
        }
        for (int i = from + size - 1; i < b.length; i++) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return b.length;
    }

    /**
     * How many lines start in {@code b[from, to)} (from a line start to a line start or the end of the input), as
     * the line loop numbers them: a line ends at LF, CR or CR LF; a last line without one counts too.
     */
    static int lineStarts(byte[] b, int from, int to) {
        int n = 0;
        int i = from;
        // Eight bytes at a time: a word without CR counts its LFs; a word with one is read byte by byte.
        for (; i + 8 <= to; i += 8) {
            long w = (long) LONGS.get(b, i);
            if (bytesEqual(w, 0x0d0d_0d0d_0d0d_0d0dL) == 0) {
                n += Long.bitCount(bytesEqual(w, 0x0a0a_0a0a_0a0a_0a0aL));
            } else {
                n += lineEnds(b, i, i + 8);
            }
        }
        n += lineEnds(b, i, to);
        if (to > from && b[to - 1] != '\n' && b[to - 1] != '\r') {
            n++; // the last line of the input, without a line end
        }
        return n;
    }

    /** The line ends in {@code b[from, to)}: each LF, and each CR not followed by an LF (which ends the line). */
    private static int lineEnds(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n' || (b[i] == '\r' && (i + 1 >= b.length || b[i + 1] != '\n'))) {
                n++;
            }
        }
        return n;
    }

    /** The high bit of each byte of {@code w} equal to the repeated byte of {@code pattern}, exactly. */
    private static long bytesEqual(long w, long pattern) {
        long x = w ^ pattern;
        return ~(((x & 0x7f7f_7f7f_7f7f_7f7fL) + 0x7f7f_7f7f_7f7f_7f7fL) | x | 0x7f7f_7f7f_7f7f_7f7fL);
    }

    private int runReader(BufferedReader reader) {
        byte[] ascii = new byte[256];
        try (reader) {
            String line;
            int lineNumber = 0;
            while (lines.stop() == null && (line = reader.readLine()) != null) {
                lineNumber++;
                int n = line.length();
                if (ascii.length < n) {
                    ascii = new byte[Math.max(n, 2 * ascii.length)];
                }
                boolean isAscii = true;
                for (int i = 0; i < n && isAscii; i++) {
                    char c = line.charAt(i);
                    isAscii = c < 0x80;
                    ascii[i] = (byte) c;
                }
                if (isAscii) {
                    lines.line(ascii, 0, n, lineNumber);
                } else {
                    lines.text(line, lineNumber);
                }
            }
        } catch (IOException e) {
            out.flush();
            return cannotRead(e);
        }
        return finish();
    }

    private int cannotRead(IOException e) {
        err.println(Printable.line("nsgaudit verify: cannot read " + flows + ": " + IoMessages.why(e)));
        return ExitCodes.INPUT_ERROR;
    }

    private int finish() {
        out.flush();
        if (lines.stop() != null) {
            return lines.stop();
        }
        boolean badLine = lines.badLine();
        boolean inconclusive = lines.inconclusive();
        for (FlowLines w : workers) {
            badLine |= w.badLine();
            inconclusive |= w.inconclusive();
        }
        if (badLine) {
            err.println("nsgaudit verify: some queries in " + flows + " could not be answered; see their \"error\"");
            return ExitCodes.INPUT_ERROR;
        }
        return inconclusive ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Eight bytes of an array at once, for {@link #ascii} and {@link #lineStarts}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether no byte is above 127: eight at a time (a sign bit in any of them), then the rest one by one. */
    private static boolean ascii(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (((long) LONGS.get(b, i) & 0x8080_8080_8080_8080L) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
