package dev.nsgaudit.rules;

import dev.nsgaudit.model.Severity;

import java.util.List;

/**
 * One entry of the rule catalog ({@code rules/<id>.yaml}): documentation and how the check is evaluated.
 *
 * @param checkType exposure, exposure-all-ports, lateral, structure, analysis or validation
 * @param traffic for exposure and lateral checks: the protocols and ports asked about
 */
public record CatalogRule(String id, Severity severity, String title, String description, String rationale,
                          String remediation, List<Reference> references, String checkType, List<Traffic> traffic) {

    public CatalogRule {
        references = List.copyOf(references);
        traffic = List.copyOf(traffic);
    }

    /** A document the rule refers to; url may be null. */
    public record Reference(String title, String url) {
    }

    /** A protocol and destination ports, as in a policy. */
    public record Traffic(String protocol, String ports) {
    }
}
