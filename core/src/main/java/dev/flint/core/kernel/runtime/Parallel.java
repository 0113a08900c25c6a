package dev.flint.core.kernel.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Flint's intra-op threads: kernels split independent work (e.g. the samples of a batch) into
 * contiguous chunks, one per thread (or a few, {@link #forChunks(int, int, Chunk)}): each thread
 * runs its own share (the caller the first) and then any chunk another thread has not started
 * (a thread that is late or descheduled leaves its chunks to the others).
 *
 * <p>Workers are persistent daemon threads owned by Flint: a call hands each worker the region
 * through a field (no executor, no per-call allocation beyond one small task), and workers
 * spin briefly before parking, so the many short parallel regions of a training step do not pay
 * a thread wake-up each. Chunk boundaries depend only on the work size and the thread count,
 * never on timing, and a chunk computes the same whichever thread claims it, so results are
 * deterministic for a given count. When another thread is already using the workers (two
 * callers at once), the call runs its chunks inline, in order: same boundaries, same results.
 * A kernel called from inside a chunk runs inline too.
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
        return Settings.THREADS;
    }

    /** Sets the number of threads kernels use (1 = run everything on the caller). */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Flint.setNumThreads: need at least 1 thread, got " + n);
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

    /** How many chunks {@link #forChunks(int, Chunk)} will use for n items. */
    public static int chunks(int n) {
        return chunks(n, 1);
    }

    /** How many chunks {@link #forChunks(int, int, Chunk)} will use for n items. */
    public static int chunks(int n, int perThread) {
        return chunks(n, perThread, available());
    }

    /** The threads a region started here would use: 1 inside a parallel region, else the thread count. */
    public static int available() {
        return INSIDE.get() ? 1 : threads;
    }

    /** How many chunks a region over n items, {@code perThread} per thread, uses on {@code threads} threads. */
    public static int chunks(int n, int perThread, int threads) {
        return threads <= 1 ? 1 : Math.max(1, Math.min(threads * perThread, n));
    }

    /**
     * Runs {@code body} over [0, n) in {@link #chunks(int)} chunks when the work covers at least
     * {@link #MIN_ELEMENTS} elements, else as one chunk on the calling thread: for element-wise work
     * (pointwise ops, per-row reductions, optimizer updates), where a hand-off costs more than it
     * saves below that size.
     */
    public static void forWork(long elements, int n, Chunk body) {
        if (elements < MIN_ELEMENTS) {
            body.run(0, 0, n);
        } else {
            forChunks(n, body);
        }
    }

    /** Runs {@code body} over [0, n) split into {@link #chunks(int)} contiguous chunks (one per thread), in parallel. */
    public static void forChunks(int n, Chunk body) {
        forChunks(n, 1, body);
    }

    /**
     * Runs {@code body} over [0, n) split into {@link #chunks(int, int)} contiguous chunks, about
     * {@code perThread} per thread, in parallel. More than one chunk per thread lets the others take
     * over the rest of a thread that stalls; use it where a chunk's result does not depend on how
     * the range is cut (no per-chunk partial sums) and a chunk has work enough to pay for its
     * hand-off.
     */
    public static void forChunks(int n, int perThread, Chunk body) {
        int k = chunks(n, perThread);
        if (k == 1) {
            body.run(0, 0, n);
            return;
        }
        if (!LOCK.tryLock()) {
            runInline(n, k, body);
            return;
        }
        try {
            int parts = Math.min(threads, k);
            Worker[] ws = workers(parts - 1);
            Task task = new Task(body, n, k, parts);
            for (int t = 1; t < parts; t++) {
                ws[t - 1].submit(task);
            }
            INSIDE.set(Boolean.TRUE);
            try {
                task.runChunks(0);
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

    /**
     * One parallel region: the work, which chunks are claimed, and a count of chunks not yet done.
     * Thread t of the {@code parts} taking part (the caller is 0, worker i is i) first claims its
     * own share of the chunks, the t-th of {@code parts} contiguous shares, so that each thread
     * keeps working on the same part of the data from one region to the next (a batch half stays
     * in its core's cache); then any chunk still unclaimed. A thread that starts late or is
     * descheduled (these machines are shared; a core sometimes goes away for a millisecond) thus
     * leaves its unstarted chunks to the others instead of making them wait. Which thread runs a
     * chunk never changes what the chunk computes, so results stay deterministic.
     */
    private static final class Task {
        final Chunk body;
        final int n;
        final int k;
        final int parts;
        final AtomicIntegerArray claimed;
        final AtomicInteger remaining;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Task(Chunk body, int n, int k, int parts) {
            this.body = body;
            this.n = n;
            this.k = k;
            this.parts = parts;
            this.claimed = new AtomicIntegerArray(k);
            this.remaining = new AtomicInteger(k);
        }

        /** Runs thread {@code t}'s share of the chunks, then every chunk still unclaimed. */
        void runChunks(int t) {
            int first = bound(k, parts, t);
            for (int i = 0; i < k; i++) {
                int c = (first + i) % k;
                if (claimed.get(c) != 0 || !claimed.compareAndSet(c, 0, 1)) {
                    continue;
                }
                try {
                    body.run(c, bound(n, k, c), bound(n, k, c + 1));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    remaining.decrementAndGet();
                }
            }
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

    /** A persistent worker: waits for a task (spinning, then parked), runs chunks of it, waits again. */
    private static final class Worker extends Thread {
        private final AtomicReference<Task> task = new AtomicReference<>();
        private final int index;

        Worker(int index) {
            super("flint-compute-" + index);
            this.index = index;
            setDaemon(true);
        }

        void submit(Task t) {
            task.set(t);
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            INSIDE.set(Boolean.TRUE);
            while (true) {
                Task t = waitForTask();
                // Only this task: a newer one submitted meanwhile (this one finished without us) stays.
                task.compareAndSet(t, null);
                t.runChunks(index);
            }
        }

        private Task waitForTask() {
            for (int i = 0; i < SPINS; i++) {
                Task t = task.get();
                if (t != null) {
                    return t;
                }
                Thread.onSpinWait();
            }
            while (true) {
                Task t = task.get();
                if (t != null) {
                    return t;
                }
                LockSupport.park(this);
            }
        }
    }
}
