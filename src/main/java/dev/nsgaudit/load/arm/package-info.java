/**
 * The ARM template expression language and template scope, offline.
 *
 * <p>Entry points: {@link dev.nsgaudit.load.arm.ArmJson} reads a template or parameters file leniently (comments,
 * raw line breaks in strings, trailing commas) into an {@link dev.nsgaudit.load.arm.ArmDocument} that knows the
 * line and column of every object; {@link dev.nsgaudit.load.arm.ParameterValues} reads a parameters file;
 * {@link dev.nsgaudit.load.arm.TemplateScope} evaluates values of one template with its parameters, variables,
 * user functions, a {@link dev.nsgaudit.load.arm.DeploymentContext} and a
 * {@link dev.nsgaudit.load.arm.ReferenceResolver}; {@link dev.nsgaudit.load.arm.ExpressionParser} parses one
 * expression into an {@link dev.nsgaudit.load.arm.Expr}.
 *
 * <p>Never a silent pass: a value that is not known offline is never guessed. Deep evaluation puts an
 * {@link dev.nsgaudit.load.arm.Unresolved} marker where it stands and keeps the rest of the value;
 * single-expression evaluation throws {@link dev.nsgaudit.load.arm.UnresolvedException}. Templates that ARM itself
 * would reject (malformed expressions, unknown functions or names, cycles, type errors) give
 * {@link dev.nsgaudit.load.arm.ArmExpressionException}; unreadable files give
 * {@link dev.nsgaudit.load.arm.ArmInputException} with file:line:col. {@link dev.nsgaudit.load.arm.Limits} bounds
 * size, nesting and recursion so that no input hangs the tool or overflows its stack.
 *
 * <p>Evaluated values may share nodes with the template and with cached parameter and variable values: treat them
 * as read-only ({@code deepCopy()} before changing one).
 */
package dev.nsgaudit.load.arm;
