package dev.nsgaudit.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON escapes for what Jackson writes raw but a terminal or viewer may obey: DEL, C1 controls, line and paragraph
 * separators and bidi controls become {@code \u202e}. The JSON means the same text; only its bytes are safe.
 */
final class JsonEscapes extends CharacterEscapes {

    private final int[] ascii;

    JsonEscapes() {
        ascii = CharacterEscapes.standardAsciiEscapesForJSON();
        ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch <= 0xffff && Printable.unsafe((char) ch, false)
                ? new SerializedString(String.format("\\u%04x", ch)) : null;
    }
}
