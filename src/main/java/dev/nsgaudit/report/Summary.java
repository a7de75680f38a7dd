package dev.nsgaudit.report;

import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.audit.AuditedFinding;
import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;

/** The one summary line of a check, as the console prints it; counts are singular when 1 ("1 error"). */
public final class Summary {

    private Summary() {
    }

    public static String line(AuditResult r) {
        long suppressed = r.findings().stream().filter(f -> f.status() == AuditedFinding.Status.SUPPRESSED).count();
        long baselined = r.findings().stream().filter(f -> f.status() == AuditedFinding.Status.BASELINED).count();
        return "summary: " + count(r.count(Severity.ERROR), "error") + ", " + count(r.count(Severity.WARNING), "warning")
                + ", " + r.count(Severity.INFO) + " info (" + suppressed + " suppressed, " + baselined
                + " baselined); policies: " + r.count(PolicyResult.Status.PASS) + " pass, "
                + r.count(PolicyResult.Status.FAIL) + " fail, " + r.count(PolicyResult.Status.INCONCLUSIVE)
                + " inconclusive";
    }

    /** {@code 1 error}, {@code 2 errors}: for nouns whose plural adds an s. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
