package dev.nsgaudit.audit;

import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.rules.RuleCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The config file's rules section and inconclusive severity applied to findings, outcomes and policies. */
class ConfigApplicationTest {

    private static Finding finding(String id, Severity severity) {
        return new Finding(id, severity, id, new SourceRef("main.json", 1, 1), "nsg", "rule", List.of());
    }

    private static ConfigApplication apply(Set<String> disabled, Set<String> only, Map<String, Severity> severities,
                                           Severity inconclusive) {
        return new ConfigApplication(new AuditConfig(disabled, only, severities, AuditConfig.DEFAULT_EXPOSURE_THRESHOLD,
                null, inconclusive, List.of()), RuleCatalog.bundled());
    }

    @Test
    void aDisabledCheckDropsItsFindingsButInputProblemsStay() {
        List<Finding> raw = List.of(finding("shadowed-rule", Severity.ERROR), finding("input-error", Severity.ERROR),
                finding("redundant-rule", Severity.WARNING));
        assertThat(apply(Set.of("shadowed-rule"), Set.of(), Map.of(), null).findings(raw))
                .extracting(Finding::id).containsExactly("input-error", "redundant-rule");
        assertThat(apply(Set.of(), Set.of("shadowed-rule"), Map.of(), null).findings(raw))
                .extracting(Finding::id).containsExactly("shadowed-rule", "input-error");
    }

    @Test
    void aSeverityOverrideChangesFindingsAndOutcomes() {
        ConfigApplication c = apply(Set.of(), Set.of(), Map.of("generalization", Severity.WARNING), null);
        assertThat(c.findings(List.of(finding("generalization", Severity.INFO), finding("correlated-rules",
                Severity.WARNING)))).extracting(Finding::severity).containsExactly(Severity.WARNING, Severity.WARNING);
        CheckOutcome o = c.outcome(new CheckOutcome("generalization", "nsg:nsg",
                List.of(finding("generalization", Severity.INFO))));
        assertThat(o.findings()).extracting(Finding::severity).containsExactly(Severity.WARNING);
        assertThat(o.target()).isEqualTo("nsg:nsg");
    }

    @Test
    void onlyInconclusivePoliciesTakeTheConfiguredSeverity() {
        Policy p = new Policy("web", null, "Internet", "nic:web", "Tcp", "443", "*", Policy.Expect.ALLOW, Severity.ERROR,
                SourceRef.UNKNOWN);
        ConfigApplication c = apply(Set.of(), Set.of(), Map.of(), Severity.WARNING);
        assertThat(c.severity(new PolicyResult(p, PolicyResult.Status.INCONCLUSIVE, "open", null)))
                .isEqualTo(Severity.WARNING);
        assertThat(c.severity(new PolicyResult(p, PolicyResult.Status.FAIL, "denied", null))).isEqualTo(Severity.ERROR);
        assertThat(apply(Set.of(), Set.of(), Map.of(), null)
                .severity(new PolicyResult(p, PolicyResult.Status.INCONCLUSIVE, "open", null))).isEqualTo(Severity.ERROR);
    }
}
