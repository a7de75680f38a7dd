package dev.nsgaudit.model;

/**
 * The verdict on one policy.
 *
 * @param witness one packet that breaks the policy (fail) or that could (inconclusive), or null when it holds
 */
public record PolicyResult(Policy policy, Status status, String message, Witness witness) {

    /** pass: proved for every packet; fail: refuted by the witness; inconclusive: depends on unresolved values. */
    public enum Status {
        PASS,
        FAIL,
        INCONCLUSIVE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
