package dev.nsgaudit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsgaudit.report.Json;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code nsgaudit rules}: the built-in rule catalog, every finding id the tool can report. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Lists the built-in rule catalog: every"
        + " finding id with its kind (check, input, policy), default severity and documentation.")
final class RulesCommand implements Callable<Integer> {

    enum Format { TEXT, JSON }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", description = "Also print description, rationale, remediation and references.")
    boolean verbose;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text (default): one line per id; json: the whole catalog, for scripts.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.JSON) {
            out.print(Json.pretty(json(RuleCatalog.bundled())) + "\n");
            out.flush();
            return ExitCodes.OK;
        }
        for (CatalogRule r : RuleCatalog.bundled().entries()) {
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

    /**
     * {@code {"rules": [...]}}, sorted by id, keys in a fixed order; checkType only for checks, traffic only for the
     * checks that ask about traffic, url only for references that have one.
     */
    static ObjectNode json(RuleCatalog catalog) {
        ObjectNode root = Json.object();
        ArrayNode rules = root.putArray("rules");
        for (CatalogRule r : catalog.entries()) {
            ObjectNode o = rules.addObject();
            o.put("id", r.id());
            o.put("kind", r.kind().label());
            if (r.isCheck()) {
                o.put("checkType", r.checkType());
            }
            o.put("defaultSeverity", r.severity().label());
            o.put("title", r.title());
            o.put("description", r.description());
            o.put("rationale", r.rationale());
            o.put("remediation", r.remediation());
            ArrayNode refs = o.putArray("references");
            for (CatalogRule.Reference ref : r.references()) {
                ObjectNode ro = refs.addObject().put("title", ref.title());
                if (ref.url() != null) {
                    ro.put("url", ref.url());
                }
            }
            if (!r.traffic().isEmpty()) {
                ArrayNode traffic = o.putArray("traffic");
                r.traffic().forEach(t -> traffic.addObject().put("protocol", t.protocol()).put("ports", t.ports()));
            }
        }
        return root;
    }
}
