package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.kernel.pointwise.VectorRows;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.PreparedWeights;
import dev.flint.core.kernel.runtime.Scratch;
import dev.flint.core.kernel.runtime.VectorSupport;
import java.util.Arrays;

/**
 * 2-D convolution on contiguous NCHW arrays: the entry point of every convolution pass. Each call
 * asks {@link ConvPlanner} for the pass's {@link ConvAlgorithm} and runs it, samples split across
 * {@link Parallel} threads; the algorithms themselves live in their own classes
 * ({@link Im2colConv}, {@link ImageGemmConv}, {@link Winograd}, {@link NchwDirectConv},
 * {@link NhwcDirectConv}). The weight gradient sums per-chunk partials in chunk order, so every
 * pass is deterministic for a given thread count.
 */
public final class Conv2dKernel {
    private Conv2dKernel() {
    }

    /** out[N, O, outH, outW] = conv(x[N, C, H, W], w[O, C/groups, kH, kW]) + bias[O] (bias may be null). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
        forward(g, x, w, null, bias, out);
    }

    /**
     * {@link #forward(ConvGeometry, float[], float[], float[], float[])} with the weights' owner and
     * version: their packed or transformed form is then kept between calls while the version stays
     * the same ({@link PreparedWeights}). {@code source} may be null.
     */
    public static void forward(ConvGeometry g, float[] x, float[] w, PreparedWeights.Source source, float[] bias, float[] out) {
        forward(g, x, w, source, bias, out, ConvPlanner.plan(g, ConvPass.FORWARD));
    }

    /** The forward pass through {@code algorithm}. */
    static void forward(ConvGeometry g, float[] x, float[] w, PreparedWeights.Source source, float[] bias, float[] out,
                        ConvAlgorithm algorithm) {
        requireSupported(algorithm, g, ConvPass.FORWARD);
        switch (algorithm) {
            case NHWC_DIRECT -> nhwcForward(g, x, ConvWeights.nhwc(g, w, false, source), bias, out);
            case NCHW_DIRECT -> {
                float[] taps = NchwDirectConv.tapMajor(g, w);
                samples(g, ConvTuning.SPLIT, bias, out, (chunk, from, to) -> NchwDirectConv.forward(g, x, taps, out, from, to));
            }
            case WINOGRAD -> {
                Winograd.Weights wino = ConvWeights.winograd(g, w, source);
                samples(g, 1, bias, out, (chunk, from, to) -> Winograd.forward(wino, x, out, from, to));
            }
            case IMAGE_GEMM -> {
                Gemm.SharedA[] wg = ConvWeights.gemm(g, w, source);
                samples(g, ConvTuning.SPLIT, bias, out, (chunk, from, to) -> ImageGemmConv.forward(g, x, wg, out, from, to));
            }
            case IM2COL -> {
                Gemm.SharedA[] wg = ConvWeights.gemm(g, w, source);
                samples(g, ConvTuning.SPLIT, bias, out, (chunk, from, to) -> Im2colConv.forward(g, x, wg, out, from, to));
            }
            case GRADIENT_AS_FORWARD -> throw new AssertionError(algorithm);
        }
    }

    /** Runs body over the samples in {@code perThread} chunks per thread, then adds the bias (if any) to each chunk's outputs. */
    private static void samples(ConvGeometry g, int perThread, float[] bias, float[] out, Parallel.Chunk body) {
        Parallel.forChunks(g.batch(), perThread, (chunk, from, to) -> {
            body.run(chunk, from, to);
            if (bias != null) {
                ConvLayout.addBias(out, g.outChannels(), g.colCols(), bias, from, to - from);
            }
        });
    }

    /** out = conv(x) + bias through {@link NhwcDirectConv}: the padded channels-last input, then the blocks, both split over threads. */
    private static void nhwcForward(ConvGeometry g, float[] x, float[] wb, float[] bias, float[] out) {
        int floats = NhwcDirectConv.imageFloats(g);
        float[] xp = Scratch.floats(Scratch.WIDE_IMAGE, floats);
        Parallel.forWork(floats, NhwcDirectConv.imageRows(g), (chunk, from, to) -> NhwcDirectConv.image(g, x, xp, from, to));
        Parallel.forChunks(NhwcDirectConv.units(g), ConvTuning.SPLIT, (chunk, from, to) -> NhwcDirectConv.forward(g, xp, wb, bias, out, from, to));
    }

    /** gx[N, C, H, W] = d(loss)/d(x) given gy = d(loss)/d(out); gx is overwritten. */
    public static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        backwardInput(g, gy, w, gx, ConvPlanner.plan(g, ConvPass.INPUT_GRAD));
    }

    /** The input gradient through {@code algorithm}. */
    static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx, ConvAlgorithm algorithm) {
        requireSupported(algorithm, g, ConvPass.INPUT_GRAD);
        switch (algorithm) {
            case WINOGRAD -> {
                Winograd.Weights wino = Winograd.weights(Winograd.inputGradShape(g), w, true);
                Parallel.forChunks(g.batch(), 1, (chunk, from, to) -> Winograd.forward(wino, gy, gx, from, to));
            }
            case GRADIENT_AS_FORWARD -> {
                ConvGeometry gi = ConvLayout.inputGradGeometry(g);
                ConvAlgorithm inner = ConvPlanner.plan(gi, ConvPass.FORWARD);
                if (inner == ConvAlgorithm.NHWC_DIRECT) { // its weight layout flips and transposes as it packs
                    nhwcForward(gi, gy, ConvWeights.nhwc(gi, w, true, null), null, gx);
                } else {
                    forward(gi, gy, ConvLayout.flippedTransposed(g, w), null, null, gx, inner);
                }
            }
            case IMAGE_GEMM -> {
                Gemm.SharedA[] wt = ConvWeights.share(g, w, true, false);
                Parallel.forChunks(g.batch(), ConvTuning.SPLIT, (chunk, from, to) -> ImageGemmConv.backwardInput(g, gy, wt, gx, from, to));
            }
            case IM2COL -> {
                Gemm.SharedA[] wt = ConvWeights.share(g, w, true, false);
                Parallel.forChunks(g.batch(), ConvTuning.SPLIT, (chunk, from, to) -> Im2colConv.backwardInput(g, gy, wt, gx, from, to));
            }
            case NCHW_DIRECT, NHWC_DIRECT -> throw new AssertionError(algorithm);
        }
    }

    /** gw[O, C/groups, kH, kW] = d(loss)/d(w); overwritten. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        backwardWeight(g, x, gy, gw, ConvPlanner.plan(g, ConvPass.WEIGHT_GRAD));
    }

    /** The weight gradient through {@code algorithm}. */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw, ConvAlgorithm algorithm) {
        requireSupported(algorithm, g, ConvPass.WEIGHT_GRAD);
        int chunks = Parallel.chunks(g.batch());
        // Chunk 0 accumulates into gw, chunk c > 0 into its slice of one buffer owned by this
        // (calling) thread; the slices are then added in chunk order.
        float[] partials = Scratch.floats(Scratch.CONV_PARTIALS, (chunks - 1) * gw.length);
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            float[] acc = chunk == 0 ? gw : partials;
            int base = chunk == 0 ? 0 : (chunk - 1) * gw.length;
            Arrays.fill(acc, base, base + gw.length, 0f);
            switch (algorithm) {
                case WINOGRAD -> Winograd.backwardWeight(g, x, gy, acc, base, from, to);
                case IMAGE_GEMM -> ImageGemmConv.backwardWeight(g, x, gy, acc, base, from, to);
                case IM2COL -> Im2colConv.backwardWeight(g, x, gy, acc, base, from, to);
                case NCHW_DIRECT, NHWC_DIRECT, GRADIENT_AS_FORWARD -> throw new AssertionError(algorithm);
            }
        });
        // The chunks' partials added in chunk order (so the sum does not depend on the thread
        // count's timing), element ranges split over threads.
        Parallel.forWork((long) (chunks - 1) * gw.length, gw.length, (part, i0, i1) -> {
            for (int c = 1; c < chunks; c++) {
                int base = (c - 1) * gw.length;
                for (int i = i0; i < i1; i++) {
                    gw[i] += partials[base + i];
                }
            }
        });
    }

    /** Throws unless {@code algorithm} computes {@code pass} of g on this JVM (the planner only returns such; a forced call may not). */
    private static void requireSupported(ConvAlgorithm algorithm, ConvGeometry g, ConvPass pass) {
        if (!algorithm.supports(g, pass, VectorSupport.floatLanes(), Parallel.available())) {
            throw new IllegalArgumentException("conv2d " + pass + ": algorithm " + algorithm + " does not support " + g
                    + " with " + VectorSupport.floatLanes() + " float lanes");
        }
    }

    /** gb[O] = sum of gy over batch and positions; overwritten. */
    public static void backwardBias(ConvGeometry g, float[] gy, float[] gb) {
        channelSums(gy, g.batch(), g.outChannels(), g.colCols(), gb);
    }

    /**
     * out[c] = the sum of x[N, C, plane] over samples and plane, in double, channels split over
     * threads: a convolution's bias gradient from its output gradient, and a transposed
     * convolution's from its own; overwritten.
     */
    public static void channelSums(float[] x, int batch, int channels, int plane, float[] out) {
        boolean vector = VectorSupport.enabled();
        Parallel.forWork((long) batch * channels * plane, channels, (chunk, from, to) -> {
            for (int c = from; c < to; c++) {
                double acc = 0;
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * plane;
                    if (vector) {
                        acc += VectorRows.sum(x, off, plane);
                        continue;
                    }
                    for (int i = 0; i < plane; i++) {
                        acc += x[off + i];
                    }
                }
                out[c] = (float) acc;
            }
        });
    }

    /** x[n, c, :] += bias[c] for every sample of x[N, C, plane], samples split over threads: a transposed convolution's bias. */
    public static void addChannelBias(float[] x, int batch, int channels, int plane, float[] bias) {
        Parallel.forWork((long) batch * channels * plane, batch, (chunk, from, to) -> ConvLayout.addBias(x, channels, plane, bias, from, to - from));
    }

}
