package dev.flint.core.kernel;

import java.util.Arrays;

/**
 * 2-D convolution on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input
 * gradient, GEMM for the weight gradient. Samples of the batch are split across
 * {@link Parallel} threads; the weight gradient sums per-thread partials in chunk order, so it is
 * deterministic for a given thread count. Layers reach convolution only through these calls, so
 * faster implementations replace their bodies without touching the layers.
 */
public final class Conv2dKernel {
    private Conv2dKernel() {
    }

    /** out[N, O, outH, outW] = conv(x[N, C, H, W], w[O, C/groups, kH, kW]) + bias[O] (bias may be null). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len);
            for (int n = from; n < to; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    Im2col.im2col(g, cg, x, (n * g.inChannels() + grp * cg) * g.inH() * g.inW(), cols);
                    int outOff = (n * g.outChannels() + grp * og) * len;
                    Gemm.sgemm(og, len, rows, w, grp * og * rows, rows, 1, cols, 0, len, 1, out, outOff, len, false);
                }
                if (bias != null) {
                    for (int o = 0; o < g.outChannels(); o++) {
                        float b = bias[o];
                        int off = (n * g.outChannels() + o) * len;
                        for (int i = 0; i < len; i++) {
                            out[off + i] += b;
                        }
                    }
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
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len);
            for (int n = from; n < to; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    // cols[rows, len] = w_g^T [rows, og] * gy_g [og, len]
                    Gemm.sgemm(rows, len, og, w, grp * og * rows, 1, rows, gy, (n * g.outChannels() + grp * og) * len, len, 1,
                            cols, 0, len, false);
                    Im2col.col2im(g, cg, cols, gx, (n * g.inChannels() + grp * cg) * g.inH() * g.inW());
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
            float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * len);
            for (int n = from; n < to; n++) {
                for (int grp = 0; grp < g.groups(); grp++) {
                    Im2col.im2col(g, cg, x, (n * g.inChannels() + grp * cg) * g.inH() * g.inW(), cols);
                    // gw_g [og, rows] += gy_g [og, len] * cols^T [len, rows]
                    Gemm.sgemm(og, rows, len, gy, (n * g.outChannels() + grp * og) * len, len, 1, cols, 0, 1, len,
                            acc, base + grp * og * rows, rows, true);
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
}
