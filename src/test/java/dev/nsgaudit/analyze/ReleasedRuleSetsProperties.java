package dev.nsgaudit.analyze;

import dev.nsgaudit.eval.GenTopologies;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.rules.RuleCatalog;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyzer that keeps the BDDs of one rule set at a time (each other one released and built again when asked for,
 * as the large estate needs) finds exactly what one that keeps them all finds: the rule findings and the outcomes of
 * every catalog check, in the same order.
 */
class ReleasedRuleSetsProperties {

    @Provide
    Arbitrary<Topology> topologies() {
        return GenTopologies.topologies();
    }

    private record Result(List<Finding> findings, List<CheckOutcome> checks) {
    }

    private static Result run(Topology t, int liveRuleSets) {
        try (Analyzer a = new Analyzer(t, SmallUniverse.TAGS, liveRuleSets)) {
            List<Finding> findings = a.ruleFindings();
            return new Result(findings, a.catalogChecks(RuleCatalog.bundled().rules(), 16_777_216));
        }
    }

    @Property(tries = 60)
    void releasingRuleSetsChangesNoAnswer(@ForAll("topologies") Topology t) {
        Result kept = run(t, Analyzer.LIVE_RULE_SETS);
        Result released = run(t, 1);
        assertThat(released.findings()).containsExactlyElementsOf(kept.findings());
        assertThat(released.checks()).containsExactlyElementsOf(kept.checks());
    }
}
