package dev.nsgaudit.cli;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code verify --flows} file read whole, with what answering it on several threads needs known ahead: whether
 * it is all ASCII (then it is UTF-8 without decoding it), and its chunks (cut after the first line feed at or after
 * each multiple of the chunk size, so each is found without the one before it) with the lines each holds. A large
 * file is read on a thread of its own while the topology loads ({@link #readAhead}).
 */
final class FlowsFile {

    final byte[] bytes;
    final boolean ascii;
    private final int chunkBytes;
    /** Chunk k is {@code bytes[chunkStart[k], chunkStart[k + 1])}; the last entry is the length. */
    private final int[] chunkStart;
    /** How many lines start in chunk k (null when the file is not ASCII: then it is counted as it is answered). */
    private final int[] chunkLines;

    private FlowsFile(byte[] bytes, int chunkBytes) {
        this.bytes = bytes;
        this.chunkBytes = chunkBytes;
        this.ascii = ascii(bytes, 0, bytes.length);
        int chunks = (int) (((long) bytes.length + chunkBytes - 1) / chunkBytes);
        this.chunkStart = new int[chunks + 1];
        for (int k = 1; k <= chunks; k++) {
            chunkStart[k] = Math.max(chunkStart[k - 1], cut(bytes, (long) k * chunkBytes));
        }
        if (ascii) {
            chunkLines = new int[chunks];
            for (int k = 0; k < chunks; k++) {
                chunkLines[k] = chunkStart[k] < chunkStart[k + 1] ? lineStarts(bytes, chunkStart[k], chunkStart[k + 1]) : 0;
            }
        } else {
            chunkLines = null;
        }
    }

    /** Reads {@code file} now, on the calling thread. */
    static FlowsFile read(Path file, int chunkBytes) throws IOException {
        return of(Files.readAllBytes(file), chunkBytes);
    }

    static FlowsFile of(byte[] bytes, int chunkBytes) {
        return new FlowsFile(bytes, chunkBytes);
    }

    /** Reads {@code file} on a daemon thread of its own; the future fails with the IOException. */
    static CompletableFuture<FlowsFile> readAhead(Path file, int chunkBytes) {
        CompletableFuture<FlowsFile> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                result.complete(read(file, chunkBytes));
            } catch (IOException | RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "nsgaudit-flows-read");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    int chunks() {
        return chunkStart.length - 1;
    }

    /** The chunk that holds byte {@code at} (0 <= at < length). */
    int chunkOf(int at) {
        int k = at / chunkBytes;
        while (k > 0 && chunkStart[k] > at) {
            k--;
        }
        while (chunkStart[k + 1] <= at) {
            k++;
        }
        return k;
    }

    int start(int chunk) {
        return chunkStart[chunk];
    }

    int end(int chunk) {
        return chunkStart[chunk + 1];
    }

    /** The lines that start in {@code bytes[from, end(chunk))}, {@code from} a line start inside the chunk. */
    int lines(int chunk, int from) {
        if (from == chunkStart[chunk] && chunkLines != null) {
            return chunkLines[chunk];
        }
        return from < end(chunk) ? lineStarts(bytes, from, end(chunk)) : 0;
    }

    /**
     * Where the chunk boundary at or after {@code at} is: just after the first line feed at or after {@code at - 1}
     * (so a boundary at a line start stays there), or the end. A CR LF pair is never cut.
     */
    private static int cut(byte[] b, long at) {
        if (at >= b.length) {
            return b.length;
        }
        for (int i = (int) Math.max(0, at - 1); i < b.length; i++) {
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

    /** Eight bytes of an array at once. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Whether no byte is above 127: eight at a time (a sign bit in any of them), then the rest one by one. */
    static boolean ascii(byte[] b, int from, int to) {
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
