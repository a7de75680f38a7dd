package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.model.UnresolvedValue;
import dev.nsgaudit.rules.Spelling;
import dev.nsgaudit.rules.Findings;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reading of SnakeYAML nodes with positions: each accessor reports a problem at the node's file:line:col
 * instead of throwing, so that one bad value does not hide the rest of the file.
 */
final class YamlNodes {

    private final String file;
    private final List<Finding> problems;

    YamlNodes(String file, List<Finding> problems) {
        this.file = file;
        this.problems = problems;
    }

    SourceRef at(Node node) {
        return new SourceRef(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    /** A problem at the node, with the catalog's severity for the id ({@code warn} reads better for warning ids). */
    void error(String id, Node node, String message) {
        problems.add(Findings.of(id, at(node), message));
    }

    void warn(String id, Node node, String message) {
        problems.add(Findings.of(id, at(node), message));
    }

    /** The keys of a mapping with their value nodes; unknown keys are reported with the list of known ones. */
    Map<String, Node> fields(Node node, String what, Set<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            error("input-error", node, what + " must be a mapping of keys to values");
            return out;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                error("input-error", keyNode, "keys of " + what + " must be plain names");
                continue;
            }
            String key = scalar.getValue();
            if (out.containsKey(key)) {
                // The composer does not apply LoaderOptions.setAllowDuplicateKeys(false); check here.
                error("yaml-syntax", keyNode, "malformed YAML: duplicate key '" + key + "' in " + what
                        + "; the first value is used: remove one of them");
                continue;
            }
            if (!known.contains(key)) {
                String suggestion = closest(key, known);
                error("unknown-key", keyNode, "unknown key '" + key + "' in " + what
                        + (suggestion != null ? "; did you mean '" + suggestion + "'?" : "; known keys: "
                        + String.join(", ", known.stream().sorted().toList())));
                continue;
            }
            out.put(key, tuple.getValueNode());
        }
        return out;
    }

    String string(Map<String, Node> fields, String key, String what) {
        Node node = fields.get(key);
        if (node == null || isNull(node) || isMarker(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            error("input-error", node, key + " of " + what + " must be a single value, not a list or mapping");
            return null;
        }
        return scalar.getValue();
    }

    String requiredString(Map<String, Node> fields, String key, String what, Node owner) {
        String value = string(fields, key, what);
        if (value == null || value.isBlank()) {
            if (!fields.containsKey(key)) {
                error("input-error", owner, what + " has no '" + key + "'; add it");
            } else {
                error("input-error", fields.get(key), what + " has an empty '" + key + "'");
            }
            return null;
        }
        return value;
    }

    Integer integer(Map<String, Node> fields, String key, String what) {
        String text = string(fields, key, what);
        if (text == null) {
            return null;
        }
        try {
            String digits = text.trim();
            if (!digits.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-')) {
                throw new NumberFormatException(digits); // ASCII digits only, as Azure
            }
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            error("input-error", fields.get(key), key + " of " + what + " must be an integer, not '" + text + "'");
            return null;
        }
    }

    /** A list of scalars; a single scalar is accepted as a one-element list where that reads naturally. */
    List<String> strings(Map<String, Node> fields, String key, String what) {
        Node node = fields.get(key);
        List<String> out = new ArrayList<>();
        if (node == null || isNull(node)) {
            return out;
        }
        if (!(node instanceof SequenceNode sequence)) {
            error("input-error", node, key + " of " + what + " must be a list, e.g. " + key + ": [value1, value2]");
            return out;
        }
        for (Node item : sequence.getValue()) {
            if (item instanceof ScalarNode scalar && !isNull(item)) {
                out.add(scalar.getValue());
            } else if (isMarker(item)) {
                continue; // read by unresolvedIn
            } else {
                error("input-error", item, "items of " + key + " in " + what + " must be single values");
            }
        }
        return out;
    }

    List<Node> list(Map<String, Node> fields, String key, String what) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            error("input-error", node, key + " of " + what + " must be a list (items start with '- ')");
            return List.of();
        }
        return sequence.getValue();
    }

    /**
     * {@code {unresolved: <expression>, reason: <why>}}: a value show marked as not known offline. The
     * {@code unresolved} key holds a single value there; an object (a subnet, a rule, an IP configuration) may
     * carry its own object-level {@code unresolved: [...]} list, which makes it no marker.
     */
    static boolean isMarker(Node node) {
        if (!(node instanceof MappingNode mapping)) {
            return false;
        }
        return mapping.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode s
                && s.getValue().equals("unresolved") && t.getValueNode() instanceof ScalarNode);
    }

    /**
     * The unresolved values of one object: markers standing in place of a value or inside a list, and the
     * object-level {@code unresolved: [{property, expression, reason}]} list for properties without a key.
     */
    List<UnresolvedValue> unresolvedIn(Map<String, Node> fields) {
        List<UnresolvedValue> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : fields.entrySet()) {
            if (e.getKey().equals("unresolved")) {
                for (Node item : list(fields, "unresolved", "an object")) {
                    Map<String, Node> f = fields(item, "an unresolved value", Set.of("property", "expression", "reason"));
                    out.add(new UnresolvedValue(string(f, "property", "an unresolved value"),
                            String.valueOf(string(f, "expression", "an unresolved value")),
                            String.valueOf(string(f, "reason", "an unresolved value"))));
                }
                continue;
            }
            List<Node> candidates = e.getValue() instanceof SequenceNode seq ? seq.getValue() : List.of(e.getValue());
            for (Node n : candidates) {
                if (isMarker(n)) {
                    Map<String, Node> f = fields(n, "an unresolved value", Set.of("unresolved", "reason"));
                    out.add(new UnresolvedValue(e.getKey(), String.valueOf(string(f, "unresolved", e.getKey())),
                            String.valueOf(string(f, "reason", e.getKey()))));
                }
            }
        }
        return out;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    /** The known name nearest to {@code key}, or null when none is close (see {@link Spelling}). */
    static String closest(String key, Set<String> known) {
        return Spelling.closest(key, known);
    }
}
