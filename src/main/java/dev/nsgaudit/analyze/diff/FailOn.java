package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Severity;

import java.util.Set;

/**
 * The conditions of {@code diff --fail-on}, judged on the whole result (the exit code) and on each item (the level of
 * its SARIF result): {@code internet} a newly allowed flow from an Internet address, {@code allow} any newly allowed
 * flow, {@code error} a new finding of severity error, {@code policy} a newly failing flow policy, {@code exposure} a
 * new {@code internet-exposed-*} finding; {@code never} none.
 */
public record FailOn(Set<String> conditions) {

    public static final Set<String> ALL = Set.of("internet", "allow", "error", "policy", "exposure", "never");
    public static final String DEFAULT = "internet,error,policy";

    public FailOn {
        conditions = Set.copyOf(conditions);
    }

    /** Whether the change meets one of the conditions (exit code 1). */
    public boolean failedBy(DiffResult r) {
        return has("internet") && r.newlyAllowsFromInternet()
                || has("allow") && r.newlyAllows()
                || r.newFindings().stream().anyMatch(this::failedBy)
                || r.policies().stream().anyMatch(this::failedBy);
    }

    /** Whether a newly allowed region meets the gate. */
    public boolean failedBy(DiffRegion newlyAllowed) {
        return has("allow") || has("internet") && newlyAllowed.fromInternet();
    }

    /** Whether a new finding meets the gate. */
    public boolean failedBy(Finding newFinding) {
        return has("error") && newFinding.severity() == Severity.ERROR
                || has("exposure") && DiffResult.isExposure(newFinding.id());
    }

    /** Whether a policy change meets the gate: it newly fails and policies are a condition. */
    public boolean failedBy(PolicyChange change) {
        return has("policy") && change.kind() == PolicyChange.Kind.NEWLY_FAILING;
    }

    private boolean has(String condition) {
        return conditions.contains(condition);
    }
}
