package dev.arbor.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * The CPU backend's worker threads: one shared pool whose size the user sets (default: the number of
 * available processors), and a range splitter that every multi-threaded kernel uses.
 */
public final class CpuParallel {
    private static volatile ForkJoinPool pool = newPool(Runtime.getRuntime().availableProcessors());

    private CpuParallel() {}

    /** A body that processes the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Processes one range.
         *
         * @param from the first index
         * @param to one past the last index
         */
        void run(long from, long to);
    }

    /** {@return the number of threads CPU kernels use} */
    public static int threads() {
        return pool.getParallelism();
    }

    /**
     * Sets the number of threads CPU kernels use from now on.
     *
     * @param threads at least 1
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        if (threads == pool.getParallelism()) {
            return;
        }
        ForkJoinPool old = pool;
        pool = newPool(threads);
        old.shutdown();
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks of at least
     * {@code grain} indices each; runs inline when one chunk suffices or when already on a worker.
     *
     * @param n the number of items
     * @param grain the smallest number of items worth a task of its own
     * @param body the work on each range
     */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        ForkJoinPool p = pool;
        int parts = (int) Math.min(p.getParallelism(), Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || ForkJoinTask.getPool() == p) {
            body.run(0, n);
            return;
        }
        p.invoke(new Chunks(body, n, parts, 0, parts));
    }

    private static ForkJoinPool newPool(int threads) {
        return new ForkJoinPool(threads, pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("arbor-cpu-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    /** Splits the chunk index range in halves until one chunk is left, then runs it. */
    private static final class Chunks extends RecursiveAction {
        private final RangeBody body;
        private final long n;
        private final int parts;
        private final int lo;
        private final int hi;

        Chunks(RangeBody body, long n, int parts, int lo, int hi) {
            this.body = body;
            this.n = n;
            this.parts = parts;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                body.run(n * lo / parts, n * (lo + 1) / parts);
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Chunks(body, n, parts, lo, mid), new Chunks(body, n, parts, mid, hi));
        }
    }
}
