package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The state one expression is evaluated in: the names in scope, the copy loop indexes, the lambda variables, and
 * how deep the evaluation already is. Every nested evaluation step goes through {@link #deeper()}, which turns
 * runaway recursion into a clear error long before the Java stack runs out.
 */
final class Frame {

    final NameScope names;
    final CopyContext copy;
    final Map<String, JsonNode> lambdaVariables;
    final int depth;

    Frame(NameScope names, CopyContext copy, Map<String, JsonNode> lambdaVariables, int depth) {
        this.names = names;
        this.copy = copy;
        this.lambdaVariables = lambdaVariables;
        this.depth = depth;
    }

    static Frame root(NameScope names, CopyContext copy) {
        return new Frame(names, copy, Map.of(), 0);
    }

    Frame deeper() {
        if (depth >= Limits.MAX_EVALUATION_DEPTH) {
            throw new ArmExpressionException("evaluation nested deeper than " + Limits.MAX_EVALUATION_DEPTH
                    + " levels (a recursive user function, or a very long chain of variables or nested values)");
        }
        return new Frame(names, copy, lambdaVariables, depth + 1);
    }

    Frame withCopy(CopyContext c) {
        return new Frame(names, c, lambdaVariables, depth);
    }

    Frame withLambdaVariables(Map<String, JsonNode> vars) {
        return new Frame(names, copy, vars, depth);
    }

    /** A frame for evaluating something that lives in another scope (a variable, a default value, a function body). */
    Frame enter(NameScope scope, CopyContext c) {
        return new Frame(scope, c, Map.of(), depth).deeper();
    }

    TemplateScope template() {
        return names.owner();
    }
}
