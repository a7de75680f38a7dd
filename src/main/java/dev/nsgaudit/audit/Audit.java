package dev.nsgaudit.audit;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.Attachments;
import dev.nsgaudit.analyze.CheckOutcome;
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

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The whole {@code check}: problems of the input, the rule analysis, the catalog's exposure and structure checks
 * and the flow policies; then the user's configuration (disabled rules, severities), suppressions (config file and
 * ARM metadata, expired ones no longer apply) and the baseline.
 */
public final class Audit {

    /** Problems that mean the input could not be read as written: exit code 2. */
    public static final Set<String> INPUT_ERRORS = Set.of("yaml-syntax", "input-error", "unknown-key",
            "dangling-reference", "duplicate-definition", "invalid-ip-configuration");

    private Audit() {
    }

    public static AuditResult run(Topology topology, ServiceTags tags, List<Finding> problems, List<Policy> policies,
                                  AuditConfig config, Baseline baseline, LocalDate today) {
        RuleCatalog catalog = RuleCatalog.bundled();
        List<CatalogRule> enabled = catalog.rules().stream().filter(r -> config.enabled(r.id())).toList();
        List<Finding> raw = new ArrayList<>(problems);
        List<CheckOutcome> outcomes = new ArrayList<>();
        List<PolicyResult> policyResults;
        try (Analyzer analyzer = new Analyzer(topology, tags)) {
            raw.addAll(analyzer.ruleFindings());
            for (CheckOutcome o : analyzer.catalogChecks(enabled, config.exposureThreshold())) {
                Severity s = config.severities().get(o.checkId());
                List<Finding> findings = s == null ? o.findings()
                        : o.findings().stream().map(f -> f.withSeverity(s)).toList();
                outcomes.add(new CheckOutcome(o.checkId(), o.target(), findings));
                raw.addAll(o.findings());
            }
            policyResults = analyzer.checkPolicies(policies);
        }
        boolean inputErrors = raw.stream().anyMatch(f -> INPUT_ERRORS.contains(f.id()) && f.severity() == Severity.ERROR);
        // Configuration: disabled rules go, severities change (input errors stay as they are).
        List<Finding> configured = new ArrayList<>();
        for (Finding f : raw) {
            if (catalog.rule(f.id()).isPresent() && !config.enabled(f.id())) {
                continue;
            }
            Severity s = config.severities().get(f.id());
            configured.add(standInNote(s == null ? f : f.withSeverity(s), topology));
        }
        outcomes.addAll(nsgOutcomes(topology, enabled, configured));
        outcomes.sort(Comparator.comparing(CheckOutcome::checkId).thenComparing(CheckOutcome::target));
        List<Suppression> suppressions = new ArrayList<>(config.suppressions());
        suppressions.addAll(topology.suppressions());
        List<AuditedFinding> audited = new ArrayList<>();
        for (Finding f : configured) {
            audited.add(audit(f, suppressions, baseline, today));
        }
        for (Suppression s : suppressions) {
            if (!s.activeOn(today)) {
                audited.add(new AuditedFinding(new Finding("expired-suppression", Severity.WARNING, "the suppression of "
                        + s.id() + " for " + s.target() + " expired on " + s.expires() + " and no longer applies ("
                        + s.reason() + ")", s.source(), null, null, List.of()), AuditedFinding.Status.OPEN, null));
            }
        }
        audited.sort(Comparator.comparing(AuditedFinding::finding, Analyzer.ORDER));
        List<Severity> policySeverities = new ArrayList<>();
        for (PolicyResult r : policyResults) {
            Severity s = r.status() == PolicyResult.Status.INCONCLUSIVE && config.inconclusiveSeverity() != null
                    ? config.inconclusiveSeverity() : r.policy().severity();
            policySeverities.add(s);
        }
        return new AuditResult(audited, policyResults, policySeverities, outcomes, assumptions(topology), inputErrors);
    }

    private static AuditedFinding audit(Finding f, List<Suppression> suppressions, Baseline baseline, LocalDate today) {
        for (Suppression s : suppressions) {
            if (s.covers(f) && s.activeOn(today)) {
                return new AuditedFinding(f, AuditedFinding.Status.SUPPRESSED, s.reason()
                        + (s.expires() == null ? "" : " (until " + s.expires() + ")"));
            }
        }
        if (baseline != null && baseline.contains(f)) {
            return new AuditedFinding(f, AuditedFinding.Status.BASELINED, "recorded in the baseline");
        }
        return new AuditedFinding(f, AuditedFinding.Status.OPEN, null);
    }

    /** Analysis and validation checks by NSG, so that reports can count passing ones. */
    private static List<CheckOutcome> nsgOutcomes(Topology topology, List<CatalogRule> enabled, List<Finding> findings) {
        List<CheckOutcome> out = new ArrayList<>();
        for (CatalogRule rule : enabled) {
            if (!rule.checkType().equals("analysis") && !rule.checkType().equals("validation")) {
                continue;
            }
            for (NetworkSecurityGroup nsg : topology.networkSecurityGroups()) {
                List<Finding> mine = findings.stream().filter(f -> f.id().equals(rule.id())
                        && nsg.name().equalsIgnoreCase(f.networkSecurityGroup())).toList();
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

    /**
     * A finding about an NSG, NIC or virtual network whose name the tool computed from the stand-in deployment
     * context says so: the name it shows is not the one Azure will give.
     */
    private static Finding standInNote(Finding f, Topology topology) {
        java.util.Optional<String> note = java.util.Optional.empty();
        if (f.networkSecurityGroup() != null) {
            note = topology.standIn(dev.nsgaudit.model.StandIn.NSG, f.networkSecurityGroup())
                    .map(n -> "network security group '" + f.networkSecurityGroup() + "': " + n);
        }
        String target = f.target() == null ? "" : f.target();
        if (note.isEmpty() && target.startsWith("nic:")) {
            String nic = target.substring(4);
            note = topology.standIn(dev.nsgaudit.model.StandIn.NIC, nic).map(n -> "network interface '" + nic + "': " + n);
        }
        if (note.isEmpty() && target.startsWith("subnet:") && target.indexOf('/') > 7) {
            String vnet = target.substring(7, target.indexOf('/'));
            note = topology.standIn(dev.nsgaudit.model.StandIn.VNET, vnet).map(n -> "virtual network '" + vnet + "': "
                    + n);
        }
        return note.map(n -> new Finding(f.id(), f.severity(), f.message() + " (note: " + n + ")", f.location(),
                f.networkSecurityGroup(), f.rule(), f.relatedRules(), f.witness(), f.target())).orElse(f);
    }
}
