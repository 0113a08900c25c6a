package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * Reductions over contiguous runs: the input holds {@code runs} consecutive blocks of
 * {@code len} floats and each block reduces to one output. The tensor ops permute the reduced
 * dims to the end first, so every reduction is this shape. Sums accumulate in double, in a
 * fixed order, so results are deterministic and accurate for long runs.
 */
public final class Reduce {
    private Reduce() {
    }

    /** out[r] = sum of block r, times {@code scale}. */
    public static void sum(float[] x, int off, int runs, int len, float scale, float[] out, int outOff) {
        for (int r = 0; r < runs; r++) {
            double acc = 0;
            int base = off + r * len;
            for (int i = 0; i < len; i++) {
                acc += x[base + i];
            }
            out[outOff + r] = (float) (acc * scale);
        }
    }

    /**
     * out[r] = max (or min) of block r, and idx[r] = the position in the block of its first
     * occurrence; NaN wins, as in torch.max. {@code idx} may be null.
     */
    public static void extreme(float[] x, int off, int runs, int len, boolean max, float[] out, int outOff, int[] idx) {
        for (int r = 0; r < runs; r++) {
            int base = off + r * len;
            float best = x[base];
            int at = 0;
            for (int i = 1; i < len && !Float.isNaN(best); i++) {
                float v = x[base + i];
                if (Float.isNaN(v) || (max ? v > best : v < best)) {
                    best = v;
                    at = i;
                }
            }
            out[outOff + r] = best;
            if (idx != null) {
                idx[r] = at;
            }
        }
    }

    /** Floats per block of the softmax kernels: exp runs over a whole block at once, across row ends, and the block stays in L1. */
    private static final int BLOCK_FLOATS = 2048;

    /**
     * out[r] = log(sum(exp(block r))), shifted by the block max so it never overflows. The exps
     * of a block of rows run as one contiguous {@link Unary#EXP} (the vector form when there is
     * one), so short rows (a per-pixel loss: 11 classes) vectorise too; the sums are in double.
     */
    public static void logSumExp(float[] x, int off, int runs, int len, float[] out, int outOff) {
        int lanes = VectorSupport.floatLanes();
        if (VectorSupport.enabled() && len > 1 && len < lanes && runs >= lanes) {
            // Short rows, a vector of rows at a time; the last runs % lanes rows go on below.
            int whole = runs / lanes * lanes;
            VectorRows.logSumExpShortRows(x, off, whole, len, out, outOff);
            off += whole * len;
            outOff += whole;
            runs -= whole;
        }
        int rows = Math.max(1, BLOCK_FLOATS / Math.max(1, len));
        float[] shifted = new float[Math.min(runs, rows) * len];
        for (int r0 = 0; r0 < runs; r0 += rows) {
            int nr = Math.min(rows, runs - r0);
            for (int r = 0; r < nr; r++) {
                int base = off + (r0 + r) * len;
                float m = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    m = Math.max(m, x[base + i]); // NaN wins; no branch per element
                }
                // An infinite max would make x - m NaN; shift by 0 then (as torch.logsumexp).
                float shift = Float.isInfinite(m) ? 0f : m;
                out[outOff + r0 + r] = shift;
                for (int i = 0; i < len; i++) {
                    shifted[r * len + i] = x[base + i] - shift;
                }
            }
            Pointwise.unary(Unary.EXP, shifted, 0, 1, shifted, 0, nr * len);
            for (int r = 0; r < nr; r++) {
                double acc = 0;
                for (int i = r * len; i < (r + 1) * len; i++) {
                    acc += shifted[i];
                }
                // StrictMath: specified to the bit, where Math.log may differ between implementations.
                out[outOff + r0 + r] = (float) (out[outOff + r0 + r] + StrictMath.log(acc));
            }
        }
    }

    /** out = x - logSumExp(x) per block: torch.log_softmax over the block. */
    public static void logSoftmax(float[] x, int off, int runs, int len, float[] out, int outOff) {
        float[] lse = new float[runs];
        logSumExp(x, off, runs, len, lse, 0);
        for (int r = 0; r < runs; r++) {
            float l = lse[r];
            int a = off + r * len;
            int b = outOff + r * len;
            for (int i = 0; i < len; i++) {
                out[b + i] = x[a + i] - l;
            }
        }
    }

    /**
     * The input gradient of {@link #logSoftmax} from its output y and output gradient g, per
     * block: gx = g - exp(y) * sum(g), torch's _log_softmax_backward_data. gx may be g.
     */
    public static void logSoftmaxBackward(float[] g, int gOff, float[] y, int yOff, int runs, int len, float[] gx, int gxOff) {
        int rows = Math.max(1, BLOCK_FLOATS / Math.max(1, len));
        float[] soft = new float[Math.min(runs, rows) * len];
        float[] sums = new float[Math.min(runs, rows)];
        for (int r0 = 0; r0 < runs; r0 += rows) {
            int nr = Math.min(rows, runs - r0);
            Pointwise.unary(Unary.EXP, y, yOff + r0 * len, 1, soft, 0, nr * len);
            sum(g, gOff + r0 * len, nr, len, 1f, sums, 0);
            for (int r = 0; r < nr; r++) {
                int a = gOff + (r0 + r) * len;
                float s = sums[r];
                int b = gxOff + (r0 + r) * len;
                for (int i = 0; i < len; i++) {
                    gx[b + i] = g[a + i] - soft[r * len + i] * s;
                }
            }
        }
    }
}
