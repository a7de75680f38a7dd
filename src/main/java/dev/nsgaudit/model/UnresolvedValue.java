package dev.nsgaudit.model;

/**
 * A property whose value the loader could not determine offline (an ARM expression it cannot evaluate, a
 * parameter without a value). It is kept beside the definition so that nothing is silently dropped.
 *
 * @param property the property name as in the ARM schema, e.g. {@code sourceAddressPrefix}
 * @param expression the text that could not be resolved
 * @param reason why
 */
public record UnresolvedValue(String property, String expression, String reason) {
}
