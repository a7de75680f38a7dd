package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.diff.DiffResult;
import dev.nsgaudit.analyze.diff.FailOn;
import dev.nsgaudit.analyze.diff.SemanticDiff;
import dev.nsgaudit.load.ConfigLoader;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.report.DiffJson;
import dev.nsgaudit.report.DiffMarkdown;
import dev.nsgaudit.report.DiffSarif;
import dev.nsgaudit.load.RepositoryRoot;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.report.DiffText;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** {@code nsgaudit diff}: what a change newly allows or denies, for pull requests (SPEC section 5, issue 12). */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What a change to the definitions newly allows or denies, per NIC and direction.",
                "nsgaudit diff BASE_PATH HEAD_PATH, or nsgaudit diff --base REF PATH... (base read from git),",
                "or nsgaudit diff PLAN.json (a Terraform plan: its prior state against its planned values).",
                "Exit 0: nothing meets --fail-on; 1: the change meets it; 2: usage error or unreadable input."})
final class DiffCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--base", paramLabel = "REF",
            description = "Read the base version of the PATHs from this git revision (the working tree is head).")
    String base;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT",
            description = "text, json, markdown, sarif (repeatable or comma-separated; default text).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Folder for nsgaudit-diff.json, nsgaudit-diff.md and nsgaudit-diff.sarif (default reports/).")
    Path out;

    @Option(names = "--fail-on", split = ",", paramLabel = "CONDITION",
            description = "internet (a newly allowed flow from the Internet), allow (any newly allowed flow),"
                    + " error (a new error finding), policy (a newly failing flow policy), exposure (a new"
                    + " internet-exposed-* finding), never;"
                    + " comma-separated (default internet,error,policy).")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "FILE|DIR",
            description = "Flow policy files or folders, evaluated on both versions (default: a policies/ folder"
                    + " beside each version's input, as check finds it; the base falls back to head's).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file for both versions (default .nsgaudit.yaml here, if any): suppressions,"
                    + " severities, disabled checks, as in check.")
    Path config;

    @Option(names = "--today", hidden = true, description = "The date used for suppression expiry (tests).")
    LocalDate today;

    @Mixin
    LoadOptions load = new LoadOptions();

    @Parameters(paramLabel = "PATH", arity = "1..*",
            description = "BASE_PATH HEAD_PATH, or with --base the head PATHs (files or folders), or one Terraform plan.")
    List<Path> paths = new ArrayList<>();

    /** Set when the one PATH is a Terraform plan: before is its prior_state, after its planned values. */
    private boolean planAlone;

    private static final Set<String> FORMATS = Set.of("text", "json", "markdown", "sarif");
    private static final Set<String> CONDITIONS = FailOn.ALL;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> wanted = choices(formats, FORMATS, "text", "--format", err);
        Set<String> conditions = choices(failOn, CONDITIONS, FailOn.DEFAULT, "--fail-on", err);
        if (wanted == null || conditions == null) {
            return ExitCodes.INPUT_ERROR;
        }
        // One Terraform plan: its prior state is the base, its planned values the head.
        planAlone = base == null && paths.size() == 1 && InputLoader.isTerraformPlan(paths.get(0));
        if (base == null && paths.size() != 2 && !planAlone) {
            err.println("nsgaudit diff: give BASE_PATH and HEAD_PATH, or --base REF with the head PATHs");
            return ExitCodes.INPUT_ERROR;
        }
        List<Finding> configProblems = new ArrayList<>();
        AuditConfig cfg = AuditConfig.DEFAULT;
        Path configFile = config != null ? config
                : Files.isRegularFile(Path.of(".nsgaudit.yaml")) ? Path.of(".nsgaudit.yaml") : null;
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                err.println(Printable.line("nsgaudit diff: config file " + configFile + " not found"));
                return ExitCodes.INPUT_ERROR;
            }
            cfg = ConfigLoader.load(configFile, configProblems);
            configProblems.forEach(f -> err.println(Printable.line(f.toLine())));
            if (configProblems.stream().anyMatch(ExitCodes::unusable)) {
                return ExitCodes.INPUT_ERROR;
            }
        }
        try {
            if (planAlone) {
                List<Path> planPolicies = policies.isEmpty() ? DiffChecks.policiesBeside(paths) : policies;
                return diff(paths, paths, UnaryOperator.identity(), planPolicies, planPolicies, cfg, wanted,
                        conditions, stdout, err);
            }
            if (base == null) {
                List<Path> headPolicies = policies.isEmpty() ? DiffChecks.policiesBeside(List.of(paths.get(1)))
                        : policies;
                List<Path> basePolicies = policies.isEmpty() ? DiffChecks.policiesBeside(List.of(paths.get(0)))
                        : policies;
                return diff(List.of(paths.get(0)), List.of(paths.get(1)), UnaryOperator.identity(),
                        basePolicies.isEmpty() ? headPolicies : basePolicies, headPolicies, cfg, wanted,
                        conditions, stdout, err);
            }
            try (GitBase git = GitBase.checkout(base, paths)) {
                List<Path> headPolicies = policies.isEmpty() ? DiffChecks.policiesBeside(paths) : policies;
                List<Path> basePolicies = policies.isEmpty() ? DiffChecks.policiesBeside(git.paths) : policies;
                if (basePolicies.isEmpty() && !headPolicies.isEmpty()) {
                    basePolicies = git.fetch(headPolicies.get(0)).map(List::of).orElse(headPolicies);
                }
                return diff(git.paths, paths, git::rewrite, basePolicies, headPolicies, cfg, wanted, conditions,
                        stdout, err);
            }
        } catch (InputException e) {
            err.println("nsgaudit diff: " + Printable.line(e.getMessage()));
            return ExitCodes.INPUT_ERROR;
        }
    }

    private int diff(List<Path> basePaths, List<Path> headPaths, UnaryOperator<String> baseNames,
                     List<Path> basePolicies, List<Path> headPolicies, AuditConfig cfg, Set<String> wanted,
                     Set<String> conditions, PrintWriter stdout, PrintWriter err) {
        Workspace before = planAlone ? Workspace.loadPriorState(inputs(basePaths)) : Workspace.load(inputs(basePaths));
        Workspace after = Workspace.load(inputs(headPaths));
        for (Finding f : before.problems) {
            err.println(Printable.line("base: " + baseNames.apply(f.toLine())));
        }
        for (Finding f : after.problems) {
            err.println(Printable.line("head: " + f.toLine()));
        }
        err.flush();
        if (before.unusable() || after.unusable()) {
            return ExitCodes.INPUT_ERROR;
        }
        // Compared beside base's audit; without rule findings: DiffChecks compares check's findings of both versions.
        Supplier<DiffResult> packets = () -> new SemanticDiff(before.topology, after.topology, after.serviceTags)
                .withoutRuleFindings().compute();
        DiffChecks.Outcome checked = DiffChecks.apply(packets,
                new DiffChecks.Version(before, basePolicies, !policies.isEmpty()),
                new DiffChecks.Version(after, headPolicies, !policies.isEmpty()), cfg,
                today != null ? today : LocalDate.now(), baseNames,
                // The bundled tags, or one --service-tags file read for both versions in this run.
                before.serviceTags == after.serviceTags || load.serviceTags != null);
        for (Finding f : checked.baseProblems()) {
            err.println(Printable.line("base: " + baseNames.apply(f.toLine())));
        }
        for (Finding f : checked.headProblems()) {
            err.println(Printable.line("head: " + f.toLine()));
        }
        err.flush();
        if (checked.baseProblems().stream().anyMatch(ExitCodes::unusable)
                || checked.headProblems().stream().anyMatch(ExitCodes::unusable)) {
            return ExitCodes.INPUT_ERROR;
        }
        DiffResult result = checked.result();
        try {
            if (wanted.contains("json") || wanted.contains("markdown") || wanted.contains("sarif")) {
                Files.createDirectories(out);
            }
            for (String format : wanted) {
                switch (format) {
                    case "text" -> DiffText.lines(result).forEach(stdout::println);
                    case "json" -> write("nsgaudit-diff.json", Json.pretty(DiffJson.of(result)) + "\n");
                    case "markdown" -> write("nsgaudit-diff.md", DiffMarkdown.of(result));
                    case "sarif" -> write("nsgaudit-diff.sarif", Json.pretty(DiffSarif.of(result, after.topology,
                            new FailOn(conditions), RuleCatalog.bundled(), RepositoryRoot.of(headPaths.get(0)))) + "\n");
                    default -> throw new IllegalStateException(format);
                }
            }
        } catch (IOException e) {
            err.println(Printable.line("nsgaudit diff: cannot write reports to " + out + ": " + IoMessages.why(e)
                    + "; give another --out"));
            return ExitCodes.INPUT_ERROR;
        }
        stdout.flush();
        return new FailOn(conditions).failedBy(result) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }


    private InputOptions inputs(List<Path> paths) {
        InputOptions o = new InputOptions();
        o.load = load;
        o.paths = paths;
        return o;
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(out.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The lower-cased values, checked against the allowed ones; null (after one line on stderr) when one is not. */
    private static Set<String> choices(List<String> given, Set<String> allowed, String otherwise, String option,
                                       PrintWriter err) {
        Set<String> out = new LinkedHashSet<>();
        List<String> values = given.isEmpty() ? List.of(otherwise.split(",")) : given;
        for (String v : values) {
            String name = v.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(name)) {
                err.println("nsgaudit diff: unknown " + option + " value '" + Printable.line(v) + "'; use "
                        + String.join(", ", allowed.stream().sorted().toList()));
                return null;
            }
            out.add(name);
        }
        return out;
    }
}
