package dev.nsgaudit.load;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a file's bytes as UTF-8, strictly. Where the bytes are not UTF-8 the error says where (byte offset,
 * line and column) and what was found, instead of the JDK's "Input length = 2".
 */
public final class Utf8Text {

    /** Not UTF-8: {@code line} and {@code column} are 1-based, the column counted in bytes. */
    public static final class NotUtf8 extends Exception {
        public final long offset;
        public final int line;
        public final int column;

        NotUtf8(String message, long offset, int line, int column) {
            super(message);
            this.offset = offset;
            this.line = line;
            this.column = column;
        }
    }

    private Utf8Text() {
    }

    public static String decode(byte[] bytes) throws NotUtf8 {
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff
                || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
            throw new NotUtf8("not UTF-8: the file starts with a UTF-16 byte order mark; save it as UTF-8", 0, 1, 1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            StringBuilder found = new StringBuilder();
            for (int i = at; i < Math.min(bytes.length, at + result.length()); i++) {
                found.append(found.length() == 0 ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xff));
            }
            throw new NotUtf8("not UTF-8 at byte " + at + " (" + found + "; perhaps Latin-1 or Windows-1252):"
                    + " save the file as UTF-8", at, line, at - lineStart + 1);
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
