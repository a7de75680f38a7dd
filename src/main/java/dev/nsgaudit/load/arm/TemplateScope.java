package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The names one template's expressions see: its parameters (given values, else the evaluated defaultValue, else
 * unknown), its variables (including the {@code copy} form), its user-defined functions, and the deployment
 * context. Parameters and variables are evaluated lazily, once, with cycle detection; names are case-insensitive.
 * Works for languageVersion 1.0 and 2.0 templates alike. Not thread-safe.
 */
public final class TemplateScope implements NameScope {

    private record Declared(String name, JsonNode node, boolean copyLoop) {
    }

    private final JsonNode template;
    private final DeploymentContext context;
    private final ReferenceResolver resolver;
    private final Map<String, Declared> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, JsonNode> given = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Declared> variables = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, UserFunction> functions;
    private final Map<String, JsonNode> parameterValues = new HashMap<>();
    private final Map<String, JsonNode> variableValues = new HashMap<>();
    /** Cache keys (p:name, v:name) of values computed from the stand-in context, to mark their later readers. */
    private final java.util.Set<String> fromStandIn = new java.util.HashSet<>();
    private final LinkedHashSet<String> inProgress = new LinkedHashSet<>();
    private final Map<String, Expr> parsed = new HashMap<>();

    private TemplateScope(JsonNode template, Map<String, JsonNode> parameterValues, DeploymentContext context,
                          ReferenceResolver resolver) {
        this.template = template;
        this.context = context;
        this.resolver = resolver;
        template.path("parameters").fields().forEachRemaining(
                e -> parameters.put(e.getKey(), new Declared(e.getKey(), e.getValue(), false)));
        if (parameterValues != null) {
            given.putAll(parameterValues);
        }
        template.path("variables").fields().forEachRemaining(e -> {
            if (e.getKey().equalsIgnoreCase("copy") && e.getValue().isArray()) {
                for (JsonNode loop : e.getValue()) {
                    String name = loop.path("name").asText();
                    variables.put(name, new Declared(name, loop, true));
                }
            } else {
                variables.put(e.getKey(), new Declared(e.getKey(), e.getValue(), false));
            }
        });
        this.functions = UserFunction.read(template.get("functions"));
    }

    /**
     * @param template the template object (a whole file's root, or the {@code template} of a nested deployment)
     * @param parameterValues values given for parameters (from a parameters file or a nested deployment), by name;
     *                        taken as they are, not evaluated; may be null
     * @param context subscription, resource group and deployment; use {@link DeploymentContext#defaults()}
     * @param resolver answers reference(); use {@link ReferenceResolver#NONE} to leave them all unresolved
     */
    public static TemplateScope of(JsonNode template, Map<String, JsonNode> parameterValues,
                                   DeploymentContext context, ReferenceResolver resolver) {
        if (template == null || !template.isObject()) {
            throw new IllegalArgumentException("a template must be a JSON object");
        }
        return new TemplateScope(template, parameterValues, context == null ? DeploymentContext.defaults() : context,
                resolver == null ? ReferenceResolver.NONE : resolver);
    }

    /** A scope with no parameter values, placeholder context and no reference resolver. */
    public static TemplateScope of(JsonNode template) {
        return of(template, Map.of(), DeploymentContext.defaults(), ReferenceResolver.NONE);
    }

    /**
     * Evaluates any JSON value deeply: every string is evaluated as ARM would, property-level copy loops are
     * expanded, and each value that is not known offline becomes an {@link Unresolved} marker in place.
     *
     * @throws ArmExpressionException when an expression is malformed or ARM would reject it
     */
    public JsonNode evaluate(JsonNode value, CopyContext copy) {
        return guarded(() -> JsonEvaluator.evaluate(value, Frame.root(this, copy)));
    }

    /**
     * Evaluates one template string. A string that is not an expression gives its literal value. The result may
     * contain markers in nested positions, but is never itself a marker.
     *
     * @throws UnresolvedException when the value depends on something unknown
     * @throws ArmExpressionException when the expression is malformed or ARM would reject it
     */
    public JsonNode evaluateExpression(String text, CopyContext copy) {
        if (!ExpressionParser.isExpression(text)) {
            return ArmValues.text(ExpressionParser.literalValue(text));
        }
        try {
            JsonNode result = guarded(() -> Evaluator.eval(parsed(text), Frame.root(this, copy)));
            Optional<Unresolved> u = Unresolved.of(result);
            if (u.isPresent()) {
                throw new UnresolvedException(text, u.get().reason());
            }
            return result;
        } catch (UnresolvedException u) {
            throw u.expression().equals(text) ? u : new UnresolvedException(text, u.reason());
        } catch (ArmExpressionException e) {
            throw e.in(text);
        }
    }

    /** The count of a copy loop ({@code copy.count}): 0 to 800. */
    public int evaluateCount(JsonNode count, CopyContext copy) {
        return guarded(() -> JsonEvaluator.count(count, Frame.root(this, copy)));
    }

    /** A resource's {@code condition}: absent means true. */
    public boolean evaluateCondition(JsonNode condition, CopyContext copy) {
        if (condition == null || condition.isNull()) {
            return true;
        }
        JsonNode v = evaluate(condition, copy);
        Optional<Unresolved> u = Unresolved.of(v);
        if (u.isPresent()) {
            throw u.get().toException();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(v.textValue());
        }
        throw new ArmExpressionException("a condition must be a Boolean, not " + ArmValues.typeName(v));
    }

    /** The value of a parameter: given, else its evaluated default, else a marker. */
    public JsonNode parameter(String name) {
        return guarded(() -> parameter(name, Frame.root(this, CopyContext.NONE)));
    }

    /** The evaluated value of a variable (markers where parts are unknown). */
    public JsonNode variable(String name) {
        return guarded(() -> variable(name, Frame.root(this, CopyContext.NONE)));
    }

    public Set<String> parameterNames() {
        return Collections.unmodifiableSet(parameters.keySet());
    }

    public Set<String> variableNames() {
        return Collections.unmodifiableSet(variables.keySet());
    }

    /** Names of given parameter values that the template does not declare (ARM rejects these). */
    public List<String> undeclaredParameters() {
        List<String> out = new ArrayList<>();
        for (String name : given.keySet()) {
            if (!parameters.containsKey(name)) {
                out.add(name);
            }
        }
        return out;
    }

    public JsonNode template() {
        return template;
    }

    public DeploymentContext context() {
        return context;
    }

    public ReferenceResolver resolver() {
        return resolver;
    }

    /** True for {@code "languageVersion": "2.0"} templates (resources keyed by symbolic name). */
    public boolean isLanguageVersion2() {
        return template.path("languageVersion").asText("").startsWith("2");
    }

    @Override
    public JsonNode parameter(String name, Frame frame) {
        Declared d = parameters.get(name);
        if (d == null) {
            throw new ArmExpressionException("parameter '" + name + "' is not declared in the template");
        }
        String key = d.name().toLowerCase(Locale.ROOT);
        JsonNode cached = parameterValues.get(key);
        if (cached != null) {
            if (fromStandIn.contains("p:" + key)) {
                StandInUse.touch();
            }
            return cached;
        }
        int standIn = StandInUse.count();
        JsonNode value;
        JsonNode givenValue = given.get(d.name());
        boolean givenNull = given.containsKey(d.name()) && (givenValue == null || givenValue.isNull());
        if (given.containsKey(d.name()) && !(givenNull && d.node().has("defaultValue"))) {
            value = givenValue == null ? ArmValues.NODES.nullNode() : givenValue;
        } else if (d.node().has("defaultValue")) {
            // Also when null is passed: a module parameter given null takes its default (as Bicep relies on).
            value = inside("parameters('" + d.name() + "')",
                    () -> JsonEvaluator.evaluate(d.node().get("defaultValue"), frame.enter(this, CopyContext.NONE)));
        } else if (d.node().path("nullable").asBoolean(false)) {
            value = ArmValues.NODES.nullNode();
        } else {
            value = Unresolved.node("parameters('" + d.name() + "')", "parameter '" + d.name()
                    + "' has no value (no defaultValue, and no value was given in a parameters file)");
        }
        parameterValues.put(key, value);
        if (StandInUse.count() != standIn) {
            fromStandIn.add("p:" + key);
        }
        return value;
    }

    @Override
    public JsonNode variable(String name, Frame frame) {
        Declared d = variables.get(name);
        if (d == null) {
            throw new ArmExpressionException("variable '" + name + "' is not declared in the template");
        }
        String key = d.name().toLowerCase(Locale.ROOT);
        JsonNode cached = variableValues.get(key);
        if (cached != null) {
            if (fromStandIn.contains("v:" + key)) {
                StandInUse.touch();
            }
            return cached;
        }
        int standIn = StandInUse.count();
        Frame inner = frame.enter(this, CopyContext.NONE);
        JsonNode value = inside("variables('" + d.name() + "')",
                () -> d.copyLoop() ? loopVariable(d, inner) : JsonEvaluator.evaluate(d.node(), inner));
        variableValues.put(key, value);
        if (StandInUse.count() != standIn) {
            fromStandIn.add("v:" + key);
        }
        return value;
    }

    private JsonNode loopVariable(Declared d, Frame frame) {
        int count;
        try {
            count = JsonEvaluator.count(d.node().get("count"), frame);
        } catch (UnresolvedException u) {
            return Unresolved.node("variables('" + d.name() + "')", "the count of variable loop '" + d.name()
                    + "' is not known: " + u.reason());
        }
        ArrayNode out = ArmValues.array();
        for (int i = 0; i < count; i++) {
            out.add(JsonEvaluator.evaluate(d.node().get("input"),
                    frame.withCopy(CopyContext.NONE.withLoop(d.name(), i))));
        }
        return out;
    }

    /**
     * The depth limits keep evaluation far from the end of a normal thread stack; this is the last guard for
     * callers that run it on a thread with a very small stack.
     */
    private static <T> T guarded(Supplier<T> work) {
        try {
            return work.get();
        } catch (StackOverflowError e) {
            throw new ArmExpressionException("evaluation is nested too deeply for the thread's stack");
        }
    }

    private JsonNode inside(String label, Supplier<JsonNode> work) {
        if (!inProgress.add(label)) {
            List<String> chain = new ArrayList<>(inProgress);
            chain = chain.subList(chain.indexOf(label), chain.size());
            chain.add(label);
            throw new ArmExpressionException(label + " depends on itself: " + String.join(" -> ", chain));
        }
        try {
            return work.get();
        } finally {
            inProgress.remove(label);
        }
    }

    @Override
    public TemplateScope owner() {
        return this;
    }

    Expr parsed(String text) {
        Expr e = parsed.get(text);
        if (e == null) {
            e = ExpressionParser.parse(text);
            parsed.put(text, e);
        }
        return e;
    }

    UserFunction function(String key) {
        return functions.get(key);
    }
}
