package dev.nsgaudit.model;


import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The user's settings for {@code check} ({@code .nsgaudit.yaml}).
 *
 * @param only when not empty, the only rule ids that run
 * @param severities severity overrides by rule id
 * @param exposureThreshold how many Internet addresses make an exposure (default: a /8)
 * @param failOn the default for {@code --fail-on}, or null
 * @param inconclusiveSeverity when set, the severity of inconclusive policies (to lower them below fail-on)
 */
public record AuditConfig(Set<String> disabled, Set<String> only, Map<String, Severity> severities,
                          double exposureThreshold, String failOn, Severity inconclusiveSeverity,
                          List<Suppression> suppressions) {

    /** Internet addresses that make an exposure unless the config says otherwise: a /8 (SPEC section 6). */
    public static final double DEFAULT_EXPOSURE_THRESHOLD = 16_777_216d;


    public static final AuditConfig DEFAULT = new AuditConfig(Set.of(), Set.of(), Map.of(),
            DEFAULT_EXPOSURE_THRESHOLD, null, null, List.of());

    public AuditConfig {
        disabled = Set.copyOf(disabled);
        only = Set.copyOf(only);
        severities = Map.copyOf(severities);
        suppressions = List.copyOf(suppressions);
    }

    public boolean enabled(String id) {
        return !disabled.contains(id) && (only.isEmpty() || only.contains(id));
    }
}
