package dev.nsgaudit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The result lines of {@code verify --flows} as UTF-8 bytes, handed to the output in batches of whole lines:
 * as bytes to standard output ({@link Utf8PrintWriter}), decoded for any other writer (the tests' capture).
 * Without a writer it keeps every line until {@link #flushTo} (a chunk answered on a pool thread).
 */
final class ResultLineBuffer {

    /** Batches of about this many bytes; a line longer than the rest of the buffer grows it. */
    private static final int BATCH = 1 << 16;
    private static final byte[] LINE_START = "{\"line\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.US_ASCII);

    /** Null: lines are kept until {@link #flushTo}. */
    private final PrintWriter out;
    private byte[] buffer = new byte[2 * BATCH];
    private int size;

    ResultLineBuffer(PrintWriter out) {
        this.out = out;
    }

    /** {@code {"line":N}: the start of every result line ({@code lineNumber} is positive). */
    void startLine(int lineNumber) {
        write(LINE_START, 0, LINE_START.length);
        ensure(10);
        int digits = 1;
        for (int n = lineNumber; n >= 10; n /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + lineNumber % 10);
            lineNumber /= 10;
        }
        size += digits;
    }

    void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Ends a line; a full batch goes out (only whole lines, so no character is ever split). */
    void endLine() {
        write(NEWLINE, 0, NEWLINE.length);
        if (out != null && size >= BATCH) {
            flush();
        }
    }

    void flush() {
        flushTo(out);
    }

    /** Hands every line kept so far to {@code out} and empties the buffer (keeping its capacity). */
    void flushTo(PrintWriter out) {
        if (size == 0) {
            return;
        }
        if (out instanceof Utf8PrintWriter bytes) {
            bytes.writeUtf8(buffer, 0, size);
        } else {
            out.write(new String(buffer, 0, size, StandardCharsets.UTF_8));
        }
        size = 0;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
