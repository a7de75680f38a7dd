package dev.nsgaudit.cli;

import dev.nsgaudit.eval.Verifier;
import dev.nsgaudit.load.Utf8Text;
import dev.nsgaudit.report.Printable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code verify --flows}: one answer line per query line ({@link FlowLines}). A large file is read while the
 * topology loads and answered on a few threads: after the first query line has settled the format, the rest goes
 * by the file's chunks ({@link FlowsFile}, cut at line feeds), each answered by a pool thread into its own buffer,
 * and the buffers are written in input order, so that the output is the same bytes as on one thread. A small file,
 * or standard input, is answered on the calling thread. The pool threads share the {@link Verifier}, whose lazily
 * built parts (NIC entries, contexts, routes, compiled NSGs, classifiers) are published safely: atomic arrays,
 * concurrent maps, volatile fields, final fields only (ConcurrentVerifierProperties).
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

    /**
     * The file of a large {@code flows} (not standard input) being read on a thread of its own, so that reading it
     * overlaps loading the topology; null for a small one (read when answered, as before) or when it cannot be
     * sized (its error is then reported when it is read).
     */
    static CompletableFuture<FlowsFile> readAhead(String flows) {
        if (flows.equals("-")) {
            return null;
        }
        try {
            Path file = Path.of(flows);
            if (Files.isRegularFile(file) && Files.size(file) >= PARALLEL_MIN_BYTES) {
                return FlowsFile.readAhead(file, CHUNK_BYTES);
            }
        } catch (IOException | RuntimeException e) {
            // reported as before, when the file is read
        }
        return null;
    }

    /** Answers every line of {@code flows} ({@code -}: standard input) and returns the exit code. */
    int run(InputStream stdin) {
        return run(stdin, null);
    }

    /** The same, with the file read ahead ({@link #readAhead}; null: read it now). */
    int run(InputStream stdin, CompletableFuture<FlowsFile> ahead) {
        if (flows.equals("-")) {
            return runReader(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))));
        }
        FlowsFile file;
        try {
            file = ahead != null ? read(ahead) : FlowsFile.read(Path.of(flows), chunkBytes);
            if (!file.ascii) {
                Utf8Text.decode(file.bytes); // strict: bytes that are not UTF-8 are reported, never replaced
            }
        } catch (Utf8Text.NotUtf8 e) {
            err.println(Printable.line(flows + ":" + e.line + ":" + e.column + ": error [input-error] " + e.getMessage()));
            return ExitCodes.INPUT_ERROR;
        } catch (IOException e) {
            return cannotRead(e);
        }
        byte[] bytes = file.bytes;
        int lineNumber = 0;
        int from = 0;
        // The first query line settles the format (and a bad CSV header stops the run): on this thread, in order.
        while (from < bytes.length && lines.stop() == null && !lines.formatKnown()) {
            lineNumber++;
            from = lines.next(bytes, from, bytes.length, lineNumber);
        }
        if (lines.stop() == null && threads > 1 && from < bytes.length && bytes.length - from >= parallelMinBytes) {
            answerInChunks(file, from, lineNumber);
        } else {
            lines.answer(bytes, from, bytes.length, lineNumber);
        }
        return finish();
    }

    private static FlowsFile read(CompletableFuture<FlowsFile> ahead) throws IOException {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
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
     * The lines of {@code file} from {@code from} on the pool: the file's chunks (the first one from {@code from}),
     * at most two per thread in flight (each with its buffer of result lines), written in input order.
     */
    private void answerInChunks(FlowsFile file, int from, int lineNumber) {
        out.flush();
        byte[] bytes = file.bytes;
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
            int chunk = file.chunkOf(from);
            int at = from;
            int line = lineNumber;
            while (chunk < file.chunks() || !inFlight.isEmpty()) {
                while (chunk < file.chunks() && inFlight.size() < 2 * threads) {
                    int start = at;
                    int end = file.end(chunk);
                    if (start < end) {
                        int before = line;
                        ResultLineBuffer buffer = free.isEmpty() ? new ResultLineBuffer(null) : free.poll();
                        inFlight.add(pool.submit(() -> {
                            FlowLines mine = perThread.get();
                            mine.writeTo(buffer);
                            mine.answer(bytes, start, end, before);
                            return buffer;
                        }));
                        line += file.lines(chunk, start);
                    }
                    at = end;
                    chunk++;
                }
                if (!inFlight.isEmpty()) {
                    ResultLineBuffer done = result(inFlight.poll());
                    done.flushTo(writer);
                    free.add(done);
                }
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
}
