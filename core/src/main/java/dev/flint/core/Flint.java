package dev.flint.core;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.PreparedWeights;
import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * Process-wide runtime settings of Flint's kernels: the intra-op thread count (PyTorch's
 * {@code torch.set_num_threads} / {@code get_num_threads}), whether the Vector API kernels are in
 * use, and the cache of prepared convolution weights. The kernels themselves are internal.
 */
public final class Flint {
    private Flint() {
    }

    /**
     * Sets the number of threads the kernels split their work over (1: everything on the calling
     * thread). The default is {@code -Dflint.threads}, else the available processors. Results
     * are the same bits for the same thread count.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static void setNumThreads(int n) {
        Parallel.setThreads(n);
    }

    /** The number of threads the kernels use. */
    public static int numThreads() {
        return Parallel.threads();
    }

    /**
     * Whether the kernels use the Vector API: true when the JVM runs with
     * {@code --add-modules=jdk.incubator.vector} and {@code -Dflint.vector} is not false.
     */
    public static boolean vectorEnabled() {
        return VectorSupport.enabled();
    }

    /** Drops every prepared (packed or transformed) convolution weight kept between calls; they are prepared again on next use. */
    public static void clearWeightCache() {
        PreparedWeights.clear();
    }

    /** Work on the index range [from, to) of a {@link #parallelFor} call. */
    @FunctionalInterface
    public interface Range {
        /** Processes indices [from, to). */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) split into contiguous ranges across the kernel threads, or as
     * one range on the calling thread when {@code elements} (the work's total size) is too small
     * for a hand-off to pay. Ranges are fixed by n and the thread count alone, so element-wise
     * work (an optimizer's update) gives the same bits at the same thread count.
     */
    public static void parallelFor(long elements, int n, Range body) {
        Parallel.forWork(elements, n, (chunk, from, to) -> body.run(from, to));
    }
}
