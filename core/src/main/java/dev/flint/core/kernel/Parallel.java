package dev.flint.core.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Flint's intra-op threads: kernels split independent work (e.g. the samples of a batch) into
 * contiguous chunks, one per thread, the caller running the first.
 *
 * <p>Workers are persistent daemon threads owned by Flint: a call hands each worker its chunk
 * through a field (no executor, no per-call allocation beyond one small task), and workers
 * spin briefly before parking, so the many short parallel regions of a training step do not pay
 * a thread wake-up each. Chunk boundaries depend only on the work size and the thread count,
 * never on timing, so results are deterministic for a given count. When another thread is
 * already using the workers (two callers at once), the call runs its chunks inline, in order:
 * same boundaries, same results. A kernel called from inside a chunk runs inline too.
 *
 * <p>The count comes from {@link #setThreads}, else {@code -Dflint.threads}, else the available
 * processors.
 */
public final class Parallel {
    /**
     * Below this many elements, element-wise work (pointwise ops, copies, independent per-row
     * reductions) stays on the calling thread: a hand-off costs more than it saves.
     */
    public static final int MIN_ELEMENTS = 1 << 15;
    /** Spin iterations (about 50 microseconds) before an idle worker parks. */
    private static final int SPINS = 20_000;
    private static volatile int threads = initialThreads();
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static Worker[] workers = new Worker[0];

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("flint.threads");
        return p != null ? Math.max(1, Integer.parseInt(p)) : Runtime.getRuntime().availableProcessors();
    }

    /** Sets the number of threads kernels use (1 = run everything on the caller). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Parallel.setThreads: need at least 1 thread, got " + n);
        }
        threads = n;
    }

    /** The number of threads kernels use. */
    public static int threads() {
        return threads;
    }

    /** Work on the chunk [from, to) of a range, as chunk number {@code chunk}. */
    @FunctionalInterface
    public interface Chunk {
        void run(int chunk, int from, int to);
    }

    /** How many chunks {@link #forChunks} will use for n items. */
    public static int chunks(int n) {
        return INSIDE.get() ? 1 : Math.max(1, Math.min(threads, n));
    }

    /** Runs {@code body} over [0, n) split into {@link #chunks(int)} contiguous chunks, in parallel. */
    public static void forChunks(int n, Chunk body) {
        int k = chunks(n);
        if (k == 1) {
            body.run(0, 0, n);
            return;
        }
        if (!LOCK.tryLock()) {
            runInline(n, k, body);
            return;
        }
        try {
            Worker[] ws = workers(k - 1);
            Task task = new Task(body, n, k);
            for (int c = 1; c < k; c++) {
                ws[c - 1].submit(task, c);
            }
            INSIDE.set(Boolean.TRUE);
            try {
                body.run(0, 0, bound(n, k, 1));
            } catch (Throwable t) {
                task.failure.compareAndSet(null, t);
            } finally {
                INSIDE.set(Boolean.FALSE);
            }
            task.await();
            rethrow(task.failure.get());
        } finally {
            LOCK.unlock();
        }
    }

    private static void runInline(int n, int k, Chunk body) {
        INSIDE.set(Boolean.TRUE);
        try {
            for (int c = 0; c < k; c++) {
                body.run(c, bound(n, k, c), bound(n, k, c + 1));
            }
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    static int bound(int n, int k, int c) {
        return (int) ((long) n * c / k);
    }

    /** At least {@code count} workers (called under LOCK). */
    private static Worker[] workers(int count) {
        if (workers.length < count) {
            Worker[] grown = java.util.Arrays.copyOf(workers, count);
            for (int i = workers.length; i < count; i++) {
                grown[i] = new Worker(i + 1);
                grown[i].start();
            }
            workers = grown;
        }
        return workers;
    }

    /** One parallel region: the work, and a count of chunks still running. */
    private static final class Task {
        final Chunk body;
        final int n;
        final int k;
        final AtomicInteger remaining;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Task(Chunk body, int n, int k) {
            this.body = body;
            this.n = n;
            this.k = k;
            this.remaining = new AtomicInteger(k - 1);
        }

        void await() {
            int spins = 0;
            while (remaining.get() > 0) {
                if (++spins < SPINS * 10) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    /** A persistent worker: waits for a task (spinning, then parked), runs its chunk, signals. */
    private static final class Worker extends Thread {
        private volatile Task task;
        private volatile int chunk;

        Worker(int index) {
            super("flint-compute-" + index);
            setDaemon(true);
        }

        void submit(Task t, int c) {
            chunk = c;
            task = t;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            while (true) {
                Task t = waitForTask();
                int c = chunk;
                try {
                    t.body.run(c, bound(t.n, t.k, c), bound(t.n, t.k, c + 1));
                } catch (Throwable e) {
                    t.failure.compareAndSet(null, e);
                } finally {
                    task = null;
                    t.remaining.decrementAndGet();
                }
            }
        }

        private Task waitForTask() {
            for (int i = 0; i < SPINS; i++) {
                Task t = task;
                if (t != null) {
                    return t;
                }
                Thread.onSpinWait();
            }
            while (true) {
                Task t = task;
                if (t != null) {
                    return t;
                }
                LockSupport.park(this);
            }
        }
    }
}
