package dev.nsgaudit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 PrintWriter over a byte stream (standard output) that also takes text already encoded as UTF-8, so that
 * {@code verify --flows} hands its result lines over as bytes instead of through the character encoder.
 */
final class Utf8PrintWriter extends PrintWriter {

    private final OutputStream bytes;

    Utf8PrintWriter(OutputStream bytes) {
        super(bytes, false, StandardCharsets.UTF_8);
        this.bytes = bytes;
    }

    /** Writes UTF-8 bytes after everything printed so far. */
    void writeUtf8(byte[] utf8, int offset, int length) {
        flush();
        try {
            bytes.write(utf8, offset, length);
        } catch (IOException e) {
            setError();
        }
    }
}
