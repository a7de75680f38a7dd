package dev.nsgaudit.load.arm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that the bytes of a JSON file are text as ARM reads it (UTF-8, an optional UTF-8 byte order mark) before
 * they are parsed, so that an encoding problem is named with its position instead of a decoder's message.
 */
public final class JsonText {

    private JsonText() {
    }

    /** @throws ArmInputException naming the first problem: a UTF-16/32 file, a byte that is not UTF-8, a NUL */
    public static void check(byte[] bytes, String file) {
        if (startsWith(bytes, 0xFF, 0xFE) || startsWith(bytes, 0xFE, 0xFF)) {
            throw new ArmInputException(file, 1, 1, "the file is UTF-16 text (it starts with a UTF-16 byte order"
                    + " mark), not UTF-8", "save it as UTF-8");
        }
        int start = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(8192);
        int line = 1;
        int column = 1;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            out.flip();
            while (out.hasRemaining()) {
                char c = out.get();
                if (c == 0) {
                    throw new ArmInputException(file, line, column, "a NUL character (byte 0x00) in the file",
                            "a template is text: remove it");
                }
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
            }
            out.clear();
            if (result.isError()) {
                int at = in.position();
                StringBuilder hex = new StringBuilder();
                for (int i = at; i < Math.min(bytes.length, at + Math.max(1, result.length())); i++) {
                    hex.append(hex.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
                }
                throw new ArmInputException(file, line, column, "not UTF-8 at byte " + at + " (" + hex + ")",
                        "save the file as UTF-8");
            }
            if (result.isUnderflow()) {
                try {
                    CoderResult end = decoder.flush(out);
                    if (end.isError()) {
                        end.throwException();
                    }
                } catch (CharacterCodingException e) {
                    throw new ArmInputException(file, line, column, "not UTF-8 at byte " + bytes.length
                            + " (the file ends inside a character)", "save the file as UTF-8");
                }
                return;
            }
        }
    }

    /** The text of a JSON string given as Java text: only NUL characters can be wrong in it. */
    static void check(String text, String file) {
        int nul = text.indexOf('\0');
        if (nul < 0) {
            return;
        }
        int line = 1;
        int column = 1;
        for (int i = 0; i < nul; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(text.charAt(i))) {
                column++;
            }
        }
        throw new ArmInputException(file, line, column, "a NUL character (U+0000) in the file",
                "a template is text: remove it");
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
