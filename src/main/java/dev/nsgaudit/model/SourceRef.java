package dev.nsgaudit.model;

/** Where a definition came from: file, 1-based line and column (0 when unknown). */
public record SourceRef(String file, int line, int column) {

    public static final SourceRef UNKNOWN = new SourceRef("", 0, 0);

    public static SourceRef of(String file, int line) {
        return new SourceRef(file, line, 0);
    }

    /** Parses the {@code file:line[:col]} form that {@code show} writes. */
    public static SourceRef parse(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length >= 3 && isInt(parts[parts.length - 1]) && isInt(parts[parts.length - 2])) {
                String file = text.substring(0, text.length() - parts[parts.length - 1].length() - parts[parts.length - 2].length() - 2);
                return new SourceRef(file, Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
            }
            if (parts.length >= 2 && isInt(parts[parts.length - 1])) {
                String file = text.substring(0, text.length() - parts[parts.length - 1].length() - 1);
                return new SourceRef(file, Integer.parseInt(parts[parts.length - 1]), 0);
            }
        } catch (NumberFormatException ignored) {
            // falls through to a file-only reference
        }
        return new SourceRef(text, 0, 0);
    }

    private static boolean isInt(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    public boolean isKnown() {
        return !file.isEmpty();
    }

    /** {@code file:line} as used in show output. */
    public String fileAndLine() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }
}
