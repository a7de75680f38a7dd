package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.RuleFindingsOnce;
import dev.nsgaudit.analyze.diff.PolicyChanges;
import dev.nsgaudit.audit.Audit;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.load.PolicyLoader;
import dev.nsgaudit.load.PolicyValidator;
import dev.nsgaudit.load.SuppressionTargets;
import dev.nsgaudit.load.YamlLoader;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.SourceRef;
import dev.nsgaudit.rules.FindingIds;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * What {@code check} would say of each version, for {@code diff}: its open findings (rule analysis, layers, exposure,
 * lint, with the config's and ARM metadata's suppressions) and the flow policies evaluated on both (newly failing,
 * passing, inconclusive), with the same discovery and the same audit as {@code check}.
 *
 * <p>The base's policies are its own (a {@code policies/} folder beside the base input, or in git mode the one of the
 * revision) where it has them, else head's. A policy naming what the base does not define (a NIC the change adds)
 * cannot be evaluated there: it counts as absent in base and a note says so, instead of the input error it is in
 * head.
 */
final class DiffChecks {

    /** One version's input and where its policies are. */
    record Version(Workspace workspace, List<Path> policyPaths, boolean explicit) {
    }

    /** The diff with the checks' changes, and the problems to print (head's, with base's own policy files'). */
    record Outcome(DiffResult result, List<Finding> baseProblems, List<Finding> headProblems) {
    }

    private DiffChecks() {
    }

    /**
     * The {@code policies/} folder of the first input folder that has one (beside an input file), as {@code check}
     * finds it; empty when none has one.
     */
    static List<Path> policiesBeside(List<Path> inputs) {
        for (Path p : inputs) {
            Path abs = p.toAbsolutePath();
            Path beside = Files.isDirectory(p) ? p.resolve("policies")
                    : abs.getParent() == null ? null : abs.getParent().resolve("policies");
            if (beside != null && Files.isDirectory(beside)) {
                return List.of(beside);
            }
        }
        return List.of();
    }

    /**
     * The diff with check's findings compared (open ones: suppressions apply) and the policy changes;
     * {@code baseFiles} names the base's files as the user knows them (git mode: {@code REF:path}).
     *
     * <p>{@code packets} (the packet comparison) and head's audit run on the calling thread while base's audit runs
     * on a thread of its own ({@link BaseAudit}); head's rule findings wait only for base's. Each audit is a function
     * of its version, whichever thread runs it, so the outcome is the one of the audits run one after the other.
     */
    static Outcome apply(Supplier<DiffResult> packets, Version base, Version head, AuditConfig config,
                         LocalDate today, UnaryOperator<String> baseFiles, boolean sameServiceTags) {
        List<Finding> headProblems = new ArrayList<>();
        List<Policy> headPolicies = loadPolicies(head, headProblems);
        List<Finding> baseProblems = new ArrayList<>();
        List<Finding> basePolicyProblems = new ArrayList<>();
        List<Policy> baseRead = new ArrayList<>();
        for (Path p : base.policyPaths()) {
            baseRead.addAll(PolicyLoader.load(p, basePolicyProblems));
        }
        List<Policy> basePolicies = PolicyValidator.validate(baseRead, base.workspace().topology, basePolicyProblems);
        boolean ownFiles = !base.policyPaths().equals(head.policyPaths());
        List<String> notes = new ArrayList<>();
        Set<Policy> kept = new HashSet<>(basePolicies);
        for (Policy p : baseRead) {
            if (!kept.contains(p) && basePolicyProblems.stream().anyMatch(f -> f.id().equals("dangling-reference")
                    && f.location().equals(p.source()))) {
                notes.add("policy " + p.name() + " is not evaluated in base: it names what base does not define,"
                        + " so it counts as absent there");
            }
        }
        for (Finding f : basePolicyProblems) {
            // Head's own files are reported once, as head's; a dangling name in base is the note above.
            if (ownFiles && !f.id().equals("dangling-reference")) {
                baseProblems.add(f);
            }
        }
        // Each version's rule findings once; an NSG's once for both where nothing they read changed.
        RuleFindingsOnce once = new RuleFindingsOnce(base.workspace().topology, head.workspace().topology,
                sameServiceTags);
        BaseAudit baseAudit = BaseAudit.start(once, ruleFindings -> audit(base.workspace(), basePolicies, config,
                today, ruleFindings));
        DiffResult diff;
        AuditResult after;
        try {
            diff = packets.get();
            after = audit(head.workspace(), headPolicies, config, today, analyzer -> {
                once.headAhead(analyzer); // what reads nothing of base's, while base's findings may still run
                baseAudit.awaitRuleFindings();
                return once.head(analyzer);
            });
        } catch (RuntimeException | Error e) {
            baseAudit.abandon();
            throw e;
        }
        AuditResult before = baseAudit.result();
        List<Finding> baseOpen = open(before).stream().map(f -> renamed(f, baseFiles)).toList();
        DiffResult out = diff.withChecks(baseOpen, open(after), PolicyChanges.compare(before.policies(),
                after.policies(), after.policySeverities()), notes);
        return new Outcome(out, baseProblems, headProblems);
    }

    private static List<Finding> open(AuditResult r) {
        return r.findings().stream().filter(AuditedFinding::open).map(AuditedFinding::finding).toList();
    }

    private static Finding renamed(Finding f, UnaryOperator<String> files) {
        if (!f.location().isKnown()) {
            return f;
        }
        SourceRef at = new SourceRef(files.apply(f.location().file()), f.location().line(), f.location().column());
        return new Finding(f.id(), f.severity(), f.message(), at, f.networkSecurityGroup(), f.rule(),
                f.relatedRules(), f.witness(), f.target());
    }

    private static List<Policy> loadPolicies(Version v, List<Finding> problems) {
        return PolicyInputs.load(v.policyPaths(), v.explicit(), v.workspace().topology, problems);
    }

    /** The version as {@code check} audits it: its problems, the config's suppressions and ARM metadata's. */
    private static AuditResult audit(Workspace ws, List<Policy> policies, AuditConfig config, LocalDate today,
                                     Function<Analyzer, List<Finding>> ruleFindings) {
        List<Finding> problems = new ArrayList<>();
        for (Finding f : ws.problems) {
            if (!f.message().equals(YamlLoader.POLICIES_NOT_READ)) {
                problems.add(f);
            }
        }
        FindingIds.checkSuppressions(ws.topology.suppressions(), problems);
        SuppressionTargets.check(config.suppressions(), ws.topology, problems);
        SuppressionTargets.check(ws.topology.suppressions(), ws.topology, problems);
        return Audit.run(ws.topology, ws.serviceTags, problems, policies, config, null, today, ruleFindings);
    }
}
