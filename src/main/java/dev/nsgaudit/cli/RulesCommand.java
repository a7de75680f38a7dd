package dev.nsgaudit.cli;

import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code nsgaudit rules}: the built-in rule catalog. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists the built-in rule catalog.")
final class RulesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", description = "Also print description, rationale, remediation and references.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (CatalogRule r : RuleCatalog.bundled().rules()) {
            out.printf("%-28s %-8s %-20s %s%n", r.id(), r.severity().label(), r.checkType(), r.title());
            if (verbose) {
                out.println("    " + r.description());
                out.println("    Why: " + r.rationale());
                out.println("    Fix: " + r.remediation());
                for (CatalogRule.Reference ref : r.references()) {
                    out.println("    See: " + ref.title() + (ref.url() == null ? "" : " <" + ref.url() + ">"));
                }
                out.println();
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
