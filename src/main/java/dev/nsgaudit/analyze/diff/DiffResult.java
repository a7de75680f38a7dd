package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.Finding;
import dev.nsgaudit.rules.RuleCatalog;

import java.util.List;

/**
 * The semantic difference between a base and a head version of the input.
 *
 * @param targets per NIC IP configuration and direction with a change, in name order
 * @param structure added and removed NICs, subnets and NSGs and changed attachments, one sentence each
 * @param newFindings findings of head that base does not have: those {@code check} reports open (rule analysis, layers,
 *     exposure, lint; suppressions applied) once {@link #withChecks} has run, the rule analysis's before
 * @param fixedFindings findings of base that head no longer has, the same way
 * @param notes what could not be compared (a NIC whose subnet is not known), one sentence each
 * @param policies flow policies newly failing, newly passing or newly inconclusive in head
 */
public record DiffResult(List<TargetDiff> targets, List<String> structure, List<Finding> newFindings,
                         List<Finding> fixedFindings, List<String> notes, List<PolicyChange> policies) {

    public DiffResult {
        targets = List.copyOf(targets);
        structure = List.copyOf(structure);
        newFindings = List.copyOf(newFindings);
        fixedFindings = List.copyOf(fixedFindings);
        notes = List.copyOf(notes);
        policies = List.copyOf(policies);
    }

    /** Without flow policies (none given). */
    public DiffResult(List<TargetDiff> targets, List<String> structure, List<Finding> newFindings,
                      List<Finding> fixedFindings, List<String> notes) {
        this(targets, structure, newFindings, fixedFindings, notes, List.of());
    }

    /**
     * The same packets and structure with what {@code check} says of each version: the findings new in head and
     * fixed (compared as {@link FindingChanges} does), the policy changes, and more notes.
     */
    public DiffResult withChecks(List<Finding> baseFindings, List<Finding> headFindings, List<PolicyChange> changes,
                                 List<String> moreNotes) {
        List<String> allNotes = new java.util.ArrayList<>(notes);
        allNotes.addAll(moreNotes);
        return new DiffResult(targets, structure, FindingChanges.only(headFindings, baseFindings),
                FindingChanges.only(baseFindings, headFindings), allNotes, changes);
    }

    /** An {@code internet-exposed-*} check: its catalog type is exposure or exposure-all-ports. */
    public static boolean isExposure(String id) {
        return RuleCatalog.bundled().rule(id).map(r -> r.checkType().startsWith("exposure")).orElse(false);
    }


    /** Whether head lets some packet through that base did not. */
    public boolean newlyAllows() {
        return targets.stream().anyMatch(t -> !t.newlyAllowed().isEmpty());
    }

    /** Whether head newly lets some Internet address reach a NIC. */
    public boolean newlyAllowsFromInternet() {
        return targets.stream().anyMatch(TargetDiff::fromInternet);
    }

    /** Whether nothing changes at all. */
    public boolean isEmpty() {
        return targets.isEmpty() && structure.isEmpty() && newFindings.isEmpty() && fixedFindings.isEmpty()
                && policies.isEmpty();
    }

    /** The one-line verdict: what the change opens first, then what it closes, then the findings. */
    public String verdict() {
        long allowing = targets.stream().filter(t -> !t.newlyAllowed().isEmpty()).count();
        long denying = targets.stream().filter(t -> !t.newlyDenied().isEmpty()).count();
        long maybe = targets.stream().filter(t -> !t.mayChange().isEmpty()).count();
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (newlyAllowsFromInternet()) {
            parts.add("newly allows traffic from the Internet (" + count(allowing, "target") + " newly allowing)");
        } else if (allowing > 0) {
            parts.add("newly allows traffic at " + count(allowing, "target"));
        }
        if (denying > 0) {
            parts.add("newly denies traffic at " + count(denying, "target"));
        }
        if (maybe > 0) {
            parts.add("may change traffic at " + count(maybe, "target") + " (unresolved values)");
        }
        for (PolicyChange.Kind kind : PolicyChange.Kind.values()) {
            long n = policies.stream().filter(p -> p.kind() == kind).count();
            if (n > 0) {
                parts.add(n + " " + kind.label() + " polic" + (n == 1 ? "y" : "ies"));
            }
        }
        if (!newFindings.isEmpty()) {
            parts.add(count(newFindings.size(), "new finding"));
        }
        if (!fixedFindings.isEmpty()) {
            parts.add(count(fixedFindings.size(), "fixed finding"));
        }
        if (parts.isEmpty()) {
            return structure.isEmpty() ? "no change" : "no change in what the NSGs allow or deny ("
                    + count(structure.size(), "change") + " without effect)";
        }
        return String.join("; ", parts);
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
