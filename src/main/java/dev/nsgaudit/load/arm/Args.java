package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;

/**
 * The arguments of one function call, evaluated on demand and at most once. Three strengths say how a function
 * treats unknown values: {@link #raw} lets markers through (structural functions such as createArray() carry
 * them into their result), {@link #value} rejects an argument that is itself unknown, and {@link #deep} rejects
 * one that contains an unknown value anywhere (functions that inspect the whole value, such as equals()).
 * Rejecting means throwing {@link UnresolvedException}: the call's value is unknown too.
 */
final class Args {

    private final Expr.Call call;
    private final Frame frame;
    private final JsonNode[] values;

    Args(Expr.Call call, Frame frame) {
        this.call = call;
        this.frame = frame;
        this.values = new JsonNode[call.args().size()];
    }

    int count() {
        return values.length;
    }

    Expr expr(int i) {
        return call.args().get(i);
    }

    List<Expr> exprs() {
        return call.args();
    }

    Frame frame() {
        return frame;
    }

    Expr.Call call() {
        return call;
    }

    /** The argument's value, possibly a marker. */
    JsonNode raw(int i) {
        if (values[i] == null) {
            values[i] = Evaluator.eval(call.args().get(i), frame);
        }
        return values[i];
    }

    /** The argument's value, which must not itself be unknown (it may contain unknown parts). */
    JsonNode value(int i) {
        JsonNode v = raw(i);
        Optional<Unresolved> u = Unresolved.of(v);
        if (u.isPresent()) {
            throw u.get().toException();
        }
        return v;
    }

    /** The argument's value, which must be fully known. */
    JsonNode deep(int i) {
        JsonNode v = raw(i);
        if (v.isContainerNode() || Unresolved.isMarker(v)) {
            Optional<Unresolved> u = Unresolved.firstIn(v);
            if (u.isPresent()) {
                throw u.get().toException();
            }
        }
        return v;
    }

    String string(int i) {
        JsonNode v = deep(i);
        if (!v.isTextual()) {
            throw typeError(i, "a String", v);
        }
        return v.textValue();
    }

    long integer(int i) {
        JsonNode v = deep(i);
        if (!ArmValues.isInteger(v)) {
            throw typeError(i, "an Integer", v);
        }
        try {
            return v.decimalValue().longValueExact();
        } catch (ArithmeticException e) {
            throw error("argument " + (i + 1) + " is out of the 64-bit integer range");
        }
    }

    int intValue(int i) {
        long v = integer(i);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("argument " + (i + 1) + " (" + v + ") is out of range");
        }
        return (int) v;
    }

    boolean bool(int i) {
        JsonNode v = deep(i);
        if (!v.isBoolean()) {
            throw typeError(i, "a Boolean", v);
        }
        return v.booleanValue();
    }

    /** An array argument whose elements may be unknown. */
    ArrayNode array(int i) {
        JsonNode v = value(i);
        if (!v.isArray()) {
            throw typeError(i, "an Array", v);
        }
        return (ArrayNode) v;
    }

    /** An object argument whose property values may be unknown. */
    ObjectNode object(int i) {
        JsonNode v = value(i);
        if (!v.isObject()) {
            throw typeError(i, "an Object", v);
        }
        return (ObjectNode) v;
    }

    void arity(int min, int max) {
        if (values.length < min || values.length > max) {
            String expected = min == max ? Integer.toString(min)
                    : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw error("takes " + expected + " argument" + (max == 1 && min == 1 ? "" : "s")
                    + ", not " + values.length);
        }
    }

    ArmExpressionException typeError(int i, String expected, JsonNode actual) {
        return error("argument " + (i + 1) + " must be " + expected + ", not " + article(ArmValues.typeName(actual)));
    }

    private static String article(String type) {
        return "Integer".equals(type) || "Array".equals(type) || "Object".equals(type) ? "an " + type : "a " + type;
    }

    ArmExpressionException error(String message) {
        return new ArmExpressionException(call.name() + "() at position " + (call.position() + 1) + ": " + message);
    }

    /** The call's value is not known offline, for the given reason. */
    UnresolvedException unresolved(String reason) {
        return new UnresolvedException(call.toString(), reason);
    }
}
