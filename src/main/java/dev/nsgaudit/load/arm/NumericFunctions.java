package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;

import static dev.nsgaudit.load.arm.ArmValues.number;
import static dev.nsgaudit.load.arm.FunctionRegistry.ANY;

/** 64-bit integer arithmetic (overflow is an error, division truncates), int, float, min, max and range. */
final class NumericFunctions {

    private NumericFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("add", 2, 2, a -> arithmetic(a, Math::addExact));
        r.add("sub", 2, 2, a -> arithmetic(a, Math::subtractExact));
        r.add("mul", 2, 2, a -> arithmetic(a, Math::multiplyExact));
        r.add("div", 2, 2, a -> arithmetic(a, (x, y) -> {
            if (y == 0) {
                throw a.error("division by zero");
            }
            return x / y;
        }));
        r.add("mod", 2, 2, a -> arithmetic(a, (x, y) -> {
            if (y == 0) {
                throw a.error("division by zero");
            }
            return x % y;
        }));
        r.add("int", 1, 1, NumericFunctions::toInt);
        r.add("float", 1, 1, a -> {
            JsonNode v = a.deep(0);
            try {
                BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
                return ArmValues.NODES.numberNode(d);
            } catch (NumberFormatException e) {
                throw a.error("'" + v.asText() + "' is not a number");
            }
        });
        r.add("min", 1, ANY, a -> extreme(a, true));
        r.add("max", 1, ANY, a -> extreme(a, false));
        r.add("range", 2, 2, a -> {
            long start = a.integer(0);
            long count = a.integer(1);
            if (count < 0 || count > Limits.MAX_ARRAY_LENGTH) {
                throw a.error("count " + count + " must be between 0 and " + Limits.MAX_ARRAY_LENGTH);
            }
            if (start + count - 1 > Integer.MAX_VALUE || start < Integer.MIN_VALUE) {
                throw a.error("the sum of start and count must be at most 2147483647");
            }
            ArrayNode out = ArmValues.array();
            for (long i = 0; i < count; i++) {
                out.add(number(start + i));
            }
            return out;
        });
    }

    private static JsonNode arithmetic(Args a, LongBinaryOperator op) {
        long x = a.integer(0);
        long y = a.integer(1);
        try {
            return number(op.applyAsLong(x, y));
        } catch (ArithmeticException e) {
            throw a.error("the result overflows 64-bit integers");
        }
    }

    private static JsonNode toInt(Args a) {
        JsonNode v = a.deep(0);
        if (ArmValues.isInteger(v)) {
            return number(v.longValue());
        }
        if (v.isNumber()) {
            return number(v.decimalValue().longValue());
        }
        if (v.isTextual()) {
            try {
                return number(Long.parseLong(v.textValue().trim()));
            } catch (NumberFormatException e) {
                throw a.error("'" + v.textValue() + "' is not an integer");
            }
        }
        throw a.typeError(0, "a String or an Integer", v);
    }

    /** min()/max() of integers given as arguments or as one array. */
    private static JsonNode extreme(Args a, boolean min) {
        List<JsonNode> values = new ArrayList<>();
        if (a.count() == 1 && a.deep(0).isArray()) {
            a.deep(0).forEach(values::add);
        } else {
            for (int i = 0; i < a.count(); i++) {
                values.add(a.deep(i));
            }
        }
        if (values.isEmpty()) {
            throw a.error("needs at least one value");
        }
        JsonNode best = null;
        for (JsonNode v : values) {
            if (!v.isNumber()) {
                throw a.error("takes Integers, found " + ArmValues.typeName(v));
            }
            if (best == null || (min ? v.decimalValue().compareTo(best.decimalValue()) < 0
                    : v.decimalValue().compareTo(best.decimalValue()) > 0)) {
                best = v;
            }
        }
        return best;
    }
}
