package dev.arbor.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's worker threads: one shared team whose size the user sets (default: the number of
 * available processors), and a range splitter that every multi-threaded kernel uses.
 *
 * <p>The calling thread is one of the team: it takes chunks of the range itself, so a worker that is
 * slow to wake costs nothing but its share, and the workers spin a little before they sleep, as ONNX
 * Runtime's and OpenMP's pools do. Between the many small kernels of one forward pass a sleeping worker
 * would otherwise be woken each time, which costs tens of microseconds on a small VM, more than the
 * kernels themselves.
 */
public final class CpuParallel {
    /** How long an idle worker spins before it sleeps. */
    private static final long SPIN_NANOS = 200_000;
    /** Chunks per thread: finer chunks let whoever is free take a late worker's share. */
    private static final int CHUNKS_PER_THREAD = 4;

    private static volatile Team team = new Team(Runtime.getRuntime().availableProcessors());

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
        return team.threads;
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
        if (threads == team.threads) {
            return;
        }
        Team old = team;
        team = new Team(threads);
        old.shutdown();
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into chunks of at least {@code grain} indices, on the
     * calling thread and the team's workers; runs inline when one chunk suffices, when called from
     * inside such a run, or while another thread's run has the team.
     *
     * @param n the number of items
     * @param grain the smallest number of items worth a task of its own
     * @param body the work on each range
     */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        Team t = team;
        int chunks = (int) Math.min((long) t.threads * CHUNKS_PER_THREAD, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || !t.busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            t.run(new Job(body, n, chunks));
        } finally {
            t.busy.set(false);
        }
    }

    /** One range split into chunks, which the caller and the workers take in turn. */
    private static final class Job {
        private final RangeBody body;
        private final long n;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Job(RangeBody body, long n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
        }

        /** Takes and runs chunks until none is left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run(n * c / chunks, n * (c + 1) / chunks);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        boolean done() {
            return finished.get() == chunks;
        }
    }

    /** The caller's partners: {@code threads - 1} daemon workers that wait for the next job. */
    private static final class Team {
        final int threads;
        /** Set while a run has the team; a run from inside a run, or from another thread, goes inline. */
        final AtomicBoolean busy = new AtomicBoolean();
        private final Worker[] workers;
        private volatile Job current;
        private volatile boolean shutdown;

        Team(int threads) {
            this.threads = threads;
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i);
                workers[i].start();
            }
        }

        void run(Job job) {
            current = job;
            for (Worker w : workers) {
                if (w.sleeping) {
                    LockSupport.unpark(w);
                }
            }
            job.work();
            while (!job.done()) {
                Thread.onSpinWait();
            }
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }

        void shutdown() {
            shutdown = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        }

        private final class Worker extends Thread {
            volatile boolean sleeping;

            Worker(int index) {
                super("arbor-cpu-" + index);
                setDaemon(true);
            }

            @Override
            public void run() {
                Job seen = null;
                while (!shutdown) {
                    Job job = current;
                    if (job != seen) {
                        seen = job;
                        job.work();
                        continue;
                    }
                    idle(seen);
                }
            }

            /** Spins a while for a job other than {@code seen}, then sleeps until one comes. */
            private void idle(Job seen) {
                long start = System.nanoTime();
                while (current == seen && !shutdown) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                        continue;
                    }
                    sleeping = true;
                    // the caller sets the job before it reads sleeping: one of us sees the other's write
                    if (current == seen && !shutdown) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                }
            }
        }
    }
}
