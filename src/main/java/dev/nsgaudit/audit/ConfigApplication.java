package dev.nsgaudit.audit;

import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.rules.RuleCatalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's configuration applied to what the analysis found: checks of the catalog that are disabled (or not in
 * {@code only}) drop their findings, severity overrides replace the catalog's, and inconclusive policies take the
 * configured severity. Input problems are not checks of the catalog, so they always stay.
 */
final class ConfigApplication {

    private final AuditConfig config;
    private final RuleCatalog catalog;

    ConfigApplication(AuditConfig config, RuleCatalog catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    /** The findings that still run, in the same order, with their configured severity. */
    List<Finding> findings(List<Finding> raw) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : raw) {
            if (catalog.rule(f.id()).isPresent() && !config.enabled(f.id())) {
                continue;
            }
            out.add(withSeverity(f));
        }
        return out;
    }

    /** The outcome with its findings at their configured severity. */
    CheckOutcome outcome(CheckOutcome o) {
        Severity s = config.severities().get(o.checkId());
        List<Finding> findings = s == null ? o.findings()
                : o.findings().stream().map(f -> f.withSeverity(s)).toList();
        return new CheckOutcome(o.checkId(), o.target(), findings);
    }

    /** The severity a policy result fails at: the configured one for inconclusive results, else the policy's own. */
    Severity severity(PolicyResult r) {
        return r.status() == PolicyResult.Status.INCONCLUSIVE && config.inconclusiveSeverity() != null
                ? config.inconclusiveSeverity() : r.policy().severity();
    }

    private Finding withSeverity(Finding f) {
        Severity s = config.severities().get(f.id());
        return s == null ? f : f.withSeverity(s);
    }
}
