package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.nsgaudit.model.UnresolvedValue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value not known offline. Inside an evaluated JSON tree it stands where the value would be, as a Jackson
 * {@link POJONode} wrapping this record, so that the rest of the tree stays usable (never a silent pass: the
 * mapper turns every marker into an {@code unresolved-value}). Serialised, a marker shows as
 * {@code {"expression": ..., "reason": ...}}.
 *
 * @param expression the template text (or sub-expression) whose value is unknown
 * @param reason why, in words meant for the user
 */
public record Unresolved(String expression, String reason) {

    /** A marker found in a tree, with its path such as {@code properties.securityRules[0].properties.priority}. */
    public record Found(String path, Unresolved value) {

        /** The model's form, named after the property path. */
        public UnresolvedValue toModel() {
            return new UnresolvedValue(path, value.expression(), value.reason());
        }
    }

    /** A marker node for an unknown value. */
    public static JsonNode node(String expression, String reason) {
        return new POJONode(new Unresolved(expression, reason));
    }

    public JsonNode toNode() {
        return new POJONode(this);
    }

    /** The marker a node is, if it is one. */
    public static Optional<Unresolved> of(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Unresolved u) {
            return Optional.of(u);
        }
        return Optional.empty();
    }

    public static boolean isMarker(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof Unresolved;
    }

    /** The first marker anywhere in a tree (depth first), if any. */
    public static Optional<Unresolved> firstIn(JsonNode node) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            Optional<Unresolved> u = of(n);
            if (u.isPresent()) {
                return u;
            }
            if (n.isContainerNode()) {
                List<JsonNode> children = new ArrayList<>();
                n.elements().forEachRemaining(children::add);
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i));
                }
            }
        }
        return Optional.empty();
    }

    /** True when a marker stands anywhere in the tree. */
    public static boolean containsAny(JsonNode node) {
        return firstIn(node).isPresent();
    }

    /** Every marker in a tree with its path; {@code base} prefixes the paths (may be empty). */
    public static List<Found> collect(JsonNode node, String base) {
        List<Found> out = new ArrayList<>();
        Deque<Map.Entry<String, JsonNode>> todo = new ArrayDeque<>();
        todo.push(Map.entry(base, node));
        while (!todo.isEmpty()) {
            Map.Entry<String, JsonNode> e = todo.pop();
            JsonNode n = e.getValue();
            Optional<Unresolved> u = of(n);
            if (u.isPresent()) {
                out.add(new Found(e.getKey(), u.get()));
            } else if (n.isObject()) {
                List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String path = e.getKey().isEmpty() ? f.getKey() : e.getKey() + "." + f.getKey();
                    children.add(Map.entry(path, f.getValue()));
                }
                for (int i = children.size() - 1; i >= 0; i--) {
                    todo.push(children.get(i));
                }
            } else if (n.isArray()) {
                for (int i = n.size() - 1; i >= 0; i--) {
                    todo.push(Map.entry(e.getKey() + "[" + i + "]", n.get(i)));
                }
            }
        }
        return out;
    }

    /** The exception that says the same thing, for callers that need a known value. */
    public UnresolvedException toException() {
        return new UnresolvedException(expression, reason);
    }
}
