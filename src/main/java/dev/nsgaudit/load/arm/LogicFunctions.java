package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.IntPredicate;

import static dev.nsgaudit.load.arm.ArmValues.bool;
import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/**
 * Logical and comparison functions. if() evaluates only the branch taken (documented); and()/or() stop at the
 * first operand that decides the result, and an unknown operand only makes the result unknown when no later
 * operand decides it; coalesce() stops at the first non-null value.
 */
final class LogicFunctions {

    private LogicFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("if", 3, 3, a -> a.bool(0) ? a.raw(1) : a.raw(2));
        r.add("and", 1, ANY, a -> junction(a, false));
        r.add("or", 1, ANY, a -> junction(a, true));
        r.add("not", 1, 1, a -> bool(!a.bool(0)));
        r.add("true", 0, 0, a -> bool(true));
        r.add("false", 0, 0, a -> bool(false));
        r.add("bool", 1, 1, LogicFunctions::toBool);
        r.add("coalesce", 1, ANY, a -> {
            for (int i = 0; i < a.count(); i++) {
                JsonNode v = a.value(i);
                if (!ArmValues.isNull(v)) {
                    return v;
                }
            }
            return ArmValues.NODES.nullNode();
        });
        r.add("equals", 2, 2, a -> bool(ArmValues.deepEquals(a.deep(0), a.deep(1))));
        r.add("less", 2, 2, a -> compare(a, c -> c < 0));
        r.add("lessOrEquals", 2, 2, a -> compare(a, c -> c <= 0));
        r.add("greater", 2, 2, a -> compare(a, c -> c > 0));
        r.add("greaterOrEquals", 2, 2, a -> compare(a, c -> c >= 0));
    }

    /** and() when {@code decides} is false, or() when it is true. */
    private static JsonNode junction(Args a, boolean decides) {
        UnresolvedException unknown = null;
        for (int i = 0; i < a.count(); i++) {
            try {
                if (a.bool(i) == decides) {
                    return bool(decides);
                }
            } catch (UnresolvedException u) {
                unknown = unknown == null ? u : unknown;
            } catch (ArmExpressionException e) {
                // After an unknown operand, ARM may never have evaluated this one (it can be guarded by it).
                if (unknown == null) {
                    throw e;
                }
            }
        }
        if (unknown != null) {
            throw unknown;
        }
        return bool(!decides);
    }

    private static JsonNode toBool(Args a) {
        JsonNode v = a.deep(0);
        if (v.isBoolean()) {
            return v;
        }
        if (v.isTextual()) {
            String s = v.textValue().trim();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return bool(Boolean.parseBoolean(s));
            }
            throw a.error("'" + s + "' is not a Boolean (true or false)");
        }
        if (ArmValues.isInteger(v)) {
            return bool(v.longValue() != 0);
        }
        throw a.typeError(0, "a String, an Integer or a Boolean", v);
    }

    /** Numbers by value, strings by ARM's culture-aware order; anything else is an error. */
    private static JsonNode compare(Args a, IntPredicate test) {
        JsonNode x = a.deep(0);
        JsonNode y = a.deep(1);
        int c;
        if (x.isNumber() && y.isNumber()) {
            c = x.decimalValue().compareTo(y.decimalValue());
        } else if (x.isTextual() && y.isTextual()) {
            c = ArmValues.compareStrings(x.textValue(), y.textValue());
        } else {
            throw a.error("can only compare two Integers or two Strings, not " + ArmValues.typeName(x) + " and "
                    + ArmValues.typeName(y));
        }
        return bool(test.test(c));
    }
}
