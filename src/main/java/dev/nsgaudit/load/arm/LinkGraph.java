package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which templates of the input could be deployed through a link of another, whatever the parameters: every
 * {@code templateLink} of every nested deployment (conditions ignored), read as a pattern of the paths it can
 * name (literal parts kept, parameters and anything computed standing for any text, both branches of an
 * {@code if()}). A template is an entry when no other template could link to it; of a group of templates that
 * only link to each other (a cycle), the first is an entry, so that no template is dropped because of a cycle.
 */
final class LinkGraph {

    private static final String ANY = ".*";
    private static final int MAX_VARIABLE_DEPTH = 8;

    private LinkGraph() {
    }

    /** The entry templates, in input order. {@code templates} maps the real path of each to its document. */
    static List<Path> entries(Map<Path, ArmDocument> templates) {
        List<Path> order = new ArrayList<>(templates.keySet());
        Map<Path, Set<Path>> edges = new LinkedHashMap<>();
        for (Path from : order) {
            List<Link> links = new ArrayList<>();
            collectLinks(templates.get(from).root(), new ArrayDeque<>(), links);
            Set<Path> to = new LinkedHashSet<>();
            for (Link link : links) {
                for (Path candidate : order) {
                    if (!candidate.equals(from) && link.couldName(from.getParent(), candidate)) {
                        to.add(candidate);
                    }
                }
            }
            edges.put(from, to);
        }
        Map<Path, Integer> component = components(order, edges);
        Set<Integer> linkedComponents = new java.util.HashSet<>();
        for (Map.Entry<Path, Set<Path>> e : edges.entrySet()) {
            for (Path to : e.getValue()) {
                if (!component.get(to).equals(component.get(e.getKey()))) {
                    linkedComponents.add(component.get(to));
                }
            }
        }
        List<Path> out = new ArrayList<>();
        Set<Integer> taken = new java.util.HashSet<>();
        for (Path p : order) {
            int c = component.get(p);
            if (!linkedComponents.contains(c) && taken.add(c)) {
                out.add(p);
            }
        }
        return out;
    }

    /** One templateLink as written: how it names its target. */
    private record Link(String kind, Pattern pattern, String literal) {

        boolean couldName(Path folder, Path candidate) {
            if (literal != null && kind.equals("relativePath")) {
                return folder.resolve(literal).normalize().equals(candidate);
            }
            if (literal != null && literal.regionMatches(true, 0, "file:", 0, 5)) {
                try {
                    return Path.of(java.net.URI.create(literal)).normalize().equals(candidate);
                } catch (RuntimeException e) {
                    return false;
                }
            }
            if (!candidate.startsWith(folder)) {
                return false; // a URL is only ever mapped to a file below the linking template's folder
            }
            String relative = folder.relativize(candidate).toString().replace('\\', '/');
            if (kind.equals("relativePath")) {
                return pattern.matcher(relative).matches() || pattern.matcher("./" + relative).matches();
            }
            if (literal != null) {
                return literal.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "")
                        .endsWith("/" + relative.toLowerCase(Locale.ROOT));
            }
            return pattern.matcher("/" + relative).matches() || pattern.matcher("/" + relative + "?").matches();
        }
    }

    /** Every templateLink below {@code node}, with the variables of the templates around it. */
    private static void collectLinks(JsonNode node, Deque<JsonNode> templates, List<Link> out) {
        if (node == null) {
            return;
        }
        boolean template = node.isObject() && (node.has("resources") || node.has("$schema"));
        if (template) {
            templates.push(node);
        }
        if (node.isObject()) {
            JsonNode type = node.get("type");
            JsonNode link = node.path("properties").get("templateLink");
            if (type != null && type.isTextual() && type.asText().equalsIgnoreCase(ResourceCollector.DEPLOYMENTS)
                    && link != null && link.isObject()) {
                for (String kind : List.of("relativePath", "uri")) {
                    JsonNode value = member(link, kind);
                    if (value != null && value.isTextual()) {
                        out.add(link(kind, value.asText(), templates));
                    } else if (value != null) {
                        out.add(new Link(kind, Pattern.compile(ANY), null));
                    }
                }
            }
            node.fields().forEachRemaining(e -> collectLinks(e.getValue(), templates, out));
        } else if (node.isArray()) {
            node.forEach(item -> collectLinks(item, templates, out));
        }
        if (template) {
            templates.pop();
        }
    }

    private static Link link(String kind, String text, Deque<JsonNode> templates) {
        if (!ExpressionParser.isExpression(text)) {
            String literal = ExpressionParser.literalValue(text);
            return new Link(kind, Pattern.compile(Pattern.quote(literal), Pattern.CASE_INSENSITIVE), literal);
        }
        String regex;
        try {
            regex = regex(ExpressionParser.parse(text), templates, 0);
        } catch (ArmExpressionException e) {
            regex = ANY; // malformed: reported when it is evaluated; here it could name anything
        }
        return new Link(kind, Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), null);
    }

    private static String regex(Expr e, Deque<JsonNode> templates, int depth) {
        if (e instanceof Expr.Str s) {
            return literal(s.value());
        }
        if (!(e instanceof Expr.Call call)) {
            return ANY;
        }
        List<Expr> args = call.args();
        switch (call.key()) {
            case "concat" -> {
                StringBuilder sb = new StringBuilder();
                args.forEach(a -> sb.append(regex(a, templates, depth)));
                return sb.toString();
            }
            case "uri" -> {
                return args.size() == 2 ? ANY + regex(args.get(1), templates, depth) : ANY;
            }
            case "if" -> {
                return args.size() == 3 ? "(?:" + regex(args.get(1), templates, depth) + "|"
                        + regex(args.get(2), templates, depth) + ")" : ANY;
            }
            case "tolower", "toupper", "string", "trim" -> {
                return args.size() == 1 ? regex(args.get(0), templates, depth) : ANY;
            }
            case "format" -> {
                return args.isEmpty() || !(args.get(0) instanceof Expr.Str f) ? ANY : format(f.value(), args,
                        templates, depth);
            }
            case "variables" -> {
                if (args.size() == 1 && args.get(0) instanceof Expr.Str name && depth < MAX_VARIABLE_DEPTH) {
                    for (JsonNode t : templates) {
                        JsonNode v = member(t.path("variables"), name.value());
                        if (v != null) {
                            return v.isTextual() ? text(v.asText(), templates, depth + 1) : ANY;
                        }
                    }
                }
                return ANY;
            }
            default -> {
                return ANY;
            }
        }
    }

    private static String text(String s, Deque<JsonNode> templates, int depth) {
        if (!ExpressionParser.isExpression(s)) {
            return literal(ExpressionParser.literalValue(s));
        }
        try {
            return regex(ExpressionParser.parse(s), templates, depth);
        } catch (ArmExpressionException e) {
            return ANY;
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)(?:[,:][^}]*)?}");

    private static String format(String format, List<Expr> args, Deque<JsonNode> templates, int depth) {
        StringBuilder sb = new StringBuilder();
        var m = PLACEHOLDER.matcher(format);
        int last = 0;
        while (m.find()) {
            sb.append(literal(format.substring(last, m.start())));
            int index = Integer.parseInt(m.group(1)) + 1;
            sb.append(index < args.size() ? regex(args.get(index), templates, depth) : ANY);
            last = m.end();
        }
        return sb.append(literal(format.substring(last))).toString();
    }

    /**
     * A literal part: quoted, except that a URL's scheme, host and leading folders stand for any text (a URL is
     * mapped to the file at the same relative path, so only its tail can name a file of the input).
     */
    private static String literal(String s) {
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            return ANY + Pattern.quote(s.substring(s.lastIndexOf('/')));
        }
        return s.isEmpty() ? "" : Pattern.quote(s);
    }

    private static JsonNode member(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        return ArmValues.get(object, name);
    }

    /** Strongly connected components (Tarjan, iterative), numbered. */
    private static Map<Path, Integer> components(List<Path> nodes, Map<Path, Set<Path>> edges) {
        Map<Path, Integer> index = new HashMap<>();
        Map<Path, Integer> low = new HashMap<>();
        Map<Path, Integer> component = new HashMap<>();
        Deque<Path> stack = new ArrayDeque<>();
        Set<Path> onStack = new java.util.HashSet<>();
        int[] counter = {0};
        int[] components = {0};
        for (Path start : nodes) {
            if (index.containsKey(start)) {
                continue;
            }
            Deque<Map.Entry<Path, java.util.Iterator<Path>>> work = new ArrayDeque<>();
            index.put(start, counter[0]);
            low.put(start, counter[0]++);
            stack.push(start);
            onStack.add(start);
            work.push(Map.entry(start, edges.get(start).iterator()));
            while (!work.isEmpty()) {
                Path v = work.peek().getKey();
                java.util.Iterator<Path> it = work.peek().getValue();
                if (it.hasNext()) {
                    Path w = it.next();
                    if (!index.containsKey(w)) {
                        index.put(w, counter[0]);
                        low.put(w, counter[0]++);
                        stack.push(w);
                        onStack.add(w);
                        work.push(Map.entry(w, edges.get(w).iterator()));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    Path parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Path w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.put(w, components[0]);
                    } while (!w.equals(v));
                    components[0]++;
                }
            }
        }
        return component;
    }
}
