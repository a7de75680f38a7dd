package dev.nsgaudit.eval;

import dev.nsgaudit.model.Access;

import java.util.List;

/**
 * The verdict for one packet at one NIC (or NSG), in the shape of IP flow verify plus the layers evaluated.
 *
 * @param access Allow or Deny; null when the verdict is inconclusive
 * @param ruleName the deciding rule (D1), null when no NSG applies or the verdict is inconclusive
 * @param networkSecurityGroup the NSG of {@code ruleName}
 * @param reasons why the verdict is inconclusive (empty otherwise)
 * @param alternatives the possible verdicts when the answer depends on something unknown
 */
public record FlowResult(Access access, String ruleName, String networkSecurityGroup,
                         List<Evaluation> evaluations, List<String> reasons, List<FlowResult> alternatives) {

    public FlowResult {
        evaluations = List.copyOf(evaluations);
        reasons = List.copyOf(reasons);
        alternatives = List.copyOf(alternatives);
    }

    public boolean conclusive() {
        return access != null;
    }

    /** Merges the results of every case the input leaves open: one answer if they agree, else inconclusive. */
    public static FlowResult merge(List<FlowResult> cases, String why) {
        if (cases.size() == 1) {
            return cases.get(0);
        }
        FlowResult first = cases.get(0);
        boolean same = cases.stream().allMatch(c -> c.equals(first));
        if (same) {
            return first;
        }
        List<FlowResult> distinct = cases.stream().distinct().toList();
        return new FlowResult(null, null, null, List.of(), List.of(why), distinct);
    }
}
