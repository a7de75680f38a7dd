package dev.nsgaudit.load.arm;

import dev.nsgaudit.model.InputException;
import dev.nsgaudit.rules.Findings;

/**
 * A JSON file that cannot be read as an ARM template or parameter file. The message is the one line shown to
 * the user: {@code file:line:col: what; how to fix}.
 */
public class ArmInputException extends InputException {

    private final String file;
    private final int line;
    private final int column;
    private final String detail;

    public ArmInputException(String file, int line, int column, String what, String fix) {
        super(format(file, line, column) + ": " + what + "; " + fix);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = what + "; " + fix;
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

    /** The message without the position: what is wrong and how to fix it. */
    public String detail() {
        return detail;
    }

    /** The problem as a finding at the position it names. */
    public dev.nsgaudit.model.Finding toFinding() {
        return Findings.of("input-error", new dev.nsgaudit.model.SourceRef(file, line, column), detail);
    }
}
