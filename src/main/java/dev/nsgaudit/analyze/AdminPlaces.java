package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.FlowEvaluator;
import dev.nsgaudit.semantics.AdminLayer;
import dev.nsgaudit.semantics.AdminRules;

/**
 * The security admin rules in front of a place's NSGs (nsg-semantics 4.3): those of its subnet in its VNet; for a
 * place whose subnet is not known, those that may apply to any VNet (all uncertain); none outside Azure.
 */
public final class AdminPlaces {

    private final AdminRules rules;

    public AdminPlaces(FlowEvaluator evaluator) {
        this.rules = new AdminRules(evaluator.topology(), evaluator.serviceTags(), evaluator::view);
    }

    public AdminRules rules() {
        return rules;
    }

    /** The place's admin layer; null when nothing applies (outside every modeled network, or no admin rule at all). */
    public AdminLayer of(Place p) {
        if (p == null || p.kind() == Place.Kind.EXTERNAL || rules.isEmpty()) {
            return null;
        }
        return p.subnet() == null ? rules.layer(null, null) : rules.layer(p.subnet());
    }
}
