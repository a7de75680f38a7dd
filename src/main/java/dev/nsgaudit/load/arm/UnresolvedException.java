package dev.nsgaudit.load.arm;

/**
 * The value of an expression depends on something not known offline (a parameter without a value, the runtime
 * state of a resource, the time of deployment). Thrown often during evaluation, so it carries no stack trace.
 */
public class UnresolvedException extends RuntimeException {

    private final String expression;
    private final String reason;

    public UnresolvedException(String expression, String reason) {
        super(expression + ": " + reason, null, false, false);
        this.expression = expression;
        this.reason = reason;
    }

    /** The expression (or sub-expression) whose value is unknown. */
    public String expression() {
        return expression;
    }

    /** Why it is unknown, in words meant for the user. */
    public String reason() {
        return reason;
    }

    /** The marker that stands in a JSON value for this unknown value. */
    public Unresolved toUnresolved() {
        return new Unresolved(expression, reason);
    }
}
