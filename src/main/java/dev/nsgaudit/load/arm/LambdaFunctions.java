package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * filter, map, reduce, sort, toObject, groupBy and mapValues with {@code lambda('x', body)} arguments, and
 * lambdaVariables(). A lambda is taken from the call's syntax, never evaluated as a value. map() and the value
 * function of toObject()/mapValues() put a marker where one element's result is unknown; filter, sort, reduce
 * and keys need every result, so one unknown makes the whole result unknown.
 */
final class LambdaFunctions {

    /** A lambda argument: parameter names and body. */
    private record Lambda(List<String> parameters, Expr body) {
    }

    private LambdaFunctions() {
    }

    static void register(FunctionRegistry.Registrar r) {
        r.add("lambda", 2, FunctionRegistry.ANY, a -> {
            throw a.error("lambda() can only be an argument of filter, map, reduce, sort, toObject,"
                    + " groupBy or mapValues");
        });
        r.add("lambdaVariables", 1, 1, a -> {
            String name = a.string(0);
            JsonNode v = a.frame().lambdaVariables.get(name);
            if (v == null) {
                throw a.error("no lambda variable named '" + name + "' is in scope");
            }
            return v;
        });
        r.add("filter", 2, 2, a -> {
            Lambda f = lambda(a, 1, 1, 2);
            ArrayNode in = a.array(0);
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < in.size(); i++) {
                JsonNode keep = known(apply(a, f, in.get(i), ArmValues.number(i)));
                if (!keep.isBoolean()) {
                    throw a.error("the filter lambda must return a Boolean, not " + ArmValues.typeName(keep));
                }
                if (keep.booleanValue()) {
                    out.add(in.get(i));
                }
            }
            return out;
        });
        r.add("map", 2, 2, a -> {
            Lambda f = lambda(a, 1, 1, 2);
            ArrayNode in = a.array(0);
            ArrayNode out = ArmValues.array();
            for (int i = 0; i < in.size(); i++) {
                out.add(applyOrMark(a, f, in.get(i), ArmValues.number(i)));
            }
            return out;
        });
        r.add("reduce", 3, 3, a -> {
            Lambda f = lambda(a, 2, 2, 3);
            JsonNode acc = a.raw(1);
            ArrayNode in = a.array(0);
            for (int i = 0; i < in.size(); i++) {
                acc = known(apply(a, f, acc, in.get(i), ArmValues.number(i)));
            }
            return acc;
        });
        r.add("sort", 2, 2, LambdaFunctions::sort);
        r.add("toObject", 2, 3, a -> {
            Lambda key = lambda(a, 1, 1, 1);
            Lambda value = a.count() > 2 ? lambda(a, 2, 1, 1) : null;
            ObjectNode out = ArmValues.object();
            for (JsonNode e : a.array(0)) {
                out.set(keyOf(a, key, e), value == null ? e : applyOrMark(a, value, e));
            }
            return out;
        });
        r.add("groupBy", 2, 2, a -> {
            Lambda key = lambda(a, 1, 1, 1);
            ObjectNode out = ArmValues.object();
            for (JsonNode e : a.array(0)) {
                String k = keyOf(a, key, e);
                JsonNode group = out.get(k);
                (group == null ? out.putArray(k) : (ArrayNode) group).add(e);
            }
            return out;
        });
        r.add("mapValues", 2, 2, a -> {
            Lambda f = lambda(a, 1, 1, 1);
            ObjectNode out = ArmValues.object();
            a.object(0).fields().forEachRemaining(e -> out.set(e.getKey(), applyOrMark(a, f, e.getValue())));
            return out;
        });
    }

    private static Lambda lambda(Args a, int index, int minParams, int maxParams) {
        Expr e = a.expr(index);
        if (!(e instanceof Expr.Call call) || !call.key().equals("lambda") || call.args().size() < 2) {
            throw a.error("argument " + (index + 1) + " must be a lambda('name', ..., expression)");
        }
        List<String> names = new ArrayList<>();
        for (Expr p : call.args().subList(0, call.args().size() - 1)) {
            if (!(p instanceof Expr.Str s)) {
                throw a.error("lambda parameter names must be string literals, not " + p);
            }
            names.add(s.value());
        }
        if (names.size() < minParams || names.size() > maxParams) {
            throw a.error("the lambda must take " + (minParams == maxParams ? minParams : minParams + " or "
                    + maxParams) + " parameter(s), not " + names.size());
        }
        return new Lambda(names, call.args().get(call.args().size() - 1));
    }

    /** Evaluates the body with the first parameters bound to the values given (extra values are ignored). */
    private static JsonNode apply(Args a, Lambda f, JsonNode... values) {
        Map<String, JsonNode> vars = new HashMap<>(a.frame().lambdaVariables);
        for (int i = 0; i < f.parameters().size(); i++) {
            vars.put(f.parameters().get(i), values[i]);
        }
        return Evaluator.eval(f.body(), a.frame().withLambdaVariables(vars));
    }

    private static JsonNode applyOrMark(Args a, Lambda f, JsonNode... values) {
        try {
            return apply(a, f, values);
        } catch (UnresolvedException u) {
            return Unresolved.node(f.body().toString(), u.reason());
        }
    }

    private static JsonNode known(JsonNode v) {
        Unresolved.of(v).ifPresent(u -> {
            throw u.toException();
        });
        return v;
    }

    private static String keyOf(Args a, Lambda key, JsonNode element) {
        JsonNode k = known(apply(a, key, element));
        if (!k.isTextual()) {
            throw a.error("the key lambda must return a String, not " + ArmValues.typeName(k));
        }
        return k.textValue();
    }

    /** A stable sort where lambda(a, b) true means a comes before b. */
    private static JsonNode sort(Args a) {
        Lambda f = lambda(a, 1, 2, 2);
        List<JsonNode> items = new ArrayList<>();
        a.array(0).forEach(items::add);
        try {
            items.sort((x, y) -> {
                if (before(a, f, x, y)) {
                    return -1;
                }
                return before(a, f, y, x) ? 1 : 0;
            });
        } catch (IllegalArgumentException e) {
            throw a.error("the sort lambda does not define a consistent order");
        }
        ArrayNode out = ArmValues.array();
        items.forEach(out::add);
        return out;
    }

    private static boolean before(Args a, Lambda f, JsonNode x, JsonNode y) {
        JsonNode v = known(apply(a, f, x, y));
        if (!v.isBoolean()) {
            throw a.error("the sort lambda must return a Boolean, not " + ArmValues.typeName(v));
        }
        return v.booleanValue();
    }
}
