package dev.nsgaudit.load.arm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The syntax tree of one ARM template expression (the text between the outer brackets). {@link #toString()}
 * gives the expression back in ARM syntax, for messages.
 */
public sealed interface Expr {

    /** Index of the first character of this node in the template string (0 is the opening bracket). */
    int position();

    /** A string literal. */
    record Str(String value, int position) implements Expr {
        @Override
        public String toString() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    /** An integer literal. */
    record Int(long value, int position) implements Expr {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** The literals {@code true} and {@code false}. */
    record Bool(boolean value, int position) implements Expr {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** The literal {@code null}. */
    record Null(int position) implements Expr {
        @Override
        public String toString() {
            return "null";
        }
    }

    /** A function call; {@code name} is as written (user functions are {@code namespace.member}). */
    record Call(String name, List<Expr> args, int position) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        /** The name in lower case, the key functions are looked up by (ARM names are case-insensitive). */
        public String key() {
            return name.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return name + "(" + args.stream().map(Expr::toString).collect(Collectors.joining(", ")) + ")";
        }
    }

    /** Property access {@code target.name}. */
    record Member(Expr target, String name, int position) implements Expr {
        @Override
        public String toString() {
            return target + "." + name;
        }
    }

    /** Index access {@code target[index]}. */
    record Index(Expr target, Expr index, int position) implements Expr {
        @Override
        public String toString() {
            return target + "[" + index + "]";
        }
    }

    /** The name of every function call in an expression, in lower case, once per call. */
    static List<String> functionCalls(Expr expr) {
        List<String> out = new ArrayList<>();
        collect(expr, out);
        return out;
    }

    private static void collect(Expr expr, List<String> out) {
        if (expr instanceof Call c) {
            out.add(c.key());
            c.args().forEach(a -> collect(a, out));
        } else if (expr instanceof Member m) {
            collect(m.target(), out);
        } else if (expr instanceof Index i) {
            collect(i.target(), out);
            collect(i.index(), out);
        }
    }
}
