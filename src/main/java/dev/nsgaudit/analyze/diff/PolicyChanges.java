package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.model.PolicyResult;
import dev.nsgaudit.model.PolicyResult.Status;
import dev.nsgaudit.model.Severity;
import dev.nsgaudit.model.Topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the flow policies evaluated on both versions, matched by name (case-insensitively, as policy names are
 * unique that way). A policy the base does not have counts as not failing, not passing and not inconclusive there,
 * so a new policy that fails is newly failing; a policy that head no longer has changes nothing head allows.
 */
public final class PolicyChanges {

    private PolicyChanges() {
    }

    /**
     * The policies of head whose status is new: fail, pass or inconclusive in head and something else (or absent)
     * in base. {@code headSeverities} is parallel to {@code head}. Sorted by kind, then name.
     */
    public static List<PolicyChange> compare(List<PolicyResult> base, List<PolicyResult> head,
                                             List<Severity> headSeverities) {
        Map<String, PolicyResult> before = new HashMap<>();
        base.forEach(p -> before.put(Topology.key(p.policy().name()), p));
        List<PolicyChange> out = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            PolicyResult after = head.get(i);
            PolicyResult was = before.get(Topology.key(after.policy().name()));
            Status then = was == null ? null : was.status();
            if (after.status() == then) {
                continue;
            }
            PolicyChange.Kind kind = switch (after.status()) {
                case FAIL -> PolicyChange.Kind.NEWLY_FAILING;
                case INCONCLUSIVE -> PolicyChange.Kind.NEWLY_INCONCLUSIVE;
                // A new policy that passes is no news: nothing it checks got worse or better.
                case PASS -> then == null ? null : PolicyChange.Kind.NEWLY_PASSING;
            };
            if (kind != null) {
                out.add(new PolicyChange(kind, was, after, headSeverities.get(i)));
            }
        }
        out.sort(Comparator.comparing(PolicyChange::kind).thenComparing(c -> Topology.key(c.name())));
        return out;
    }
}
