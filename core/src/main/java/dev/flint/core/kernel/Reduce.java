package dev.flint.core.kernel;

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

    /** out[r] = log(sum(exp(block r))), shifted by the block max so it never overflows. */
    public static void logSumExp(float[] x, int off, int runs, int len, float[] out, int outOff) {
        for (int r = 0; r < runs; r++) {
            int base = off + r * len;
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < len; i++) {
                float v = x[base + i];
                if (Float.isNaN(v) || v > m) {
                    m = v;
                }
            }
            if (Float.isNaN(m)) {
                out[outOff + r] = Float.NaN;
                continue;
            }
            // An infinite max would make x - m NaN; shift by 0 then (as torch.logsumexp).
            double shift = Float.isInfinite(m) ? 0.0 : m;
            double acc = 0;
            for (int i = 0; i < len; i++) {
                acc += Math.exp(x[base + i] - shift);
            }
            out[outOff + r] = (float) (shift + Math.log(acc));
        }
    }
}
