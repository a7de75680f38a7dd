package dev.nsgaudit.analyze.policies;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Batches of independent work started on the common pool as soon as they are handed in, so that the pool's workers
 * decide early policies while the calling thread still prepares later ones; {@link #finish} makes the calling thread
 * run every batch no worker has started yet (the newest first, since the workers take the oldest) and waits for the
 * others. Each batch runs exactly once, on whichever thread claims it first, so the results cannot depend on who ran
 * what; without a pool worker every batch runs on the calling thread.
 */
final class OverlappedBatches {

    private static final class Batch implements Runnable {
        private final Runnable work;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CountDownLatch done = new CountDownLatch(1);
        private Throwable failure;

        Batch(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                work.run();
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }
    }

    private final List<Batch> batches = new ArrayList<>();
    private final boolean pooled = ForkJoinPool.getCommonPoolParallelism() > 0;

    /** Hands in a batch; it may start at once on another thread. */
    void submit(Runnable work) {
        Batch b = new Batch(work);
        batches.add(b);
        if (pooled) {
            ForkJoinPool.commonPool().execute(b);
        }
    }

    /** Runs the batches nobody has started, waits for the rest, and rethrows the first failure in hand-in order. */
    void finish() {
        for (int i = batches.size() - 1; i >= 0; i--) {
            batches.get(i).run();
        }
        boolean interrupted = false;
        for (Batch b : batches) {
            while (true) {
                try {
                    b.done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the batch still runs; its results are needed, so wait on
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Batch b : batches) {
            if (b.failure instanceof RuntimeException r) {
                throw r;
            }
            if (b.failure instanceof Error e) {
                throw e;
            }
            if (b.failure != null) {
                throw new IllegalStateException(b.failure);
            }
        }
    }
}
