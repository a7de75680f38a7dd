package dev.nsgaudit.cli;

import dev.nsgaudit.audit.Audit;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;

/**
 * Exit codes of SPEC section 5, the same for every command. 2 is only for input that could not be read or used;
 * a value that merely cannot be known offline (an unresolved reference, a parameter without a value) is reported
 * on stderr and changes the exit code only through what it makes inconclusive.
 */
public final class ExitCodes {

    /** Evaluated, nothing at or above the threshold. */
    public static final int OK = 0;
    /** Findings, failed or inconclusive results at or above the threshold. */
    public static final int FINDINGS = 1;
    /** Usage error, or input that could not be read or used. */
    public static final int INPUT_ERROR = 2;

    private ExitCodes() {
    }

    /** True for a problem that means the input could not be read or used (exit 2), as {@code check} counts them. */
    static boolean unusable(Finding problem) {
        return problem.severity() == Severity.ERROR && Audit.INPUT_ERRORS.contains(problem.id());
    }
}
