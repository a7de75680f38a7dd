package dev.nsgaudit.load.arm;

/**
 * An ARM expression that is malformed or that ARM itself would reject at deployment (unknown function, wrong
 * argument type, a variable that depends on itself, nesting beyond the limits). It is an error in the template,
 * unlike {@link UnresolvedException}, which only says that a value is not known offline.
 */
public class ArmExpressionException extends RuntimeException {

    private final String detail;
    private final String expression;

    public ArmExpressionException(String detail) {
        this(detail, null);
    }

    public ArmExpressionException(String detail, String expression) {
        super(expression == null ? detail : detail + " (in \"" + abbreviate(expression) + "\")");
        this.detail = detail;
        this.expression = expression;
    }

    /** The same error with the text of the whole template string it occurred in, unless that is already known. */
    public ArmExpressionException in(String wholeExpression) {
        return expression != null ? this : new ArmExpressionException(detail, wholeExpression);
    }

    public String detail() {
        return detail;
    }

    /** The template string the error occurred in, or null when not known. */
    public String expression() {
        return expression;
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
