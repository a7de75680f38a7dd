package dev.nsgaudit.cli;

/** Exit codes of SPEC section 5. */
public final class ExitCodes {

    /** Evaluated, nothing at or above the threshold. */
    public static final int OK = 0;
    /** Findings, failed or inconclusive results at or above the threshold. */
    public static final int FINDINGS = 1;
    /** Usage error, or input that could not be read. */
    public static final int INPUT_ERROR = 2;

    private ExitCodes() {
    }
}
