package dev.nsgaudit.load.arm;

import com.fasterxml.jackson.databind.JsonNode;

/** Where parameters() and variables() look names up: a template, or a user function's parameters. */
interface NameScope {

    /** The value of a parameter, a marker when it has none; unknown names are errors. */
    JsonNode parameter(String name, Frame frame);

    /** The value of a variable; unknown names are errors. */
    JsonNode variable(String name, Frame frame);

    /** The template this scope belongs to (deployment context, user functions, reference resolver). */
    TemplateScope owner();
}
