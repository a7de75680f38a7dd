package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Deep evaluation of a JSON value as ARM does it: every string that is an expression is evaluated, {@code [[}
 * strings lose one bracket, and an object with a property-level {@code copy} array gets one array property per
 * loop. A leaf whose value is unknown becomes a marker; the rest of the value is still evaluated.
 */
final class JsonEvaluator {

    private JsonEvaluator() {
    }

    static JsonNode evaluate(JsonNode value, Frame frame) {
        if (value == null) {
            return ArmValues.NODES.nullNode();
        }
        if (value.isTextual()) {
            return evaluateString(value.textValue(), value, frame);
        }
        if (value.isObject()) {
            return evaluateObject((ObjectNode) value, frame.deeper());
        }
        if (value.isArray()) {
            Frame inner = frame.deeper();
            ArrayNode out = ArmValues.array();
            for (JsonNode element : value) {
                out.add(evaluate(element, inner));
            }
            return out;
        }
        return value;
    }

    static JsonNode evaluateString(String s, JsonNode original, Frame frame) {
        if (!ExpressionParser.isExpression(s)) {
            String literal = ExpressionParser.literalValue(s);
            return literal.equals(s) && original != null ? original : ArmValues.text(literal);
        }
        try {
            JsonNode result = Evaluator.eval(frame.template().parsed(s), frame);
            return Unresolved.of(result).map(u -> Unresolved.node(s, u.reason())).orElse(result);
        } catch (UnresolvedException u) {
            return Unresolved.node(s, u.reason());
        } catch (ArmExpressionException e) {
            throw e.in(s);
        }
    }

    private static JsonNode evaluateObject(ObjectNode object, Frame frame) {
        JsonNode copy = object.get("copy");
        boolean propertyLoops = isPropertyCopy(copy);
        ObjectNode out = ArmValues.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!(propertyLoops && field.getKey().equals("copy"))) {
                out.set(field.getKey(), evaluate(field.getValue(), frame));
            }
        }
        if (propertyLoops) {
            for (JsonNode loop : copy) {
                String name = loop.get("name").asText();
                out.set(name, expandLoop(name, loop, frame));
            }
        }
        return out;
    }

    /** A property-level copy is an array of loops, each with a name and an input. */
    private static boolean isPropertyCopy(JsonNode copy) {
        if (copy == null || !copy.isArray() || copy.isEmpty()) {
            return false;
        }
        for (JsonNode loop : copy) {
            if (!loop.isObject() || !loop.has("name") || !loop.get("name").isTextual() || !loop.has("input")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode expandLoop(String name, JsonNode loop, Frame frame) {
        int count;
        try {
            count = count(loop.get("count"), frame);
        } catch (UnresolvedException u) {
            return Unresolved.node("copy '" + name + "' count", u.reason());
        }
        ArrayNode out = ArmValues.array();
        for (int i = 0; i < count; i++) {
            out.add(evaluate(loop.get("input"), frame.withCopy(frame.copy.withLoop(name, i))));
        }
        return out;
    }

    /** The count of a copy loop: a non-negative integer up to ARM's limit, or unknown. */
    static int count(JsonNode countNode, Frame frame) {
        if (countNode == null) {
            throw new ArmExpressionException("a copy loop has no count");
        }
        JsonNode v = evaluate(countNode, frame);
        if (Unresolved.isMarker(v)) {
            throw Unresolved.of(v).get().toException();
        }
        if (v.isTextual() && v.textValue().matches("-?\\d{1,9}")) {
            v = ArmValues.number(Long.parseLong(v.textValue()));
        }
        if (!ArmValues.isInteger(v)) {
            throw new ArmExpressionException("a copy count must be an Integer, not " + ArmValues.typeName(v));
        }
        long n = v.longValue();
        if (n < 0 || n > Limits.MAX_COPY_COUNT) {
            throw new ArmExpressionException("copy count " + n + " is outside 0.." + Limits.MAX_COPY_COUNT
                    + " (ARM's limit)");
        }
        return (int) n;
    }
}
