package dev.nsgaudit.analyze.diff;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.model.Finding;
import dev.nsgaudit.model.Topology;
import dev.nsgaudit.semantics.ServiceTags;

import java.util.List;
import java.util.concurrent.ForkJoinTask;

/**
 * The rule findings of both versions of a diff ({@link RuleFindingsOnce}), started on the common pool so that they
 * run while the caller compares the packets: base's findings in one task, head's that read nothing of base's in
 * another ({@link RuleFindingsOnce#headAhead}), each with its own analyzer (set engines are not shared between
 * threads). {@link #finish} then gives head the rest of its findings, taken from base or computed, on the caller's
 * thread. The findings are the same as computed one after the other: each analysis is a function of its version and
 * NSG, whichever thread runs it.
 */
final class BackgroundRuleFindings {

    /** Both versions' findings, each sorted as {@link Analyzer#ruleFindings()}. */
    record Both(List<Finding> base, List<Finding> head) {
    }

    private final RuleFindingsOnce once;
    private final ForkJoinTask<List<Finding>> baseTask;
    private final ForkJoinTask<Analyzer> headTask;

    private BackgroundRuleFindings(Topology base, Topology head, ServiceTags tags) {
        once = new RuleFindingsOnce(base, head, true); // both versions are analysed with the same service tags
        baseTask = ForkJoinTask.adapt(() -> {
            try (Analyzer a = new Analyzer(base, tags)) {
                return once.base(a);
            }
        }).fork();
        headTask = ForkJoinTask.adapt(() -> {
            Analyzer a = new Analyzer(head, tags);
            try {
                once.headAhead(a);
                return a;
            } catch (RuntimeException | Error e) {
                a.close();
                throw e;
            }
        }).fork();
    }

    /** Starts both versions' analyses. */
    static BackgroundRuleFindings start(Topology base, Topology head, ServiceTags tags) {
        return new BackgroundRuleFindings(base, head, tags);
    }

    /**
     * Waits for both tasks, running on this thread any that no worker has started (last forked first, so this
     * never waits on a task queued behind the one it runs), then completes head's findings.
     */
    Both finish() {
        Analyzer headAnalyzer = result(headTask);
        try {
            List<Finding> baseFindings = result(baseTask);
            return new Both(baseFindings, once.head(headAnalyzer));
        } finally {
            headAnalyzer.close();
        }
    }

    /** When the caller fails before {@link #finish}: waits for both tasks and releases head's analyzer. */
    void abandon() {
        try {
            result(baseTask);
        } catch (RuntimeException | Error ignored) {
            // the caller's own failure is the one reported
        }
        try {
            result(headTask).close();
        } catch (RuntimeException | Error ignored) {
            // as above
        }
    }

    private static <T> T result(ForkJoinTask<T> task) {
        try {
            return task.tryUnfork() ? task.invoke() : task.join();
        } catch (RuntimeException e) {
            // join rethrows another thread's exception as a copy of the same type around it: give the original
            throw e.getCause() != null && e.getCause().getClass() == e.getClass() ? (RuntimeException) e.getCause() : e;
        }
    }
}
