package dev.flint.core.kernel;

import java.util.Arrays;

/**
 * 2-D convolution on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input
 * gradient, GEMM for the weight gradient. Samples of the batch are split across
 * {@link Parallel} threads; the weight gradient sums per-thread partials in chunk order, so it is
 * deterministic for a given thread count. Layers reach convolution only through these calls, so
 * faster implementations replace their bodies without touching the layers.
 *
 * <p>Small output planes (LeNet's conv2: 10x10; ResNet's last stages: 7x7) make a skinny GEMM per
 * sample, where packing and edge tiles cost more than the multiply. Such samples are put side by
 * side: the column matrices of {@link #samplesPerGemm} samples form one wider matrix, so one GEMM
 * of {@code samples*outH*outW} columns serves them all; its output is then copied (with the bias)
 * to each sample's NCHW planes, and output gradients are gathered the same way.
 */
public final class Conv2dKernel {
    /** Put samples side by side until a GEMM has at least this many columns. */
    static final int MIN_GEMM_COLS = 512;
    /** ... but keep the side-by-side column matrix within this many floats (1 MiB, the L2 of these cores). */
    static final int MAX_COL_FLOATS = 1 << 18;

    private Conv2dKernel() {
    }

    /** How many samples of a chunk of {@code available} share one GEMM (1 where the output plane is large). */
    static int samplesPerGemm(ConvGeometry g, int available) {
        int len = g.colCols();
        if (len >= MIN_GEMM_COLS || available <= 1) {
            return 1;
        }
        int want = (MIN_GEMM_COLS + len - 1) / len;
        int fit = (int) Math.max(1, MAX_COL_FLOATS / ((long) g.colRows() * len));
        return Math.max(1, Math.min(available, Math.min(want, fit)));
    }

    /** out[N, O, outH, outW] = conv(x[N, C, H, W], w[O, C/groups, kH, kW]) + bias[O] (bias may be null). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            int nb = samplesPerGemm(g, to - from);
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len * nb);
            float[] side = nb > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * nb) : null;
            for (int n0 = from; n0 < to; n0 += nb) {
                int cnt = Math.min(nb, to - n0);
                int width = cnt * len;
                for (int grp = 0; grp < g.groups(); grp++) {
                    for (int s = 0; s < cnt; s++) {
                        Im2col.im2col(g, cg, x, inOffset(g, n0 + s, grp), cols, s * len, width);
                    }
                    if (cnt == 1) {
                        Gemm.sgemm(og, len, rows, w, grp * og * rows, rows, 1, cols, 0, len, 1,
                                out, outOffset(g, n0, grp), len, false);
                    } else {
                        Gemm.sgemm(og, width, rows, w, grp * og * rows, rows, 1, cols, 0, width, 1, side, 0, width, false);
                        scatter(g, side, cnt, out, outOffset(g, n0, grp));
                    }
                }
                if (bias != null) {
                    addBias(g, bias, out, n0, cnt);
                }
            }
        });
    }

    /** gx[N, C, H, W] = d(loss)/d(x) given gy = d(loss)/d(out); gx is overwritten. */
    public static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        int plane = g.inChannels() * g.inH() * g.inW();
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            Arrays.fill(gx, from * plane, to * plane, 0f);
            int nb = samplesPerGemm(g, to - from);
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len * nb);
            float[] side = nb > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * nb) : null;
            for (int n0 = from; n0 < to; n0 += nb) {
                int cnt = Math.min(nb, to - n0);
                int width = cnt * len;
                for (int grp = 0; grp < g.groups(); grp++) {
                    // cols[rows, width] = w_g^T [rows, og] * gy_g [og, width]
                    if (cnt == 1) {
                        Gemm.sgemm(rows, len, og, w, grp * og * rows, 1, rows, gy, outOffset(g, n0, grp), len, 1,
                                cols, 0, len, false);
                    } else {
                        gather(g, gy, outOffset(g, n0, grp), cnt, side);
                        Gemm.sgemm(rows, width, og, w, grp * og * rows, 1, rows, side, 0, width, 1, cols, 0, width, false);
                    }
                    for (int s = 0; s < cnt; s++) {
                        Im2col.col2im(g, cg, cols, s * len, width, gx, inOffset(g, n0 + s, grp));
                    }
                }
            }
        });
    }

    /** gw[O, C/groups, kH, kW] = d(loss)/d(w); overwritten. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        int chunks = Parallel.chunks(g.batch());
        // Chunk 0 accumulates into gw, chunk c > 0 into its slice of one buffer owned by this
        // (calling) thread; the slices are then added in chunk order.
        float[] partials = Scratch.floats(Scratch.CONV_PARTIALS, (chunks - 1) * gw.length);
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            float[] acc = chunk == 0 ? gw : partials;
            int base = chunk == 0 ? 0 : (chunk - 1) * gw.length;
            Arrays.fill(acc, base, base + gw.length, 0f);
            int nb = samplesPerGemm(g, to - from);
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len * nb);
            float[] side = nb > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * nb) : null;
            for (int n0 = from; n0 < to; n0 += nb) {
                int cnt = Math.min(nb, to - n0);
                int width = cnt * len;
                for (int grp = 0; grp < g.groups(); grp++) {
                    for (int s = 0; s < cnt; s++) {
                        Im2col.im2col(g, cg, x, inOffset(g, n0 + s, grp), cols, s * len, width);
                    }
                    // gw_g [og, rows] += gy_g [og, width] * cols^T [width, rows]
                    float[] a = gy;
                    int aOff = outOffset(g, n0, grp);
                    if (cnt > 1) {
                        gather(g, gy, aOff, cnt, side);
                        a = side;
                        aOff = 0;
                    }
                    Gemm.sgemm(og, rows, width, a, aOff, width, 1, cols, 0, 1, width, acc, base + grp * og * rows, rows, true);
                }
            }
        });
        for (int c = 1; c < chunks; c++) {
            int base = (c - 1) * gw.length;
            for (int i = 0; i < gw.length; i++) {
                gw[i] += partials[base + i];
            }
        }
    }

    /** gb[O] = sum of gy over batch and positions; overwritten. */
    public static void backwardBias(ConvGeometry g, float[] gy, float[] gb) {
        int len = g.colCols();
        Parallel.forChunks(g.outChannels(), (chunk, from, to) -> {
            for (int o = from; o < to; o++) {
                double acc = 0;
                for (int n = 0; n < g.batch(); n++) {
                    int off = (n * g.outChannels() + o) * len;
                    for (int i = 0; i < len; i++) {
                        acc += gy[off + i];
                    }
                }
                gb[o] = (float) acc;
            }
        });
    }

    /** Offset of sample n's first input plane of group grp. */
    private static int inOffset(ConvGeometry g, int n, int grp) {
        return (n * g.inChannels() + grp * g.groupInChannels()) * g.inH() * g.inW();
    }

    /** Offset of sample n's first output plane of group grp. */
    private static int outOffset(ConvGeometry g, int n, int grp) {
        return (n * g.outChannels() + grp * g.groupOutChannels()) * g.colCols();
    }

    /** Copies side[og, cnt*len] (samples side by side) to cnt samples' NCHW planes starting at out[outOff]. */
    private static void scatter(ConvGeometry g, float[] side, int cnt, float[] out, int outOff) {
        int len = g.colCols();
        int sampleStride = g.outChannels() * len;
        for (int o = 0; o < g.groupOutChannels(); o++) {
            for (int s = 0; s < cnt; s++) {
                System.arraycopy(side, (o * cnt + s) * len, out, outOff + s * sampleStride + o * len, len);
            }
        }
    }

    /** The inverse of {@link #scatter}: gathers cnt samples' planes from gy[gyOff] into side[og, cnt*len]. */
    private static void gather(ConvGeometry g, float[] gy, int gyOff, int cnt, float[] side) {
        int len = g.colCols();
        int sampleStride = g.outChannels() * len;
        for (int o = 0; o < g.groupOutChannels(); o++) {
            for (int s = 0; s < cnt; s++) {
                System.arraycopy(gy, gyOff + s * sampleStride + o * len, side, (o * cnt + s) * len, len);
            }
        }
    }

    /** out[n, o, :, :] += bias[o] for samples [n0, n0 + cnt). */
    private static void addBias(ConvGeometry g, float[] bias, float[] out, int n0, int cnt) {
        int len = g.colCols();
        for (int n = n0; n < n0 + cnt; n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                float b = bias[o];
                int off = (n * g.outChannels() + o) * len;
                for (int i = 0; i < len; i++) {
                    out[off + i] += b;
                }
            }
        }
    }
}
