package dev.nsgaudit.model;

import java.util.List;

/**
 * A problem found in the input or by analysis, with a stable id (SPEC section 6).
 *
 * @param networkSecurityGroup the NSG concerned, or null
 * @param rule the rule concerned, or null
 * @param relatedRules other rules involved (for example the blocking rules), possibly empty
 * @param witness a packet that shows the finding, or null
 * @param target what the finding is about when that is not an NSG rule ({@code nic:x}, {@code subnet:v/s},
 *     {@code nsg:n}), or null
 */
public record Finding(
        String id,
        Severity severity,
        String message,
        SourceRef location,
        String networkSecurityGroup,
        String rule,
        List<String> relatedRules,
        Witness witness,
        String target) {

    public Finding {
        relatedRules = relatedRules == null ? List.of() : List.copyOf(relatedRules);
        location = location == null ? SourceRef.UNKNOWN : location;
    }

    public Finding(String id, Severity severity, String message, SourceRef location, String networkSecurityGroup,
                   String rule, List<String> relatedRules) {
        this(id, severity, message, location, networkSecurityGroup, rule, relatedRules, null, null);
    }

    public Finding withSeverity(Severity s) {
        return new Finding(id, s, message, location, networkSecurityGroup, rule, relatedRules, witness, target);
    }

    public static Finding of(String id, Severity severity, SourceRef location, String message) {
        return new Finding(id, severity, message, location, null, null, List.of());
    }

    /** The one-line console form: {@code file:line:col: severity [id] message}. */
    public String toLine() {
        String where = location.isKnown() ? location + ": " : "";
        return where + severity.label() + " [" + id + "] " + message;
    }
}
