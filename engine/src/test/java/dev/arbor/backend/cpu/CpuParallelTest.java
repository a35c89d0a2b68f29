package dev.arbor.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CpuParallel}: every index once, on the caller and the workers; failures, nesting and rival callers. */
class CpuParallelTest {
    private int threads;

    @BeforeEach
    void threeThreads() {
        threads = CpuParallel.threads();
        CpuParallel.setThreads(3);
    }

    @AfterEach
    void restore() {
        CpuParallel.setThreads(threads);
    }

    @Test
    void everyIndexIsVisitedOnceAndTheCallerTakesPart() {
        for (long n : new long[] {1, 2, 7, 12, 1000, 100_003}) {
            AtomicLongArray visits = new AtomicLongArray((int) n);
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 50; round++) {
                CpuParallel.forRange(n, 1, (from, to) -> {
                    workers.add(Thread.currentThread());
                    for (long i = from; i < to; i++) {
                        visits.incrementAndGet((int) i);
                    }
                });
            }
            for (int i = 0; i < n; i++) {
                assertEquals(50, visits.get(i), "index " + i + " of " + n);
            }
            if (n == 1) {
                assertEquals(Set.of(Thread.currentThread()), workers, "one item runs inline");
            } else {
                assertTrue(workers.size() <= 3, "at most the caller and two workers: " + workers);
            }
        }
    }

    @Test
    void theFirstFailureReachesTheCallerAfterEveryChunkRan() {
        AtomicLongArray visits = new AtomicLongArray(64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuParallel.forRange(64, 1,
                (from, to) -> {
                    for (long i = from; i < to; i++) {
                        visits.incrementAndGet((int) i);
                    }
                    if (from == 0) {
                        throw new IllegalArgumentException("chunk at 0");
                    }
                }));
        assertEquals("chunk at 0", e.getMessage());
        for (int i = 0; i < 64; i++) {
            assertEquals(1, visits.get(i));
        }
        // the team is free again
        long[] sum = new long[1];
        CpuParallel.forRange(10, 100, (from, to) -> sum[0] += to - from);
        assertEquals(10, sum[0]);
    }

    @Test
    void nestedRunsAndRivalCallersRunInline() throws InterruptedException {
        AtomicLongArray visits = new AtomicLongArray(40 * 40);
        CpuParallel.forRange(40, 1, (from, to) -> {
            for (long i = from; i < to; i++) {
                long row = i;
                Thread outer = Thread.currentThread();
                CpuParallel.forRange(40, 1, (a, b) -> {
                    assertSame(outer, Thread.currentThread(), "a nested run stays on its thread");
                    for (long j = a; j < b; j++) {
                        visits.incrementAndGet((int) (row * 40 + j));
                    }
                });
            }
        });
        for (int i = 0; i < 40 * 40; i++) {
            assertEquals(1, visits.get(i));
        }
        List<Thread> callers = new ArrayList<>();
        AtomicLongArray counts = new AtomicLongArray(4);
        for (int c = 0; c < 4; c++) {
            int caller = c;
            callers.add(Thread.ofPlatform().start(() -> {
                for (int round = 0; round < 200; round++) {
                    CpuParallel.forRange(1000, 10, (from, to) -> counts.addAndGet(caller, to - from));
                }
            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        for (int c = 0; c < 4; c++) {
            assertEquals(200 * 1000, counts.get(c));
        }
    }
}
