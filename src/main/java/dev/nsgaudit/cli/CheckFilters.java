package dev.nsgaudit.cli;

import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.rules.FindingIds;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Checkov-style filters of {@code check}: {@code --check} (only these checks run), {@code --skip-check} (these
 * do not) and {@code --severity} (only findings and policies at or above it are reported and counted). Ids are
 * checked as those of the config file are: a misspelt id would run nothing and pass.
 */
final class CheckFilters {

    private final Set<String> only;
    private final Set<String> skipped;
    private final Severity minimum;

    private CheckFilters(Set<String> only, Set<String> skipped, Severity minimum) {
        this.only = only;
        this.skipped = skipped;
        this.minimum = minimum;
    }

    /** The filters, or an {@link IllegalArgumentException} whose message is the one line to print. */
    static CheckFilters parse(List<String> check, List<String> skipCheck, String severity) {
        Severity minimum = null;
        if (severity != null) {
            try {
                minimum = Severity.parse(severity);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--severity must be error, warning or info, not '" + severity + "'");
            }
        }
        return new CheckFilters(ids(check, "--check"), ids(skipCheck, "--skip-check"), minimum);
    }

    private static Set<String> ids(List<String> values, String option) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            String id = v.trim();
            if (id.isEmpty()) {
                continue;
            }
            String problem = FindingIds.problemAsCheck(id, option);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            out.add(id);
        }
        return out;
    }

    /** The config with the command line's choice of checks on top: both must let a check run. */
    AuditConfig apply(AuditConfig cfg) {
        if (only.isEmpty() && skipped.isEmpty()) {
            return cfg;
        }
        Set<String> disabled = new LinkedHashSet<>(cfg.disabled());
        disabled.addAll(skipped);
        Set<String> runOnly = new LinkedHashSet<>(cfg.only());
        if (!only.isEmpty()) {
            if (runOnly.isEmpty()) {
                runOnly.addAll(only);
            } else {
                runOnly.retainAll(only);
                if (runOnly.isEmpty()) {
                    // Nothing in common: no check may run, which an empty "only" would not say.
                    disabled.addAll(FindingIds.checks());
                }
            }
        }
        return new AuditConfig(disabled, runOnly, cfg.severities(), cfg.exposureThreshold(), cfg.failOn(),
                cfg.inconclusiveSeverity(), cfg.suppressions());
    }

    /** The result without what is below {@code --severity}. */
    AuditResult apply(AuditResult r) {
        if (minimum == null) {
            return r;
        }
        List<AuditedFinding> findings = r.findings().stream()
                .filter(f -> f.finding().severity().atLeast(minimum)).toList();
        List<PolicyResult> policies = new ArrayList<>();
        List<Severity> severities = new ArrayList<>();
        for (int i = 0; i < r.policies().size(); i++) {
            if (r.policySeverities().get(i).atLeast(minimum)) {
                policies.add(r.policies().get(i));
                severities.add(r.policySeverities().get(i));
            }
        }
        List<CheckOutcome> outcomes = r.outcomes().stream().map(o -> new CheckOutcome(o.checkId(), o.target(),
                o.findings().stream().filter(f -> f.severity().atLeast(minimum)).toList())).toList();
        return new AuditResult(findings, policies, severities, outcomes, r.assumptions(), r.inputErrors());
    }
}
