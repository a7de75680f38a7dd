package dev.nsgaudit.audit;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.CheckOutcome;
import dev.nsgaudit.analyze.PhaseTimings;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.semantics.NetworkView;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.NetworkSecurityGroup;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Suppression;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.model.TopologyIndex;
import dev.nsgaudit.rules.FindingIds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The whole {@code check}: problems of the input, the rule analysis, the catalog's exposure and structure checks
 * and the flow policies; then the user's configuration (disabled rules, severities: {@link ConfigApplication}),
 * suppressions (config file and ARM metadata, expired ones no longer apply) and the baseline
 * ({@link SuppressionsAndBaseline}), and a note on names computed from the stand-in context ({@link StandInNotes}).
 */
public final class Audit {

    /** Problems that mean the input could not be read as written: exit code 2. */
    public static final Set<String> INPUT_ERRORS = FindingIds.inputErrors();

    private Audit() {
    }

    public static AuditResult run(Topology topology, ServiceTags tags, List<Finding> problems, List<Policy> policies,
                                  AuditConfig config, Baseline baseline, LocalDate today) {
        return run(topology, tags, problems, policies, config, baseline, () -> today, Analyzer::ruleFindings);
    }

    /** As above, with the day of the run asked only if a suppression has a last day (see SuppressionsAndBaseline). */
    public static AuditResult run(Topology topology, ServiceTags tags, List<Finding> problems, List<Policy> policies,
                                  AuditConfig config, Baseline baseline, Supplier<LocalDate> today) {
        return run(topology, tags, problems, policies, config, baseline, today, Analyzer::ruleFindings);
    }

    /**
     * The same, with the rule findings taken from {@code ruleFindings} over this audit's analyzer ({@code diff}
     * computes an NSG's findings once for both versions where they cannot differ).
     */
    public static AuditResult run(Topology topology, ServiceTags tags, List<Finding> problems, List<Policy> policies,
                                  AuditConfig config, Baseline baseline, LocalDate today,
                                  Function<Analyzer, List<Finding>> ruleFindings) {
        return run(topology, tags, problems, policies, config, baseline, () -> today, ruleFindings);
    }

    private static AuditResult run(Topology topology, ServiceTags tags, List<Finding> problems, List<Policy> policies,
                                   AuditConfig config, Baseline baseline, Supplier<LocalDate> today,
                                   Function<Analyzer, List<Finding>> ruleFindings) {
        RuleCatalog catalog = RuleCatalog.bundled();
        ConfigApplication configuration = new ConfigApplication(config, catalog);
        List<CatalogRule> enabled = catalog.rules().stream().filter(r -> config.enabled(r.id())).toList();
        List<Finding> raw = new ArrayList<>(problems);
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<PolicyResult> policyResults;
        try (Analyzer analyzer = PhaseTimings.time("analyzer setup", () -> new Analyzer(topology, tags))) {
            raw.addAll(ruleFindings.apply(analyzer));
            for (CheckOutcome o : PhaseTimings.time("catalog checks (exposure)",
                    () -> analyzer.catalogChecks(enabled, config.exposureThreshold()))) {
                outcomes.add(configuration.outcome(o));
                raw.addAll(o.findings());
            }
            policyResults = PhaseTimings.time("policies", () -> analyzer.checkPolicies(policies));
        }
        return PhaseTimings.time("config, suppressions", () -> audited(topology, raw, outcomes, policyResults,
                config, configuration, enabled, baseline, today));
    }

    private static AuditResult audited(Topology topology, List<Finding> raw, List<CheckOutcome> outcomes,
                                       List<PolicyResult> policyResults, AuditConfig config,
                                       ConfigApplication configuration, List<CatalogRule> enabled,
                                       Baseline baseline, Supplier<LocalDate> today) {
        boolean inputErrors = raw.stream().anyMatch(f -> INPUT_ERRORS.contains(f.id()) && f.severity() == Severity.ERROR);
        List<Finding> configured = configuration.findings(raw).stream()
                .map(f -> StandInNotes.noted(f, topology)).toList();
        outcomes.addAll(nsgOutcomes(topology, enabled, configured));
        outcomes.sort(Comparator.comparing(CheckOutcome::checkId).thenComparing(CheckOutcome::target));
        List<Suppression> suppressions = new ArrayList<>(config.suppressions());
        suppressions.addAll(topology.suppressions());
        SuppressionsAndBaseline said = new SuppressionsAndBaseline(suppressions, baseline, today);
        List<AuditedFinding> audited = new ArrayList<>();
        for (Finding f : configured) {
            audited.add(said.audit(f));
        }
        audited.addAll(said.expired());
        audited.sort(Comparator.comparing(AuditedFinding::finding, Analyzer.ORDER));
        List<Severity> policySeverities = policyResults.stream().map(configuration::severity).toList();
        return new AuditResult(audited, policyResults, policySeverities, outcomes, assumptions(topology), inputErrors);
    }

    private static final String ADMIN_RULE_VALIDATION = "invalid-admin-rule";

    /** Analysis and validation checks by NSG, so that reports can count passing ones. */
    private static List<CheckOutcome> nsgOutcomes(Topology topology, List<CatalogRule> enabled, List<Finding> findings) {
        // Findings by id and by a key that names equal ignoring case share, in their order: a scan of every
        // finding per NSG and rule made this quadratic on large estates.
        Map<String, Map<String, List<Finding>>> byIdAndNsg = new HashMap<>();
        for (Finding f : findings) {
            if (f.networkSecurityGroup() != null) {
                byIdAndNsg.computeIfAbsent(f.id(), k -> new HashMap<>())
                        .computeIfAbsent(TopologyIndex.bucket(f.networkSecurityGroup()), k -> new ArrayList<>()).add(f);
            }
        }
        List<CheckOutcome> out = new ArrayList<>();
        for (CatalogRule rule : enabled) {
            if (!rule.checkType().equals("analysis") && !rule.checkType().equals("validation")) {
                continue;
            }
            if (rule.id().equals(ADMIN_RULE_VALIDATION)) {
                continue; // about Virtual Network Manager rules, not NSGs: no NSG passes or fails it
            }
            Map<String, List<Finding>> byNsg = byIdAndNsg.getOrDefault(rule.id(), Map.of());
            for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
                List<Finding> mine = byNsg.getOrDefault(TopologyIndex.bucket(nsg.name()), List.of()).stream()
                        .filter(f -> nsg.name().equalsIgnoreCase(f.networkSecurityGroup())).toList();
                out.add(new CheckOutcome(rule.id(), "nsg:" + nsg.name(), mine));
            }
        }
        return out;
    }

    private static List<String> assumptions(Topology topology) {
        List<String> out = new ArrayList<>();
        Attachments a = new Attachments(topology);
        if (topology.networkSecurityGroups().stream().anyMatch(n -> a.views(n).isEmpty())) {
            out.add(NetworkView.D3_NOTE + " (for NSGs attached to nothing)");
        }
        return out;
    }
}
