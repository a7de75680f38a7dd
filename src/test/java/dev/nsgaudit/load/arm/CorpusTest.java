package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the engine over the corpus of real quickstart templates: every JSON file is read, every expression is
 * parsed and its functions counted (each must be implemented), and every string of every template's variables
 * section is evaluated (top-level templates with their parameters file, and inner-scope nested templates with the
 * parameter values their deployment passes). Only UnresolvedException and ArmExpressionException may come out.
 * The counts are written to target/corpus-report.txt.
 */
class CorpusTest {

    private static final List<Path> FILES = new ArrayList<>();
    private static final StringBuilder REPORT = new StringBuilder();

    @BeforeAll
    static void findFiles() throws IOException {
        Path root = CorpusSupport.root();
        Assumptions.assumeTrue(Files.isDirectory(root), "the shared corpus is not present");
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(FILES::add);
        }
    }

    private static String name(Path p) {
        return CorpusSupport.root().relativize(p).toString();
    }

    @Test
    void everyJsonFileReads() {
        int templates = 0;
        int parameterFiles = 0;
        for (Path p : FILES) {
            ArmDocument doc = ArmJson.read(p, name(p));
            templates += doc.isDeploymentTemplate() ? 1 : 0;
            parameterFiles += doc.isParameterFile() ? 1 : 0;
        }
        assertThat(FILES).hasSizeGreaterThan(100);
        report("files read: " + FILES.size() + " (" + templates + " templates, " + parameterFiles
                + " parameter files)");
    }

    @Test
    void everyFunctionUsedInTheCorpusIsImplemented() {
        Map<String, Integer> calls = new TreeMap<>();
        Map<String, Integer> filesUsing = new TreeMap<>();
        int expressions = 0;
        List<String> parseErrors = new ArrayList<>();
        for (Path p : FILES) {
            ArmDocument doc = ArmJson.read(p, name(p));
            Map<String, Boolean> seen = new TreeMap<>();
            for (String s : strings(doc.root())) {
                if (!ExpressionParser.isExpression(s)) {
                    continue;
                }
                expressions++;
                try {
                    for (String fn : Expr.functionCalls(ExpressionParser.parse(s))) {
                        String key = fn.indexOf('.') >= 0 ? "(user-defined " + fn + ")" : fn;
                        calls.merge(key, 1, Integer::sum);
                        seen.put(key, true);
                    }
                } catch (ArmExpressionException e) {
                    parseErrors.add(name(p) + ": " + e.getMessage());
                }
            }
            seen.keySet().forEach(k -> filesUsing.merge(k, 1, Integer::sum));
        }
        List<String> missing = calls.keySet().stream()
                .filter(k -> !k.startsWith("(user-defined") && !FunctionRegistry.isKnown(k)).toList();
        report("expressions parsed: " + expressions + ", parse errors: " + parseErrors.size());
        report("function census (calls, files, name):");
        calls.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> report(String.format(Locale.ROOT, "  %6d %4d %s", e.getValue(),
                        filesUsing.get(e.getKey()), e.getKey())));
        assertThat(parseErrors).isEmpty();
        assertThat(missing).as("functions used in the corpus but not implemented").isEmpty();
    }

    @Test
    void everyVariableStringOfEveryTemplateEvaluates() {
        Tally tally = new Tally();
        for (Path p : FILES) {
            ArmDocument doc = ArmJson.read(p, name(p));
            if (!doc.isDeploymentTemplate()) {
                continue;
            }
            Map<String, JsonNode> values = Map.of();
            Path params = p.resolveSibling(p.getFileName().toString().replaceFirst("(?i)\\.json$", ".parameters.json"));
            if (Files.exists(params)) {
                values = ParameterValues.read(ArmJson.read(params, name(params)));
            }
            evaluateTemplate(name(p), doc.root(), values, tally);
        }
        report(tally.summary());
        assertThat(tally.unexpected).as("exceptions other than Unresolved/ArmExpression").isEmpty();
        assertThat(tally.templates).isGreaterThan(100);
    }

    /** A preview for the resource mapper: the properties of every NSG and security rule resource evaluate. */
    @Test
    void everyNetworkSecurityGroupEvaluates() {
        int[] counts = new int[5];
        List<String> errors = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Path p : FILES) {
            ArmDocument doc = ArmJson.read(p, name(p));
            if (!doc.isDeploymentTemplate()) {
                continue;
            }
            Path params = p.resolveSibling(p.getFileName().toString().replaceFirst("(?i)\\.json$", ".parameters.json"));
            Map<String, JsonNode> values = Files.exists(params)
                    ? ParameterValues.read(ArmJson.read(params, name(params))) : Map.of();
            TemplateScope scope = TemplateScope.of(doc.root(), values, DeploymentContext.defaults(),
                    ReferenceResolver.NONE);
            for (JsonNode r : resources(doc.root())) {
                String type = r.path("type").asText();
                boolean nsg = type.equalsIgnoreCase("Microsoft.Network/networkSecurityGroups");
                if (!nsg && !type.equalsIgnoreCase("Microsoft.Network/networkSecurityGroups/securityRules")) {
                    continue;
                }
                CopyContext copy = r.has("copy")
                        ? CopyContext.NONE.withResourceLoop(r.path("copy").path("name").asText(), 0) : CopyContext.NONE;
                try {
                    counts[0]++;
                    JsonNode props = scope.evaluate(r.path("properties"), copy);
                    JsonNode rules = nsg ? props.path("securityRules") : null;
                    if (rules != null && rules.isArray()) {
                        counts[1] += rules.size();
                    } else if (!nsg) {
                        counts[1]++;
                    }
                    List<Unresolved.Found> found = Unresolved.collect(props, "properties");
                    counts[found.isEmpty() ? 2 : 3]++;
                    counts[4] += found.size();
                    found.forEach(f -> reasons.merge(f.value().reason().replaceAll("'[^']*'", "'…'"), 1, Integer::sum));
                } catch (ArmExpressionException e) {
                    errors.add(doc.sourceOf(r) + ": " + e.getMessage());
                } catch (RuntimeException | StackOverflowError e) {
                    unexpected.add(doc.sourceOf(r) + ": " + e);
                }
            }
        }
        report("NSG/rule resources evaluated (top-level templates): " + counts[0] + " resources, " + counts[1]
                + " rules; " + counts[2] + " fully resolved, " + counts[3] + " with " + counts[4] + " unknown values, "
                + errors.size() + " ArmExpressionException" + (errors.isEmpty() ? "" : ": " + errors));
        reasons.forEach((k, v) -> report(String.format(Locale.ROOT, "  %5d %s", v, k)));
        assertThat(unexpected).isEmpty();
        assertThat(counts[0]).isGreaterThan(20);
    }

    private static void evaluateTemplate(String where, JsonNode template, Map<String, JsonNode> values, Tally tally) {
        tally.templates++;
        TemplateScope scope = TemplateScope.of(template, values, DeploymentContext.defaults(), ReferenceResolver.NONE);
        template.path("variables").fields().forEachRemaining(v -> {
            if (v.getKey().equalsIgnoreCase("copy") && v.getValue().isArray()) {
                for (JsonNode loop : v.getValue()) {
                    tally.variables++;
                    loop(scope, where, loop, CopyContext.NONE, tally);
                }
            } else {
                tally.variables++;
                walk(scope, where, v.getValue(), CopyContext.NONE, tally);
            }
        });
        for (JsonNode r : resources(template)) {
            JsonNode inner = r.path("properties").path("template");
            boolean innerScope = r.path("properties").path("expressionEvaluationOptions").path("scope").asText("")
                    .equalsIgnoreCase("inner");
            if (!r.path("type").asText().equalsIgnoreCase("Microsoft.Resources/deployments") || !inner.isObject()
                    || !innerScope) {
                continue;
            }
            CopyContext copy = r.has("copy") ? CopyContext.NONE.withResourceLoop(r.path("copy").path("name").asText(), 0)
                    : CopyContext.NONE;
            Map<String, JsonNode> passed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            r.path("properties").path("parameters").fields().forEachRemaining(e -> {
                try {
                    passed.put(e.getKey(), scope.evaluate(e.getValue().path("value"), copy));
                } catch (ArmExpressionException x) {
                    passed.put(e.getKey(), Unresolved.node("parameter " + e.getKey(), x.getMessage()));
                }
            });
            evaluateTemplate(where + " > " + r.path("name").asText(), inner, passed, tally);
        }
    }

    private static List<JsonNode> resources(JsonNode template) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode resources = template.path("resources");
        resources.elements().forEachRemaining(out::add);
        return out;
    }

    /** Every expression string in a variable value; copy inputs inside it see their loop at index 0. */
    private static void walk(TemplateScope scope, String where, JsonNode node, CopyContext copy, Tally tally) {
        if (node.isTextual()) {
            leaf(scope, where, node, copy, tally);
        } else if (node.isObject()) {
            JsonNode loops = node.get("copy");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("copy") && loops.isArray()) {
                    for (JsonNode loop : loops) {
                        loop(scope, where, loop, copy, tally);
                    }
                } else {
                    walk(scope, where, e.getValue(), copy, tally);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> walk(scope, where, n, copy, tally));
        }
    }

    /**
     * A copy loop: its count, then its input at index 0 when the loop has iterations. With a count of 0 the input
     * is never evaluated (by ARM either); with an unknown count its strings are counted as unresolved.
     */
    private static void loop(TemplateScope scope, String where, JsonNode loop, CopyContext copy, Tally tally) {
        leaf(scope, where, loop.path("count"), copy, tally);
        int count;
        try {
            count = scope.evaluateCount(loop.path("count"), copy);
        } catch (UnresolvedException u) {
            count = -1;
        } catch (ArmExpressionException e) {
            return;
        }
        if (count == 0) {
            tally.skipped += countExpressions(loop.path("input"));
        } else if (count < 0) {
            int n = countExpressions(loop.path("input"));
            tally.expressions += n;
            tally.unresolved += n;
            tally.reasons.merge("the count of the copy loop is unknown", n, Integer::sum);
        } else {
            walk(scope, where, loop.path("input"), copy.withLoop(loop.path("name").asText(), 0), tally);
        }
    }

    private static int countExpressions(JsonNode node) {
        return (int) strings(node).stream().filter(ExpressionParser::isExpression).count();
    }

    private static void leaf(TemplateScope scope, String where, JsonNode node, CopyContext copy, Tally tally) {
        if (!node.isTextual() || !ExpressionParser.isExpression(node.textValue())) {
            return;
        }
        tally.expressions++;
        try {
            JsonNode v = scope.evaluateExpression(node.textValue(), copy);
            if (Unresolved.containsAny(v)) {
                tally.partial++;
            } else {
                tally.resolved++;
            }
        } catch (UnresolvedException u) {
            tally.unresolved++;
            tally.reasons.merge(u.reason().replaceAll("'[^']*'", "'…'"), 1, Integer::sum);
        } catch (ArmExpressionException e) {
            tally.errors.add(where + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            tally.unexpected.add(where + ": " + node.textValue() + " -> " + e);
        }
    }

    private static List<String> strings(JsonNode root) {
        List<String> out = new ArrayList<>();
        List<JsonNode> todo = new ArrayList<>(List.of(root));
        while (!todo.isEmpty()) {
            JsonNode n = todo.remove(todo.size() - 1);
            if (n.isTextual()) {
                out.add(n.textValue());
            } else {
                n.elements().forEachRemaining(todo::add);
            }
        }
        return out;
    }

    private static final class Tally {
        int templates;
        int variables;
        int expressions;
        int resolved;
        int partial;
        int unresolved;
        int skipped;
        final List<String> errors = new ArrayList<>();
        final List<String> unexpected = new ArrayList<>();
        final Map<String, Integer> reasons = new TreeMap<>();

        String summary() {
            String top = reasons.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                    .map(e -> String.format(Locale.ROOT, "  %5d %s", e.getValue(), e.getKey()))
                    .collect(Collectors.joining("\n"));
            return "variables evaluated: " + templates + " templates (nested inner-scope included), " + variables
                    + " variables, " + expressions + " expression strings: " + resolved + " resolved, " + partial
                    + " resolved with unknown parts, " + unresolved + " unresolved, " + errors.size()
                    + " ArmExpressionException, " + unexpected.size() + " other (" + skipped
                    + " more in copy loops with count 0, not evaluated)\n"
                    + "top unresolved reasons:\n" + top
                    + (errors.isEmpty() ? "" : "\nArmExpressionExceptions (distinct):\n  "
                    + String.join("\n  ", new java.util.LinkedHashSet<>(errors)));
        }
    }

    /** Appends to target/corpus-report.txt; only the first line of an entry goes to the console. */
    private static synchronized void report(String line) {
        REPORT.append(line).append('\n');
        if (!line.startsWith(" ")) {
            System.out.println("[corpus] " + line.lines().findFirst().orElse(""));
        }
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "corpus-report.txt"), REPORT.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
