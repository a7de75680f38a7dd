package dev.nsgaudit.audit;

import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;

import java.util.List;

/**
 * Everything {@code check} found, in a deterministic order, for the reports.
 *
 * @param outcomes every catalog check by target, passing ones included
 * @param assumptions what was assumed where the input is silent (D3, ARM placeholders)
 * @param inputErrors true when some input could not be read (exit code 2)
 */
public record AuditResult(List<AuditedFinding> findings, List<PolicyResult> policies, List<Severity> policySeverities,
                          List<CheckOutcome> outcomes, List<String> assumptions, boolean inputErrors) {

    public AuditResult {
        findings = List.copyOf(findings);
        policies = List.copyOf(policies);
        policySeverities = List.copyOf(policySeverities);
        outcomes = List.copyOf(outcomes);
        assumptions = List.copyOf(assumptions);
    }

    /** True when something at or above {@code threshold} fails: an open finding, a failed or inconclusive policy. */
    public boolean failsAt(Severity threshold) {
        if (threshold == null) {
            return false;
        }
        for (AuditedFinding f : findings) {
            if (f.open() && f.finding().severity().atLeast(threshold)) {
                return true;
            }
        }
        for (int i = 0; i < policies.size(); i++) {
            if (policies.get(i).status() != PolicyResult.Status.PASS && policySeverities.get(i).atLeast(threshold)) {
                return true;
            }
        }
        return false;
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.open() && f.finding().severity() == severity).count();
    }

    public long count(PolicyResult.Status status) {
        return policies.stream().filter(p -> p.status() == status).count();
    }
}
