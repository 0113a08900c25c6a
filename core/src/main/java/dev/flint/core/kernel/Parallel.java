package dev.flint.core.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flint's intra-op threads: kernels split independent work (e.g. the samples of a batch) into
 * contiguous chunks, one per thread, the caller running the first. Chunk boundaries depend only
 * on the work size and the thread count, so results are deterministic for a given count.
 * The count comes from {@link #setThreads}, else {@code -Dflint.threads}, else the available
 * processors.
 */
public final class Parallel {
    private static volatile int threads = initialThreads();
    /** Set on threads running a chunk, so that a kernel called from inside a chunk runs inline. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static ExecutorService pool;

    private Parallel() {
    }

    private static int initialThreads() {
        String p = System.getProperty("flint.threads");
        return p != null ? Math.max(1, Integer.parseInt(p)) : Runtime.getRuntime().availableProcessors();
    }

    /** Sets the number of threads kernels use (1 = run everything on the caller). */
    public static synchronized void setThreads(int n) {
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
        ExecutorService exec = pool(k - 1);
        CountDownLatch done = new CountDownLatch(k - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 1; c < k; c++) {
            int chunk = c;
            exec.execute(() -> {
                INSIDE.set(Boolean.TRUE);
                try {
                    body.run(chunk, bound(n, k, chunk), bound(n, k, chunk + 1));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        INSIDE.set(Boolean.TRUE);
        try {
            body.run(0, 0, bound(n, k, 1));
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            INSIDE.set(Boolean.FALSE);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Parallel: interrupted while waiting for workers", e);
        }
        Throwable t = failure.get();
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

    private static int bound(int n, int k, int c) {
        return (int) ((long) n * c / k);
    }

    private static synchronized ExecutorService pool(int workers) {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "flint-compute");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
