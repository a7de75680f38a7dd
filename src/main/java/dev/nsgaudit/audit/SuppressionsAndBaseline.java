package dev.nsgaudit.audit;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Suppression;
import dev.nsgaudit.rules.Findings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the user said about findings: a suppression that is active on the day of the run suppresses the findings
 * it covers (with its reason), a finding recorded in the baseline is baselined, every other one is open. A
 * suppression that has expired suppresses nothing and is itself reported, so that it is not forgotten.
 */
final class SuppressionsAndBaseline {

    private final List<Suppression> suppressions;
    private final Baseline baseline;
    private final Supplier<LocalDate> day;
    private LocalDate today;

    /** @param baseline null when no baseline is used */
    SuppressionsAndBaseline(List<Suppression> suppressions, Baseline baseline, LocalDate today) {
        this(suppressions, baseline, () -> today);
    }

    /**
     * @param day asked once, and only when a suppression has a last day: the system's date loads the time zone
     *     rules, a measurable part of a short run (issue 14) that a run with no expiring suppression does not need
     */
    SuppressionsAndBaseline(List<Suppression> suppressions, Baseline baseline, Supplier<LocalDate> day) {
        this.suppressions = List.copyOf(suppressions);
        this.baseline = baseline;
        this.day = day;
    }

    private boolean active(Suppression s) {
        if (s.expires() == null) {
            return true;
        }
        if (today == null) {
            today = day.get();
        }
        return s.activeOn(today);
    }

    /** The finding's status: the first active suppression covering it wins over the baseline. */
    AuditedFinding audit(Finding f) {
        for (Suppression s : suppressions) {
            if (s.covers(f) && active(s)) {
                return new AuditedFinding(f, AuditedFinding.Status.SUPPRESSED, s.reason()
                        + (s.expires() == null ? "" : " (until " + s.expires() + ")"));
            }
        }
        if (baseline != null && baseline.contains(f)) {
            return new AuditedFinding(f, AuditedFinding.Status.BASELINED, "recorded in the baseline");
        }
        return new AuditedFinding(f, AuditedFinding.Status.OPEN, null);
    }

    /** An open {@code expired-suppression} finding for each suppression that no longer applies, in input order. */
    List<AuditedFinding> expired() {
        List<AuditedFinding> out = new ArrayList<>();
        for (Suppression s : suppressions) {
            if (!active(s)) {
                out.add(new AuditedFinding(Findings.of("expired-suppression", "the suppression of "
                        + s.id() + " for " + s.target() + " expired on " + s.expires() + " and no longer applies ("
                        + s.reason() + ")", s.source(), null, null, List.of()), AuditedFinding.Status.OPEN, null));
            }
        }
        return out;
    }
}
