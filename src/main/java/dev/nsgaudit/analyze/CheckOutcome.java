package dev.nsgaudit.analyze;

import dev.nsgaudit.model.Finding;

import java.util.List;

/**
 * A catalog check applied to one target ({@code nic:x}, {@code subnet:v/s}, {@code nsg:n}): passed when it has no
 * finding. Passing outcomes are kept so that CI reports count them.
 */
public record CheckOutcome(String checkId, String target, List<Finding> findings) {

    public CheckOutcome {
        findings = List.copyOf(findings);
    }

    public boolean passed() {
        return findings.isEmpty();
    }
}
