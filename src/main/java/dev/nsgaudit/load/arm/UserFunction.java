package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user-defined function from a template's {@code functions} section ({@code namespace.member}); Bicep emits
 * these too, for example {@code __bicep.*} helpers in languageVersion 2.0 templates. A call evaluates the output
 * value with the arguments as parameters.
 */
final class UserFunction {

    private final String name;
    private final List<String> parameterNames;
    private final JsonNode output;

    private UserFunction(String name, List<String> parameterNames, JsonNode output) {
        this.name = name;
        this.parameterNames = parameterNames;
        this.output = output;
    }

    /** The functions of a template, keyed by lower-case {@code namespace.member}. */
    static Map<String, UserFunction> read(JsonNode functions) {
        Map<String, UserFunction> out = new HashMap<>();
        if (functions == null || !functions.isArray()) {
            return out;
        }
        for (JsonNode ns : functions) {
            JsonNode namespace = ns.get("namespace");
            JsonNode members = ns.get("members");
            if (namespace == null || !namespace.isTextual() || members == null || !members.isObject()) {
                continue;
            }
            members.fields().forEachRemaining(m -> {
                String qualified = namespace.textValue() + "." + m.getKey();
                List<String> params = new ArrayList<>();
                JsonNode declared = m.getValue().get("parameters");
                if (declared != null && declared.isArray()) {
                    for (JsonNode p : declared) {
                        params.add(p.path("name").asText());
                    }
                }
                JsonNode value = m.getValue().path("output").get("value");
                out.put(qualified.toLowerCase(Locale.ROOT), new UserFunction(qualified, params, value));
            });
        }
        return out;
    }

    JsonNode invoke(Args args) {
        args.arity(parameterNames.size(), parameterNames.size());
        if (output == null) {
            throw args.error("the user-defined function " + name + " has no output value");
        }
        Map<String, JsonNode> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < parameterNames.size(); i++) {
            values.put(parameterNames.get(i), args.value(i));
        }
        Frame body = args.frame().enter(new Scope(args.frame().template(), values), CopyContext.NONE);
        return JsonEvaluator.evaluate(output, body);
    }

    /** Inside a function body parameters() reads the arguments; other names fall back to the template. */
    private record Scope(TemplateScope template, Map<String, JsonNode> arguments) implements NameScope {

        @Override
        public JsonNode parameter(String name, Frame frame) {
            JsonNode v = arguments.get(name);
            return v != null ? v : template.parameter(name, frame);
        }

        @Override
        public JsonNode variable(String name, Frame frame) {
            return template.variable(name, frame);
        }

        @Override
        public TemplateScope owner() {
            return template;
        }
    }
}
