package dev.nsgaudit.audit;

import dev.nsgaudit.model.Finding;

/**
 * A finding with what the user said about it: open, suppressed (with the reason), or known from the baseline.
 */
public record AuditedFinding(Finding finding, Status status, String note) {

    public enum Status {
        OPEN,
        SUPPRESSED,
        BASELINED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean open() {
        return status == Status.OPEN;
    }
}
