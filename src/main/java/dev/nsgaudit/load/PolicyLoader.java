package dev.nsgaudit.load;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.rules.Findings;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads flow policies (SPEC section 4) from YAML: a {@code policies} list, and {@code matrix} entries, a compact
 * form whose rows are sources, columns destinations and cells what is expected; each cell expands to policies.
 * Cell syntax: {@code "80,443"} or {@code "allow 80,443"} (these ports must be allowed), {@code "-"} or
 * {@code "deny *"} (nothing may pass), {@code "deny 22,3389"}, clauses joined with {@code ;}, and {@code ""} or
 * {@code "."} for no expectation.
 */
public final class PolicyLoader {

    private static final Set<String> TOP = Set.of("policies", "matrix", "virtualNetworks", "applicationSecurityGroups",
            "networkInterfaces", "networkSecurityGroups");
    private static final Set<String> POLICY_KEYS = Set.of("name", "description", "from", "to", "protocol", "ports",
            "sourcePorts", "expect", "severity");
    private static final Set<String> MATRIX_KEYS = Set.of("name", "description", "protocol", "sourcePorts",
            "severity", "from", "to", "cells");

    private PolicyLoader() {
    }

    /** The policies in a file or in the YAML files of a folder (sorted), with problems reported. */
    public static List<Policy> load(Path path, List<Finding> problems) {
        List<Policy> out = new ArrayList<>();
        if (!Files.exists(path)) {
            problems.add(Findings.of("input-error", SourceRef.of(path.toString(), 0),
                    "no such policy file or folder; check the path"));
            return out;
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(Files::isRegularFile).filter(p -> {
                    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return n.endsWith(".yaml") || n.endsWith(".yml");
                }).sorted().forEach(files::add);
            } catch (IOException e) {
                problems.add(Findings.of("input-error", SourceRef.of(path.toString(), 0),
                        "cannot list folder: " + e.getMessage()));
            }
        } else {
            files.add(path);
        }
        for (Path file : files) {
            for (Node root : YamlLoader.parse(file, file.toString(), problems)) {
                out.addAll(read(root, file.toString(), problems));
            }
        }
        return out;
    }

    static List<Policy> read(Node root, String file, List<Finding> problems) {
        YamlNodes y = new YamlNodes(file, problems);
        Map<String, Node> top = y.fields(root, "a policy file's top level", TOP);
        List<Policy> out = new ArrayList<>();
        for (Node n : y.list(top, "policies", "the file")) {
            Policy p = policy(y, n);
            if (p != null) {
                out.add(p);
            }
        }
        Node matrix = top.get("matrix");
        if (matrix != null) {
            List<Node> matrices = matrix instanceof SequenceNode s ? s.getValue() : List.of(matrix);
            for (Node m : matrices) {
                out.addAll(matrix(y, m));
            }
        }
        return out;
    }

    private static Policy policy(YamlNodes y, Node n) {
        String what = "a policy";
        Map<String, Node> f = y.fields(n, what, POLICY_KEYS);
        String name = y.requiredString(f, "name", what, n);
        if (name == null) {
            return null;
        }
        what = "policy '" + name + "'";
        String from = y.requiredString(f, "from", what, n);
        String to = y.requiredString(f, "to", what, n);
        String expectText = y.requiredString(f, "expect", what, n);
        Policy.Expect expect = expect(y, f.get("expect"), expectText, what);
        Severity severity = severity(y, f, what);
        String protocol = orDefault(y.string(f, "protocol", what), "*");
        String ports = orDefault(y.string(f, "ports", what), "*");
        String sourcePorts = orDefault(y.string(f, "sourcePorts", what), "*");
        // A value the analysis cannot read would make the policy inconclusive: it is an input error instead.
        boolean valid = check(y, f.get("from"), from == null ? null : PolicyValues.endpoint(from), what)
                & check(y, f.get("to"), to == null ? null : PolicyValues.endpoint(to), what)
                & check(y, f.get("protocol"), PolicyValues.protocol(protocol), what)
                & check(y, f.get("ports"), PolicyValues.ports("ports", ports), what)
                & check(y, f.get("sourcePorts"), PolicyValues.ports("sourcePorts", sourcePorts), what);
        if (from == null || to == null || expect == null || !valid) {
            return null;
        }
        return new Policy(name, y.string(f, "description", what), from.trim(), to.trim(), protocol, ports,
                sourcePorts, expect, severity, y.at(n));
    }

    /** Reports {@code problem} (when there is one) at the value; true when there is none. */
    private static boolean check(YamlNodes y, Node at, String problem, String what) {
        if (problem == null) {
            return true;
        }
        y.error("input-error", at, problem + " (" + what + ")");
        return false;
    }

    /** The item nodes of a list value (for positions), or the value itself when it is not a list. */
    private static List<Node> items(Node node, int count) {
        if (node instanceof SequenceNode s && s.getValue().size() == count) {
            return s.getValue();
        }
        return Collections.nCopies(count, node);
    }

    private static List<Policy> matrix(YamlNodes y, Node m) {
        String what = "a matrix";
        Map<String, Node> f = y.fields(m, what, MATRIX_KEYS);
        String name = orDefault(y.string(f, "name", what), "matrix");
        List<String> from = y.strings(f, "from", what);
        List<String> to = y.strings(f, "to", what);
        List<Node> rows = y.list(f, "cells", what);
        String protocol = orDefault(y.string(f, "protocol", what), "*");
        String sourcePorts = orDefault(y.string(f, "sourcePorts", what), "*");
        Severity severity = severity(y, f, what);
        List<Policy> out = new ArrayList<>();
        String matrixWhat = "matrix '" + name + "'";
        boolean valid = check(y, f.get("protocol"), PolicyValues.protocol(protocol), matrixWhat)
                & check(y, f.get("sourcePorts"), PolicyValues.ports("sourcePorts", sourcePorts), matrixWhat);
        List<Node> fromNodes = items(f.get("from"), from.size());
        List<Node> toNodes = items(f.get("to"), to.size());
        for (int i = 0; i < from.size(); i++) {
            valid &= check(y, fromNodes.get(i), PolicyValues.endpoint(from.get(i)), matrixWhat);
        }
        for (int i = 0; i < to.size(); i++) {
            valid &= check(y, toNodes.get(i), PolicyValues.endpoint(to.get(i)), matrixWhat);
        }
        if (rows.size() != from.size()) {
            y.error("input-error", m, "matrix '" + name + "' has " + from.size() + " sources in 'from' but "
                    + rows.size() + " rows in 'cells'; give one row per source");
            return out;
        }
        if (!valid) {
            return out;
        }
        for (int r = 0; r < rows.size(); r++) {
            Node row = rows.get(r);
            List<String> cells = y.strings(Map.of("row", row), "row", "matrix '" + name + "'");
            if (cells.size() != to.size()) {
                y.error("input-error", row, "row " + (r + 1) + " of matrix '" + name + "' has " + cells.size()
                        + " cells but 'to' has " + to.size() + " destinations");
                continue;
            }
            List<Node> cellNodes = items(row, cells.size());
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c).trim();
                if (cell.isEmpty() || cell.equals(".")) {
                    continue;
                }
                for (String clause : cell.split(";", -1)) {
                    String text = clause.trim();
                    if (text.isEmpty()) {
                        // "80;;443" must not become "allow *"
                        y.error("input-error", cellNodes.get(c), "cell '" + cell + "' has an empty clause (row "
                                + (r + 1) + " of " + matrixWhat + "); remove the extra ';'");
                        continue;
                    }
                    Policy.Expect expect;
                    String ports;
                    if (text.equals("-")) {
                        expect = Policy.Expect.DENY;
                        ports = "*";
                    } else if (text.toLowerCase(Locale.ROOT).startsWith("deny")) {
                        expect = Policy.Expect.DENY;
                        ports = text.substring(4).trim();
                    } else if (text.toLowerCase(Locale.ROOT).startsWith("allow")) {
                        expect = Policy.Expect.ALLOW;
                        ports = text.substring(5).trim();
                    } else {
                        expect = Policy.Expect.ALLOW;
                        ports = text;
                    }
                    if (ports.isEmpty()) {
                        ports = "*";
                    }
                    String policyName = name + ": " + from.get(r) + " -> " + to.get(c) + " " + expect.label() + " "
                            + ports;
                    if (!check(y, cellNodes.get(c), PolicyValues.ports("ports", ports) == null ? null
                            : "cell '" + text + "' must be ports (\"80,443\", \"1000-2000\"), \"allow <ports>\","
                            + " \"deny <ports>\", \"-\" or \".\", clauses joined with ';'", "row " + (r + 1)
                            + " of " + matrixWhat)) {
                        continue;
                    }
                    out.add(new Policy(policyName, y.string(f, "description", what), from.get(r).trim(),
                            to.get(c).trim(), protocol, ports, sourcePorts, expect, severity, y.at(row)));
                }
            }
        }
        return out;
    }

    private static Policy.Expect expect(YamlNodes y, Node node, String text, String what) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "allow":
                return Policy.Expect.ALLOW;
            case "deny":
                return Policy.Expect.DENY;
            default:
                y.error("input-error", node, "expect of " + what + " must be allow or deny, not '" + text + "'");
                return null;
        }
    }

    private static Severity severity(YamlNodes y, Map<String, Node> f, String what) {
        String text = y.string(f, "severity", what);
        if (text == null) {
            return Findings.severity("flow-policy");
        }
        try {
            return Severity.parse(text);
        } catch (IllegalArgumentException e) {
            y.error("input-error", f.get("severity"), "severity of " + what + " must be error, warning or info");
            return Findings.severity("flow-policy");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
