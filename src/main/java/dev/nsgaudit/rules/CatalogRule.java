package dev.nsgaudit.rules;

import dev.nsgaudit.model.Severity;

import java.util.List;

/**
 * One entry of the rule catalog ({@code rules/<id>.yaml}): documentation and how the check is evaluated.
 *
 * @param severity the default severity of the findings with this id (a check's can be changed by the config)
 * @param checkType exposure, exposure-all-ports, lateral, structure, analysis or validation for a check; input for
 *     a problem of the input; policy for the flow policies
 * @param traffic for exposure and lateral checks: the protocols and ports asked about
 */
public record CatalogRule(String id, Severity severity, String title, String description, String rationale,
                          String remediation, List<Reference> references, String checkType, List<Traffic> traffic) {

    /** What an entry is: the three are configured and reported differently. */
    public enum Kind {
        /** A question about the input: config can disable it or change its severity. */
        CHECK,
        /** A problem of the input itself: always reported, never disabled or re-rated (a suppression can accept it). */
        INPUT,
        /** The result of a flow policy: its severity is the policy's own, this entry's when it gives none. */
        POLICY;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The check types, each evaluated by its own code path; input and policy are the other kinds. */
    public static final List<String> CHECK_TYPES = List.of("analysis", "validation", "exposure", "exposure-all-ports",
            "lateral", "structure");

    public CatalogRule {
        references = List.copyOf(references);
        traffic = List.copyOf(traffic);
    }

    public Kind kind() {
        return switch (checkType) {
            case "input" -> Kind.INPUT;
            case "policy" -> Kind.POLICY;
            default -> Kind.CHECK;
        };
    }

    public boolean isCheck() {
        return kind() == Kind.CHECK;
    }

    /** A document the rule refers to; url may be null. */
    public record Reference(String title, String url) {
    }

    /** A protocol and destination ports, as in a policy. */
    public record Traffic(String protocol, String ports) {
    }
}
