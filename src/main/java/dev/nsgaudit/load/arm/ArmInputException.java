package dev.nsgaudit.load.arm;

import dev.nsgaudit.load.InputException;

/**
 * A JSON file that cannot be read as an ARM template or parameter file. The message is the one line shown to
 * the user: {@code file:line:col: what; how to fix}.
 */
public class ArmInputException extends InputException {

    private final String file;
    private final int line;
    private final int column;

    public ArmInputException(String file, int line, int column, String what, String fix) {
        super(format(file, line, column) + ": " + what + "; " + fix);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String format(String file, int line, int column) {
        if (line <= 0) {
            return file;
        }
        return column > 0 ? file + ":" + line + ":" + column : file + ":" + line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
