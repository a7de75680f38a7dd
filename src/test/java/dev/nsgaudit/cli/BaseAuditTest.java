package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.diff.RuleFindingsOnce;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Base's audit of {@code diff} on its own thread: head is released when base's rule findings are done, or failed. */
class BaseAuditTest {

    private static final Topology EMPTY = new Topology(List.of(), List.of(), List.of(), List.of());

    @Test
    void aBaseAuditThatFailsBeforeItsRuleFindingsReleasesHeadAndIsRethrownAsThrown() {
        IllegalStateException failure = new IllegalStateException("base failed");
        BaseAudit audit = BaseAudit.start(new RuleFindingsOnce(EMPTY, EMPTY, true), ruleFindings -> {
            throw failure;
        });
        assertThatThrownBy(audit::result).isSameAs(failure);
        // Without the release on failure, head's rule findings would wait here for ever.
        assertThat(audit.ruleFindingsDone()).isTrue();
        audit.awaitRuleFindings();
    }

    @Test
    void headWaitsForBaseRuleFindingsOnlyAndGetsTheAuditsResult() {
        AtomicReference<String> thread = new AtomicReference<>();
        BaseAudit audit = BaseAudit.start(new RuleFindingsOnce(EMPTY, EMPTY, true), ruleFindings -> {
            thread.set(Thread.currentThread().getName());
            try (Analyzer analyzer = new Analyzer(EMPTY, ServiceTags.bundled())) {
                assertThat(ruleFindings.apply(analyzer)).isEmpty();
            }
            return null; // the rest of the audit
        });
        audit.awaitRuleFindings();
        assertThat(audit.ruleFindingsDone()).isTrue();
        assertThat(audit.result()).isNull();
        assertThat(thread.get()).isEqualTo("nsgaudit-diff-base").isNotEqualTo(Thread.currentThread().getName());
    }
}
