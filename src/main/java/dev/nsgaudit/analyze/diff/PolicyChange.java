package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.Severity;

import java.util.Locale;

/**
 * A flow policy whose status differs between the versions in a way a reviewer must see: it fails in head and did
 * not in base, passes in head and did not in base, or is inconclusive in head and was not in base.
 *
 * @param before the base's result, or null when the base does not have the policy (or could not evaluate it)
 * @param after the head's result; its witness is the packet to show
 * @param severity the policy's severity in head (its own, else the configured default)
 */
public record PolicyChange(Kind kind, PolicyResult before, PolicyResult after, Severity severity) {

    /** How the policy's status changed. */
    public enum Kind {
        NEWLY_FAILING,
        NEWLY_PASSING,
        NEWLY_INCONCLUSIVE;

        /** {@code newly failing}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public String name() {
        return after.policy().name();
    }

    /** The base's status as a word: pass, fail, inconclusive, or "absent". */
    public String beforeLabel() {
        return before == null ? "absent" : before.status().label();
    }
}
