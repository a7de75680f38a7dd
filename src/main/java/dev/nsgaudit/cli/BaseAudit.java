package dev.nsgaudit.cli;

import dev.nsgaudit.analyze.Analyzer;
import dev.nsgaudit.analyze.diff.RuleFindingsOnce;
import dev.nsgaudit.audit.AuditResult;
import dev.nsgaudit.model.Finding;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Base's audit for {@code diff}, on a thread of its own while the caller compares the packets and audits head
 * ({@link DiffChecks}). Head's rule findings read base's ({@link RuleFindingsOnce#head} comes after
 * {@link RuleFindingsOnce#base}): {@link #awaitRuleFindings} waits for those alone, not for the rest of base's audit
 * (exposure, policies). The audit is a function of base's input whatever thread runs it.
 */
final class BaseAudit {

    /** Completed when base's rule findings are in {@code once}, or when the audit ended without them. */
    private final CompletableFuture<Void> ruleFindings = new CompletableFuture<>();
    private final FutureTask<AuditResult> task;

    private BaseAudit(RuleFindingsOnce once, Function<Function<Analyzer, List<Finding>>, AuditResult> audit) {
        task = new FutureTask<>(() -> {
            try {
                return audit.apply(analyzer -> {
                    try {
                        return once.base(analyzer);
                    } finally {
                        ruleFindings.complete(null);
                    }
                });
            } finally {
                ruleFindings.complete(null); // failed before its rule findings: head must not wait for ever
            }
        });
        Thread thread = new Thread(task, "nsgaudit-diff-base");
        thread.setDaemon(true); // a failure on the caller's side must not keep the process alive
        thread.start();
    }

    /**
     * Starts {@code audit} (base's audit, given the rule findings to use) with base's rule findings computed through
     * {@code once}.
     */
    static BaseAudit start(RuleFindingsOnce once, Function<Function<Analyzer, List<Finding>>, AuditResult> audit) {
        return new BaseAudit(once, audit);
    }

    /** Waits until base's rule findings are done (or the audit failed before them); head may then read them. */
    void awaitRuleFindings() {
        ruleFindings.join();
    }

    /** Whether head may read base's rule findings now (for the tests). */
    boolean ruleFindingsDone() {
        return ruleFindings.isDone();
    }

    /** Base's audit, waiting for it; its failure is rethrown as it was thrown. */
    AuditResult result() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for base's audit", e);
        }
    }

    /** When the caller fails: waits for base's audit to end, so that nothing runs on after the failure. */
    void abandon() {
        try {
            result();
        } catch (RuntimeException | Error ignored) {
            // the caller's own failure is the one reported
        }
    }
}
