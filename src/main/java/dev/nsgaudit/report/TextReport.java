package dev.nsgaudit.report;

import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.rules.CatalogRule;
import dev.nsgaudit.rules.RuleCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console form of a check: one line per open finding (findings of one rule that differ only by protocol or
 * layer share a line, see {@link FindingGroups}), each followed by what to do (the catalog's remediation, first
 * sentence) and where to read more (its first reference), then one line per policy and a summary.
 */
public final class TextReport {

    /** The indent of the lines under a finding, as Checkov writes its "Guide". */
    static final String UNDER = "    ";

    private TextReport() {
    }

    public static List<String> lines(AuditResult r, boolean color, boolean showAccepted) {
        return lines(r, RuleCatalog.bundled(), color, showAccepted);
    }

    public static List<String> lines(AuditResult r, RuleCatalog catalog, boolean color, boolean showAccepted) {
        List<String> out = new ArrayList<>();
        List<AuditedFinding> shown = r.findings().stream().filter(a -> a.open() || showAccepted).toList();
        for (FindingGroups.Group g : FindingGroups.of(shown)) {
            AuditedFinding a = g.first();
            Finding f = a.finding();
            String where = f.location().isKnown() ? Printable.line(f.location() + ": ") : "";
            String sev = paint(f.severity().label(), f.severity(), color);
            // One finding, one line: names and notes from the input may hold line breaks and escape sequences.
            out.add(where + sev + " [" + f.id() + "] " + Printable.line(g.message() + (a.open() ? ""
                    : " (" + a.status().label() + ": " + a.note() + ")")));
            Optional<CatalogRule> rule = catalog.rule(f.id());
            if (rule.isPresent()) {
                String fix = firstSentence(rule.get().remediation());
                if (!fix.isEmpty()) {
                    out.add(UNDER + "fix: " + fix);
                }
                guide(rule.get()).ifPresent(ref -> out.add(UNDER + "guide: " + ref));
            }
        }
        for (int i = 0; i < r.policies().size(); i++) {
            PolicyResult p = r.policies().get(i);
            String status = p.status().label().toUpperCase();
            Severity sev = p.status() == PolicyResult.Status.PASS ? null : r.policySeverities().get(i);
            String where = p.policy().source().isKnown() ? Printable.line(p.policy().source() + ": ") : "";
            out.add(where + "policy " + (sev == null ? status : paint(status, sev, color)) + " "
                    + Printable.line(p.policy().name() + ": " + p.message()));
        }
        out.add(Summary.line(r));
        for (String a : r.assumptions()) {
            out.add("assumption: " + Printable.line(a));
        }
        return out;
    }

    /** The first sentence of the remediation, on one line: the console gives what to do, the catalog the rest. */
    static String firstSentence(String text) {
        if (text == null) {
            return "";
        }
        String flat = text.strip().replaceAll("\\s+", " ");
        int end = flat.indexOf(". ");
        return end < 0 ? flat : flat.substring(0, end + 1);
    }

    /** The first reference with an address (else the first one by title): where to read more. */
    static Optional<String> guide(CatalogRule rule) {
        for (CatalogRule.Reference ref : rule.references()) {
            if (ref.url() != null && !ref.url().isBlank()) {
                return Optional.of(ref.url() + " (" + ref.title() + ")");
            }
        }
        return rule.references().stream().findFirst().map(CatalogRule.Reference::title);
    }

    private static String paint(String text, Severity s, boolean color) {
        if (!color) {
            return text;
        }
        String code = switch (s) {
            case ERROR -> "31";
            case WARNING -> "33";
            case INFO -> "36";
        };
        return "\u001b[" + code + "m" + text + "\u001b[0m";
    }
}
