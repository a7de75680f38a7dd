package dev.nsgaudit.report;

import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;

import java.util.ArrayList;
import java.util.List;

/** The console form of a check: one line per open finding and per policy, then a summary. */
public final class TextReport {

    private TextReport() {
    }

    public static List<String> lines(AuditResult r, boolean color, boolean showAccepted) {
        List<String> out = new ArrayList<>();
        for (AuditedFinding a : r.findings()) {
            if (!a.open() && !showAccepted) {
                continue;
            }
            Finding f = a.finding();
            String where = f.location().isKnown() ? Printable.line(f.location() + ": ") : "";
            String sev = paint(f.severity().label(), f.severity(), color);
            // One finding, one line: names and notes from the input may hold line breaks and escape sequences.
            out.add(where + sev + " [" + f.id() + "] " + Printable.line(f.message() + (a.open() ? ""
                    : " (" + a.status().label() + ": " + a.note() + ")")));
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
