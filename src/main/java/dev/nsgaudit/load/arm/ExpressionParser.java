package dev.nsgaudit.load.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses ARM template expressions: a JSON string that starts with {@code [} and ends with {@code ]} holds one
 * expression made of function calls (names in any case, {@code namespace.member} for user functions), string
 * literals in single quotes with {@code ''} for a quote, integers (negative too), {@code true}, {@code false},
 * {@code null}, property access {@code .name} and index access {@code [expr]}. A string that starts with
 * {@code [[} is a literal with one bracket removed; one that starts with {@code [} but does not end with
 * {@code ]} is a plain literal. Errors name the position (1-based character in the template string).
 */
public final class ExpressionParser {

    private final String text;
    private final int end;
    private int pos;
    private int nesting;

    private ExpressionParser(String text, int start, int end) {
        this.text = text;
        this.pos = start;
        this.end = end;
    }

    /** True when ARM evaluates this template string as an expression. */
    public static boolean isExpression(String s) {
        return s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']' && s.charAt(1) != '[';
    }

    /** The literal value of a template string that is not an expression ({@code [[x]} gives {@code [x]}). */
    public static String literalValue(String s) {
        if (s.startsWith("[[") && s.endsWith("]")) {
            return s.substring(1);
        }
        return s;
    }

    /** Parses a template string that {@link #isExpression is an expression}, brackets included. */
    public static Expr parse(String templateString) {
        if (!isExpression(templateString)) {
            throw new ArmExpressionException("not an expression: a template expression starts with '[' and ends"
                    + " with ']'", templateString);
        }
        ExpressionParser p = new ExpressionParser(templateString, 1, templateString.length() - 1);
        p.skipSpace();
        if (p.pos == p.end) {
            throw new ArmExpressionException("empty expression '[]'", templateString);
        }
        Expr e = p.expression();
        p.skipSpace();
        if (p.pos != p.end) {
            throw p.error("unexpected '" + p.text.charAt(p.pos) + "' after the end of the expression");
        }
        return e;
    }

    private Expr expression() {
        if (++nesting > Limits.MAX_EXPRESSION_NESTING) {
            throw error("expression nested deeper than " + Limits.MAX_EXPRESSION_NESTING + " levels");
        }
        Expr e = primary();
        while (true) {
            skipSpace();
            if (peek() == '.') {
                int at = pos++;
                skipSpace();
                String name = identifier("a property name after '.'");
                e = new Expr.Member(e, name, at);
            } else if (peek() == '[') {
                int at = pos++;
                skipSpace();
                Expr index = expression();
                skipSpace();
                expect(']');
                e = new Expr.Index(e, index, at);
            } else {
                break;
            }
        }
        nesting--;
        return e;
    }

    private Expr primary() {
        skipSpace();
        int at = pos;
        char c = peek();
        if (c == '\'') {
            return new Expr.Str(string(), at);
        }
        if (c == '-' || isDigit(c)) {
            return integer();
        }
        if (isIdentifierStart(c)) {
            String name = identifier("a function name");
            int save = pos;
            skipSpace();
            if (peek() == '.') {
                // namespace.member(...) is a user-defined function; otherwise '.' is property access.
                int dot = pos++;
                skipSpace();
                if (isIdentifierStart(peek())) {
                    String member = identifier("a function name");
                    skipSpace();
                    if (peek() == '(') {
                        return new Expr.Call(name + "." + member, arguments(), at);
                    }
                }
                pos = dot;
            }
            skipSpace();
            if (peek() == '(') {
                return new Expr.Call(name, arguments(), at);
            }
            pos = save;
            switch (name.toLowerCase(Locale.ROOT)) {
                case "true":
                    return new Expr.Bool(true, at);
                case "false":
                    return new Expr.Bool(false, at);
                case "null":
                    return new Expr.Null(at);
                default:
                    throw errorAt(at, "'" + name + "' is neither a function call nor a literal (missing '(')");
            }
        }
        if (pos >= end) {
            throw error("the expression ends where a value was expected");
        }
        throw error("unexpected '" + c + "' where a value was expected");
    }

    private List<Expr> arguments() {
        expect('(');
        List<Expr> args = new ArrayList<>();
        skipSpace();
        if (peek() == ')') {
            pos++;
            return args;
        }
        while (true) {
            args.add(expression());
            skipSpace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ')') {
                pos++;
                return args;
            } else if (pos >= end) {
                throw error("missing ')' at the end of the expression");
            } else {
                throw error("expected ',' or ')' but found '" + c + "'");
            }
        }
    }

    private String string() {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < end) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < end && text.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        throw errorAt(start, "string literal is not closed (a quote inside a string is written '')");
    }

    private Expr integer() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digits = pos;
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw errorAt(start, "'-' must be followed by digits");
        }
        if (pos < end && (text.charAt(pos) == '.' && pos + 1 < end && isDigit(text.charAt(pos + 1)))) {
            throw errorAt(start, "ARM expressions have no decimal literals");
        }
        try {
            return new Expr.Int(Long.parseLong(text.substring(start, pos)), start);
        } catch (NumberFormatException e) {
            throw errorAt(start, "integer " + text.substring(start, pos) + " is out of range");
        }
    }

    private String identifier(String what) {
        int start = pos;
        if (!isIdentifierStart(peek())) {
            throw error("expected " + what);
        }
        while (pos < end && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void expect(char c) {
        skipSpace();
        if (peek() != c) {
            throw pos >= end ? error("missing '" + c + "' at the end of the expression")
                    : error("expected '" + c + "' but found '" + text.charAt(pos) + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < end && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < end ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private ArmExpressionException error(String message) {
        return errorAt(pos, message);
    }

    private ArmExpressionException errorAt(int at, String message) {
        return new ArmExpressionException("at position " + (at + 1) + ": " + message, text);
    }
}
