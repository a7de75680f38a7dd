package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.PhaseTimings;
import dev.nsgaudit.analyze.rules.RuleValidator;
import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.model.InputException;
import dev.nsgaudit.load.AdminRuleValidator;
import dev.nsgaudit.load.InputLoader;
import dev.nsgaudit.load.LoadResult;
import dev.nsgaudit.semantics.ServiceTags;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.report.Printable;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded input of one command: the model, the service tags, and every problem found while loading and
 * validating. Problems are printed to stderr one line each; those that leave the input unusable make the exit
 * code 2 (see {@link ExitCodes}).
 */
final class Workspace {

    final Topology topology;
    final ServiceTags serviceTags;
    final List<Finding> problems;

    private Workspace(Topology topology, ServiceTags serviceTags, List<Finding> problems) {
        this.topology = topology;
        this.serviceTags = serviceTags;
        this.problems = problems;
    }

    /** Throws InputException when the service tag file itself cannot be read. */
    static Workspace load(InputOptions options) {
        return of(PhaseTimings.time("load", () -> InputLoader.load(options.paths, options.load.armOptions())),
                options);
    }

    /** The state the one Terraform plan of {@code options} starts from (for {@code diff plan.json}). */
    static Workspace loadPriorState(InputOptions options) {
        return of(InputLoader.loadPriorState(options.paths.get(0)), options);
    }

    private static Workspace of(LoadResult loaded, InputOptions options) {
        ServiceTags tags = options.load.serviceTags != null ? ServiceTags.fromFile(options.load.serviceTags) : ServiceTags.bundled();
        List<Finding> problems = new ArrayList<>(loaded.problems());
        problems.addAll(PhaseTimings.time("validate", () -> {
            List<Finding> found = new ArrayList<>(new RuleValidator(tags, loaded.topology()).validate());
            found.addAll(AdminRuleValidator.validate(loaded.topology(), tags));
            return found;
        }));
        return new Workspace(loaded.topology(), tags, problems);
    }

    FlowEvaluator evaluator() {
        return new FlowEvaluator(topology, serviceTags);
    }

    /** True when some input could not be read or used (exit 2); unresolved values are not that. */
    boolean unusable() {
        return problems.stream().anyMatch(ExitCodes::unusable);
    }

    void printProblems(PrintWriter err) {
        for (Finding f : problems) {
            err.println(Printable.line(f.toLine())); // names from the input may hold line breaks and escapes
        }
        err.flush();
    }

    static int inputError(PrintWriter err, InputException e) {
        err.println("nsgaudit: " + Printable.line(e.getMessage()));
        return ExitCodes.INPUT_ERROR;
    }
}
