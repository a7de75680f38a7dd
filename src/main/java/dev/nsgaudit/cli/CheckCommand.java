package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.PhaseTimings;
import dev.nsgaudit.audit.Audit;
import dev.nsgaudit.model.AuditConfig;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.audit.Baseline;
import dev.nsgaudit.rules.RuleCatalog;
import dev.nsgaudit.load.ConfigLoader;
import dev.nsgaudit.rules.FindingIds;
import dev.nsgaudit.load.RepositoryRoot;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.load.SuppressionTargets;
import dev.nsgaudit.load.YamlLoader;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Policy;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.report.CheckJson;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.report.Printable;
import dev.nsgaudit.report.ReportModel;
import dev.nsgaudit.report.RunInfo;
import dev.nsgaudit.report.Summary;
import dev.nsgaudit.report.Sarif;
import dev.nsgaudit.report.Templates;
import dev.nsgaudit.report.TextReport;
import dev.nsgaudit.report.ToolVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code nsgaudit check}: lint, analysis, exposure checks and flow policies, with reports and a CI exit code. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks the inputs: the rule catalog, shadowed/redundant rules, exposures and flow policies.",
                "Exit 0: nothing at or above --fail-on; 1: findings or failed/inconclusive policies at or above it;"
                        + " 2: bad usage or input that could not be read or used (unresolved values are findings).",
                ""})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    InputOptions inputs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", paramLabel = "FILE|DIR",
            description = "Flow policy files or folders (default: a policies/ folder in the first input folder or"
                    + " beside the input file, else beside the config file; never the current folder's).")
    List<Path> policies = new ArrayList<>();

    @Option(names = "--format", split = ",", paramLabel = "FORMAT",
            description = "text, json, html, junit, sarif (repeatable or comma-separated; default text).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR|-", defaultValue = "reports",
            description = "Folder for the report files (default reports/); '-' writes the one requested format"
                    + " to standard output.")
    Path out;

    @Option(names = {"-q", "--quiet"},
            description = "Print nothing on the console for file formats: no summary line, no list of files written.")
    boolean quiet;

    @Option(names = "--check", split = ",", paramLabel = "ID",
            description = "Run only these checks (ids of `nsgaudit rules`; repeatable or comma-separated).")
    List<String> onlyChecks = new ArrayList<>();

    @Option(names = "--skip-check", split = ",", paramLabel = "ID",
            description = "Do not run these checks (repeatable or comma-separated).")
    List<String> skipChecks = new ArrayList<>();

    @Option(names = "--severity", paramLabel = "error|warning|info",
            description = "Report and count only findings and policies at or above this severity.")
    String severity;

    @Option(names = "--fail-on", paramLabel = "error|warning|info|never",
            description = "Lowest severity that fails the run (default error, or failOn of the config file).")
    String failOn;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default .nsgaudit.yaml here, if any).")
    Path config;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Known findings (recorded with --create-baseline): only new findings fail. The file must exist.")
    Path baseline;

    @Option(names = "--create-baseline", paramLabel = "FILE",
            description = "Records the open findings in FILE (replacing it); later runs with --baseline FILE fail only"
                    + " on new findings.")
    Path createBaseline;

    /** SOURCE_DATE_EPOCH (reproducible builds): the time the HTML report shows instead of the clock's. */
    @Option(names = "--source-date-epoch", hidden = true, defaultValue = "${env:SOURCE_DATE_EPOCH}",
            description = "Seconds since 1970 for the report time (default: the SOURCE_DATE_EPOCH variable).")
    String sourceDateEpoch;

    /** Per-phase wall and CPU time on stderr, for the benchmarks (bench/README.md); not part of the contract. */
    @Option(names = "--timings", hidden = true, description = "Print the wall and CPU time of each phase on stderr.")
    boolean timings;

    @Option(names = "--today", hidden = true, description = "The date used for suppression expiry (tests).")
    LocalDate today;

    private static final Set<String> FORMATS = Set.of("text", "json", "html", "junit", "sarif");

    @Override
    public Integer call() {
        if (timings) {
            PhaseTimings.enable(spec.commandLine().getErr());
        }
        try {
            return run();
        } finally {
            PhaseTimings.printTotals();
        }
    }

    private Integer run() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> wanted = new LinkedHashSet<>();
        for (String f : formats) {
            String name = f.trim().toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(name)) {
                err.println("nsgaudit check: unknown format '" + f + "'; use text, json, html, junit or sarif");
                return ExitCodes.INPUT_ERROR;
            }
            wanted.add(name);
        }
        if (wanted.isEmpty()) {
            wanted.add("text");
        }
        boolean toStdout = out.toString().equals("-");
        if (toStdout && wanted.size() > 1) {
            err.println("nsgaudit check: --out - writes one format to standard output, not " + String.join(",", wanted)
                    + "; give one --format or an --out folder");
            return ExitCodes.INPUT_ERROR;
        }
        CheckFilters filters;
        try {
            filters = CheckFilters.parse(onlyChecks, skipChecks, severity);
        } catch (IllegalArgumentException e) {
            err.println(Printable.line("nsgaudit check: " + e.getMessage()));
            return ExitCodes.INPUT_ERROR;
        }
        List<Finding> configProblems = new ArrayList<>();
        AuditConfig cfg = AuditConfig.DEFAULT;
        Path configFile = config != null ? config : Files.isRegularFile(Path.of(".nsgaudit.yaml")) ? Path.of(".nsgaudit.yaml") : null;
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                err.println("nsgaudit check: config file " + configFile + " not found");
                return ExitCodes.INPUT_ERROR;
            }
            cfg = ConfigLoader.load(configFile, configProblems);
        }
        cfg = filters.apply(cfg);
        if (sourceDateEpoch != null && !sourceDateEpoch.isBlank() && !sourceDateEpoch.trim().matches("[0-9]{1,12}")) {
            err.println(Printable.line("nsgaudit check: SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01,"
                    + " not '" + sourceDateEpoch + "'; unset it or give such a number"));
            return ExitCodes.INPUT_ERROR;
        }
        if (baseline != null && createBaseline != null) {
            err.println("nsgaudit check: give either --baseline (read) or --create-baseline (record), not both");
            return ExitCodes.INPUT_ERROR;
        }
        Severity threshold;
        String failOnText = failOn != null ? failOn : cfg.failOn() != null ? cfg.failOn() : "error";
        try {
            threshold = failOnText.equalsIgnoreCase("never") ? null : Severity.parse(failOnText);
        } catch (IllegalArgumentException e) {
            err.println("nsgaudit check: --fail-on must be error, warning, info or never, not '" + failOnText + "'");
            return ExitCodes.INPUT_ERROR;
        }
        boolean progress = System.console() != null;
        if (progress) {
            err.print("nsgaudit: loading inputs...\r");
            err.flush();
        }
        Workspace ws;
        try {
            ws = Workspace.load(inputs);
        } catch (InputException e) {
            return Workspace.inputError(err, e);
        }
        List<Finding> problems = new ArrayList<>(configProblems);
        List<Path> policyPaths = policyPaths(configFile);
        for (Finding f : ws.problems) {
            // A file given both as input and with --policy has its policies checked: no warning then.
            if (!(f.message().equals(YamlLoader.POLICIES_NOT_READ) && policyPaths.stream()
                    .anyMatch(p -> Path.of(f.location().file()).toAbsolutePath().normalize()
                            .startsWith(p.toAbsolutePath().normalize())))) {
                problems.add(f);
            }
        }
        // Suppressions from ARM metadata; the config file's are checked where they are written.
        FindingIds.checkSuppressions(ws.topology.suppressions(), problems);
        SuppressionTargets.check(cfg.suppressions(), ws.topology, problems);
        SuppressionTargets.check(ws.topology.suppressions(), ws.topology, problems);
        List<Policy> policyList = PhaseTimings.time("policies, suppressions read",
                () -> PolicyInputs.load(policyPaths, !policies.isEmpty(), ws.topology, problems));
        Baseline known = null;
        // Recording and reading are separate options: a missing baseline must not silently record and pass.
        boolean recordBaseline = createBaseline != null;
        if (baseline != null) {
            try {
                known = Baseline.read(baseline);
            } catch (InputException e) {
                return Workspace.inputError(err, e);
            }
        }
        if (progress) {
            err.print("nsgaudit: analysing " + Summary.count(ws.topology.networkSecurityGroups().size(), "NSG")
                    + " and " + policyList.size() + (policyList.size() == 1 ? " policy" : " policies") + "...\r");
            err.flush();
        }
        AuditResult result = filters.apply(Audit.run(ws.topology, ws.serviceTags, problems, policyList, cfg, known,
                today != null ? () -> today : LocalDate::now));
        if (progress) {
            err.print(" ".repeat(72) + "\r");
            err.flush();
        }
        if (recordBaseline) {
            if (result.inputErrors()) {
                err.println("nsgaudit: no baseline recorded: the input could not be read");
            } else {
                try {
                    result = recordBaseline(result);
                } catch (InputException e) {
                    return Workspace.inputError(err, e); // one line, not an internal error
                }
            }
        }
        List<Path> written;
        try {
            AuditResult audited = result;
            written = PhaseTimings.time("report", () -> {
                try {
                    return write(audited, wanted, ws, stdout, toStdout, threshold);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException unchecked) {
            IOException e = unchecked.getCause();
            err.println(Printable.line("nsgaudit check: cannot write reports to " + out + ": " + IoMessages.why(e)
                    + "; give another --out"));
            return ExitCodes.INPUT_ERROR;
        }
        if (!wanted.contains("text") && !quiet) {
            // Files only: the console still says what was found and where the reports are (stderr when stdout
            // carries the report itself).
            PrintWriter console = toStdout ? err : stdout;
            console.println(Summary.line(result));
            written.forEach(p -> console.println("wrote " + Printable.line(p.toString())));
            console.flush();
        }
        if (result.inputErrors()) {
            if (!wanted.contains("text")) {
                // The reports are files: still say on the console why the input could not be read.
                result.findings().stream().map(AuditedFinding::finding)
                        .filter(ExitCodes::unusable)
                        .forEach(f -> err.println(Printable.line(f.toLine())));
            }
            return ExitCodes.INPUT_ERROR;
        }
        return result.failsAt(threshold) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /**
     * Writes today's open findings to the --create-baseline file and returns the result with them baselined, so
     * that the reports and the exit code of the recording run agree: a baseline covers findings, not policies,
     * which still fail at the threshold.
     */
    private AuditResult recordBaseline(AuditResult result) {
        List<AuditedFinding> open = result.findings().stream().filter(AuditedFinding::open).toList();
        Baseline.write(createBaseline, open.stream().map(AuditedFinding::finding).toList());
        spec.commandLine().getErr().println(Printable.line("nsgaudit: baseline of "
                + Summary.count(open.size(), "finding") + " recorded in " + createBaseline + "; with --baseline "
                + createBaseline + " later runs fail only on new findings"));
        List<AuditedFinding> marked = result.findings().stream().map(a -> a.open()
                ? new AuditedFinding(a.finding(), AuditedFinding.Status.BASELINED, "recorded in the baseline now") : a)
                .toList();
        return new AuditResult(marked, result.policies(), result.policySeverities(), result.outcomes(),
                result.assumptions(), result.inputErrors());
    }

    /**
     * Explicit --policy paths, else a policies/ folder in the first input folder that has one (beside an input
     * file), else beside the config file. Never the current folder's own: it may belong to another project.
     */
    private List<Path> policyPaths(Path configFile) {
        if (!policies.isEmpty()) {
            return policies;
        }
        for (Path p : inputs.paths) {
            Path beside = Files.isDirectory(p) ? p.resolve("policies") : p.toAbsolutePath().getParent().resolve("policies");
            if (Files.isDirectory(beside)) {
                return List.of(beside);
            }
        }
        if (configFile != null) {
            Path beside = configFile.toAbsolutePath().getParent().resolve("policies");
            if (Files.isDirectory(beside)) {
                return List.of(configFile.resolveSibling("policies"));
            }
        }
        return List.of();
    }

    /** Writes the reports; returns the files written (none for text and for --out -). */
    private List<Path> write(AuditResult result, Set<String> wanted, Workspace ws, PrintWriter stdout,
                             boolean toStdout, Severity threshold) throws IOException {
        RuleCatalog catalog = RuleCatalog.bundled();
        boolean files = !toStdout && wanted.stream().anyMatch(f -> !f.equals("text"));
        if (files) {
            Files.createDirectories(out);
        }
        RunInfo run = wanted.contains("html") || wanted.contains("junit") ? runInfo(threshold) : null;
        List<Path> written = new ArrayList<>();
        for (String format : wanted) {
            String name;
            String content;
            switch (format) {
                case "text" -> {
                    boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
                    TextReport.lines(result, color, false).forEach(stdout::println);
                    continue;
                }
                case "json" -> {
                    written.addAll(stream("nsgaudit.json", g -> CheckJson.write(result, g), stdout, toStdout));
                    continue;
                }
                case "sarif" -> {
                    var sarif = Sarif.of(result, catalog, RepositoryRoot.of(inputs.paths.get(0)));
                    written.addAll(stream("nsgaudit.sarif", g -> g.writeTree(sarif), stdout, toStdout));
                    continue;
                }
                case "junit" -> {
                    name = "nsgaudit-junit.xml";
                    content = Templates.render("junit.xml.ftlx", ReportModel.of(result, ws.topology, catalog, run));
                }
                case "html" -> {
                    name = "nsgaudit.html";
                    content = Templates.render("report.html.ftlh", ReportModel.of(result, ws.topology, catalog, run));
                }
                default -> throw new IllegalStateException(format);
            }
            if (toStdout) {
                stdout.print(content);
            } else {
                Path file = out.resolve(name);
                Files.writeString(file, content, StandardCharsets.UTF_8);
                written.add(file);
            }
        }
        stdout.flush();
        return written;
    }

    /**
     * A JSON report written as it is made (the largest estate's is hundreds of megabytes: never held as a string);
     * returns the file written, none for standard output.
     */
    private List<Path> stream(String name, Json.Streamed report, PrintWriter stdout, boolean toStdout)
            throws IOException {
        if (toStdout) {
            Json.writePretty(report, stdout);
            return List.of();
        }
        Path file = out.resolve(name);
        try (java.io.Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Json.writePretty(report, w);
        }
        return List.of(file);
    }

    /** The run as the reports record it: time (SOURCE_DATE_EPOCH when set), version, inputs and their commits. */
    private RunInfo runInfo(Severity threshold) {
        boolean fixed = sourceDateEpoch != null && !sourceDateEpoch.isBlank();
        Instant at = fixed ? Instant.ofEpochSecond(Long.parseLong(sourceDateEpoch.trim())) : Instant.now();
        List<RunInfo.Input> in = inputs.paths.stream()
                .map(p -> new RunInfo.Input(p.toString(), GitCommits.of(p))).toList();
        return new RunInfo(in, threshold, ToolVersion.version(), at, fixed);
    }
}
