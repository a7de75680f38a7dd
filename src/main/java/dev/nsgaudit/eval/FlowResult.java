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

    /**
     * Merges the results of every case the input leaves open ({@code openQuestion} says which): the answer when
     * all cases agree; the common access without a single deciding rule when only the rules differ; otherwise
     * inconclusive. The distinct answers are kept as alternatives.
     */
    public static FlowResult merge(List<FlowResult> cases, String openQuestion) {
        FlowResult first = cases.get(0);
        if (cases.stream().allMatch(c -> c.equals(first))) {
            return first;
        }
        List<FlowResult> distinct = cases.stream().distinct().toList();
        Access access = first.access();
        boolean sameAccess = access != null && cases.stream().allMatch(c -> c.access() == access);
        if (sameAccess) {
            return new FlowResult(access, null, null, List.of(), List.of(openQuestion + "; every case is "
                    + access.label() + ", decided by different rules"), distinct);
        }
        return new FlowResult(null, null, null, List.of(), List.of(openQuestion + ", and the verdict differs"),
                distinct);
    }
}
