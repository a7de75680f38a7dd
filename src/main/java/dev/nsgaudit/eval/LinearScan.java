package dev.nsgaudit.eval;

import dev.nsgaudit.semantics.CompiledRule;
import dev.nsgaudit.semantics.Packet;

import java.util.List;

/** The naive matcher: test each rule in order. The baseline the classifier is measured against. */
public final class LinearScan implements RuleMatcher {

    private final CompiledRule[] rules;

    public LinearScan(List<CompiledRule> rules) {
        this.rules = rules.toArray(new CompiledRule[0]);
    }

    @Override
    public int firstMatch(Packet packet, int from) {
        for (int i = Math.max(0, from); i < rules.length; i++) {
            if (rules[i].matches(packet)) {
                return i;
            }
        }
        return -1;
    }
}
