package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.kernel.gemm.VectorGemm;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Scratch;
import dev.flint.core.kernel.runtime.VectorSupport;
import java.util.Arrays;

/**
 * Convolution through an explicit column matrix ({@link ConvAlgorithm#IM2COL}): im2col + GEMM
 * forward, GEMM + col2im for the input gradient, GEMM (or dot products) for the weight gradient.
 * Every geometry; the scalar kernels' only algorithm.
 *
 * <p>The column matrix is built a cache-sized block at a time ({@link Blocks}). Small output
 * planes make a skinny GEMM per sample, where packing and edge tiles cost more than the multiply:
 * the column matrices of several samples are put side by side, so one GEMM serves them all; its
 * output is then copied to each sample's NCHW planes, and output gradients are gathered the same
 * way ({@link ConvLayout#scatter}, {@link ConvLayout#gather}). Large planes are cut into bands of
 * output rows whose columns stay in L2, instead of streaming the whole matrix through memory twice.
 * The weights, the A operand of every one of these products, are packed once per call
 * ({@link ConvWeights#share}).
 */
final class Im2colConv {
    private Im2colConv() {
    }

    /**
     * How a chunk of samples is cut into GEMMs: {@code samples} samples side by side (each with
     * all its output rows), or one sample at a time in bands of {@code bandRows} output rows.
     */
    record Blocks(int samples, int bandRows) {
    }

    /** The blocking for a chunk of {@code available} samples. */
    static Blocks blocks(ConvGeometry g, int available) {
        int len = g.colCols();
        long plane = (long) g.colRows() * len;
        if (plane > ConvTuning.MAX_COL_FLOATS) {
            return new Blocks(1, (int) Math.max(1, ConvTuning.MAX_COL_FLOATS / ((long) g.colRows() * g.outW())));
        }
        int samples = 1;
        if (len < ConvTuning.MIN_GEMM_COLS && available > 1) {
            int want = (ConvTuning.MIN_GEMM_COLS + len - 1) / len;
            int fit = (int) Math.max(1, ConvTuning.MAX_COL_FLOATS / plane);
            samples = Math.max(1, Math.min(available, Math.min(want, fit)));
        }
        return new Blocks(samples, g.outH());
    }

    /** One block of a chunk: samples [n0, n0 + cnt), output rows [oy0, oy1), group grp. */
    @FunctionalInterface
    private interface BlockBody {
        void run(int n0, int cnt, int oy0, int oy1, int grp);
    }

    /** Runs body over the blocks of samples [from, to) in a fixed order: samples, then bands, then groups. */
    private static void forEachBlock(ConvGeometry g, Blocks b, int from, int to, BlockBody body) {
        for (int n0 = from; n0 < to; n0 += b.samples()) {
            int cnt = Math.min(b.samples(), to - n0);
            for (int oy0 = 0; oy0 < g.outH(); oy0 += b.bandRows()) {
                int oy1 = Math.min(g.outH(), oy0 + b.bandRows());
                for (int grp = 0; grp < g.groups(); grp++) {
                    body.run(n0, cnt, oy0, oy1, grp);
                }
            }
        }
    }

    /** Floats of the column matrix of one block. */
    private static int colFloats(ConvGeometry g, Blocks b) {
        return g.colRows() * b.samples() * Math.min(b.bandRows(), g.outH()) * g.outW();
    }

    /** This thread's buffer for several samples side by side, or null when a block holds one sample. */
    private static float[] side(ConvGeometry g, Blocks b) {
        return b.samples() > 1 ? Scratch.floats(Scratch.CONV_SIDE, g.groupOutChannels() * g.colCols() * b.samples()) : null;
    }

    /**
     * {@link Im2col#im2col} of one sample's group, its channels split over threads when called
     * outside a parallel region: at batch 1 the column matrix of a strided layer would otherwise be
     * built by the caller alone while the other threads waited for the GEMM.
     */
    private static void im2colChannels(ConvGeometry g, float[] x, int xOff, int oy0, int oy1, float[] cols, int colOff, int ld) {
        int plane = g.inH() * g.inW();
        int taps = g.kH() * g.kW();
        Parallel.forWork((long) g.groupInChannels() * taps * (oy1 - oy0) * g.outW(), g.groupInChannels(), (part, c0, c1) ->
                Im2col.im2col(g, c1 - c0, x, xOff + c0 * plane, oy0, oy1, cols, colOff + c0 * taps * ld, ld));
    }

    /** The column matrix [rows, cnt * band] of samples [n0, n0 + cnt), output rows [oy0, oy1), group grp: the samples side by side. */
    private static void columns(ConvGeometry g, float[] x, int n0, int cnt, int oy0, int oy1, int grp, float[] cols) {
        int band = (oy1 - oy0) * g.outW();
        for (int s = 0; s < cnt; s++) {
            im2colChannels(g, x, ConvLayout.inOffset(g, n0 + s, grp), oy0, oy1, cols, s * band, cnt * band);
        }
    }

    /** out (samples [from, to)) = conv(x, w), without bias; wg from {@link ConvWeights#gemm}. */
    static void forward(ConvGeometry g, float[] x, Gemm.SharedA[] wg, float[] out, int from, int to) {
        int len = g.colCols();
        int ow = g.outW();
        Blocks b = blocks(g, to - from);
        float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
        float[] side = side(g, b);
        forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
            int band = (oy1 - oy0) * ow;
            int width = cnt * band;
            columns(g, x, n0, cnt, oy0, oy1, grp, cols);
            if (cnt == 1) {
                Gemm.sgemm(wg[grp], band, cols, 0, width, 1, out, ConvLayout.outOffset(g, n0, grp) + oy0 * ow, len, false);
            } else {
                Gemm.sgemm(wg[grp], width, cols, 0, width, 1, side, 0, width, false);
                ConvLayout.scatter(g, side, cnt, out, ConvLayout.outOffset(g, n0, grp));
            }
        });
    }

    /** gx (samples [from, to)) = the input gradient; overwritten. wt: the transposed weights ({@link ConvWeights#share}). */
    static void backwardInput(ConvGeometry g, float[] gy, Gemm.SharedA[] wt, float[] gx, int from, int to) {
        int len = g.colCols();
        int ow = g.outW();
        int plane = g.inChannels() * g.inH() * g.inW();
        Arrays.fill(gx, from * plane, to * plane, 0f);
        Blocks b = blocks(g, to - from);
        float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
        float[] side = side(g, b);
        forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
            int band = (oy1 - oy0) * ow;
            int width = cnt * band;
            // cols[rows, width] = w_g^T [rows, og] * gy_g [og, width]
            if (cnt == 1) {
                Gemm.sgemm(wt[grp], band, gy, ConvLayout.outOffset(g, n0, grp) + oy0 * ow, len, 1, cols, 0, width, false);
            } else {
                ConvLayout.gather(g, gy, ConvLayout.outOffset(g, n0, grp), cnt, side);
                Gemm.sgemm(wt[grp], width, side, 0, width, 1, cols, 0, width, false);
            }
            for (int s = 0; s < cnt; s++) {
                Im2col.col2im(g, g.groupInChannels(), cols, s * band, width, oy0, oy1, gx, ConvLayout.inOffset(g, n0 + s, grp));
            }
        });
    }

    /** acc[base ..] += the weight gradient of samples [from, to). */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] acc, int base, int from, int to) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int ow = g.outW();
        Blocks b = blocks(g, to - from);
        float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
        float[] side = side(g, b);
        forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
            int band = (oy1 - oy0) * ow;
            int width = cnt * band;
            columns(g, x, n0, cnt, oy0, oy1, grp, cols);
            // gw_g [og, rows] += gy_g [og, width] * cols^T [width, rows]
            float[] a = gy;
            int aOff = ConvLayout.outOffset(g, n0, grp) + oy0 * ow;
            int lda = len;
            if (cnt > 1) {
                ConvLayout.gather(g, gy, aOff, cnt, side);
                a = side;
                aOff = 0;
                lda = width;
            }
            if (VectorSupport.enabled() && ConvPlanner.dotProducts(og, rows, width)) {
                VectorGemm.dotRows(og, rows, width, a, aOff, lda, cols, rowStarts(rows, width), acc, base + grp * og * rows, rows);
            } else {
                Gemm.sgemm(og, rows, width, a, aOff, lda, 1, cols, 0, 1, width, acc, base + grp * og * rows, rows, true);
            }
        });
    }

    /** Starts of the rows of a row-major [rows, width] matrix. */
    private static int[] rowStarts(int rows, int width) {
        int[] starts = new int[rows];
        for (int r = 0; r < rows; r++) {
            starts[r] = r * width;
        }
        return starts;
    }
}
