package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Shared helpers: JSON from text, evaluation in an empty or given template. */
final class ArmTestSupport {

    private ArmTestSupport() {
    }

    /** JSON text to a node (lenient, as templates are read). */
    static JsonNode json(String text) {
        return ArmJson.read(text, "test.json").root();
    }

    static TemplateScope scope(String template) {
        return TemplateScope.of(json(template));
    }

    static TemplateScope scope(String template, Map<String, JsonNode> parameters, DeploymentContext context) {
        return TemplateScope.of(json(template), parameters, context, ReferenceResolver.NONE);
    }

    /** Evaluates a template string in an empty template. */
    static JsonNode eval(String expression) {
        return scope("{}").evaluateExpression(expression, CopyContext.NONE);
    }

    static JsonNode eval(TemplateScope scope, String expression) {
        return scope.evaluateExpression(expression, CopyContext.NONE);
    }

    /** Evaluates and renders compact JSON, markers as {"expression":...,"reason":...}. */
    static String evalJson(String expression) {
        return ArmValues.compactJson(eval(expression));
    }

    static String text(String expression) {
        JsonNode v = eval(expression);
        if (!v.isTextual()) {
            throw new AssertionError(expression + " gave " + v + ", not a string");
        }
        return v.textValue();
    }
}
