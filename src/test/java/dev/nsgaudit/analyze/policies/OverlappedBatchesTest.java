package dev.nsgaudit.analyze.policies;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OverlappedBatchesTest {

    @Test
    void everyBatchRunsExactlyOnceWhoeverTakesIt() {
        for (int round = 0; round < 20; round++) {
            int n = 300;
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            OverlappedBatches batches = new OverlappedBatches();
            for (int i = 0; i < n; i++) {
                int k = i;
                batches.submit(() -> {
                    threads.add(Thread.currentThread());
                    runs.incrementAndGet(k);
                    busy(k % 7);
                });
            }
            batches.finish();
            for (int i = 0; i < n; i++) {
                assertThat(runs.get(i)).as("runs of batch %d", i).isEqualTo(1);
            }
            assertThat(threads).isNotEmpty();
        }
    }

    @Test
    void theResultsOfBatchesRunElsewhereAreSeenAfterFinish() {
        int n = 500;
        long[] out = new long[n];
        OverlappedBatches batches = new OverlappedBatches();
        for (int i = 0; i < n; i++) {
            int k = i;
            batches.submit(() -> out[k] = (long) k * k + busy(3));
        }
        batches.finish();
        for (int i = 0; i < n; i++) {
            assertThat(out[i]).isEqualTo((long) i * i);
        }
    }

    @Test
    void theFirstFailureInHandInOrderIsRethrownAfterEveryBatchHasRun() {
        AtomicIntegerArray runs = new AtomicIntegerArray(50);
        OverlappedBatches batches = new OverlappedBatches();
        for (int i = 0; i < 50; i++) {
            int k = i;
            batches.submit(() -> {
                runs.incrementAndGet(k);
                if (k == 10 || k == 40) {
                    throw new IllegalStateException("batch " + k);
                }
            });
        }
        assertThatThrownBy(batches::finish).isInstanceOf(IllegalStateException.class).hasMessage("batch 10");
        for (int i = 0; i < 50; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }

    @Test
    void nothingHandedInFinishesAtOnce() {
        new OverlappedBatches().finish();
    }

    /** A little work, so that the pool's worker and the calling thread both take batches; returns 0. */
    private static long busy(int rounds) {
        long x = 0;
        for (int i = 0; i < rounds * 10_000; i++) {
            x += Long.numberOfTrailingZeros(i | 1);
        }
        return x >= 0 ? 0 : 1;
    }
}
