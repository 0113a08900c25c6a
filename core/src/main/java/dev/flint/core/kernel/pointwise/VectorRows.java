package dev.flint.core.kernel.pointwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row operations for the convolution and batch-norm kernels: copies and adds of short rows
 * (im2col / col2im: 4 to 56 floats, where a scalar loop pays its pre- and post-loop on every row
 * and {@code System.arraycopy} pays a call), row sums, and batch norm's per-plane passes. Whole
 * vectors, then one masked vector (or a scalar loop) for the tail. Only loaded when
 * {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 */
public final class VectorRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorRows() {
    }

    /**
     * The sum of v's lanes in a fixed pairwise order (halves folded onto each other), through
     * {@code tmp} (at least one vector long). Not {@code reduceLanes(ADD)}: its order is left to
     * the implementation, and the compiled and the interpreted code differ in the last bits, so a
     * result would depend on how warm the JIT is (two identical models gave different logits
     * within one test run). Not lane shuffles either: those were not intrinsified here and
     * allocated 0.7 MiB per LeNet step.
     */
    public static float laneSum(FloatVector v, float[] tmp) {
        v.intoArray(tmp, 0);
        for (int half = L / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) {
                tmp[i] += tmp[i + half];
            }
        }
        return tmp[0];
    }

    /** dst[d, d+n) = src[s, s+n). */
    public static void copy(float[] src, int s, float[] dst, int d, int n) {
        int lanes = S.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(S, src, s + i).intoArray(dst, d + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, src, s + i, m).intoArray(dst, d + i, m);
        }
    }

    /** dst[d, d+n) += src[s, s+n). */
    public static void add(float[] src, int s, float[] dst, int d, int n) {
        int lanes = S.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(S, src, s + i).add(FloatVector.fromArray(S, dst, d + i)).intoArray(dst, d + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, src, s + i, m).add(FloatVector.fromArray(S, dst, d + i, m)).intoArray(dst, d + i, m);
        }
    }

    /**
     * The sum of x[off, off+n): four vector accumulators in float (lane j of accumulator q sums
     * elements q*L + j, 4L apart), then their lanes and the tail in double. A fixed order, so
     * the same input always gives the same sum.
     */
    public static double sum(float[] x, int off, int n) {
        int lanes = S.length();
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * lanes <= n; i += 4 * lanes) {
            s0 = s0.add(FloatVector.fromArray(S, x, off + i));
            s1 = s1.add(FloatVector.fromArray(S, x, off + i + lanes));
            s2 = s2.add(FloatVector.fromArray(S, x, off + i + 2 * lanes));
            s3 = s3.add(FloatVector.fromArray(S, x, off + i + 3 * lanes));
        }
        for (; i + lanes <= n; i += lanes) {
            s0 = s0.add(FloatVector.fromArray(S, x, off + i));
        }
        float[] tmp = new float[L];
        double acc = (double) laneSum(s0, tmp) + laneSum(s1, tmp)
                + laneSum(s2, tmp) + laneSum(s3, tmp);
        for (; i < n; i++) {
            acc += x[off + i];
        }
        return acc;
    }

    /** The sum of (x[i] - mean)^2 over x[off, off+n), as {@link #sum}: vector partial sums in float, then double. */
    public static double sumSquaredDeviations(float[] x, int off, int n, float mean) {
        int lanes = S.length();
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            FloatVector d0 = FloatVector.fromArray(S, x, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, x, off + i + lanes).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        float[] tmp = new float[L];
        double acc = (double) laneSum(s0, tmp) + laneSum(s1, tmp);
        for (; i < n; i++) {
            double d = x[off + i] - mean;
            acc += d * d;
        }
        return acc;
    }

    /** The sum of g[i] * (x[i] - mean) over [off, off+n) of both arrays. */
    public static double dotCentered(float[] g, float[] x, int off, int n, float mean) {
        int lanes = S.length();
        FloatVector m = FloatVector.broadcast(S, mean);
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            s0 = FloatVector.fromArray(S, x, off + i).sub(m).fma(FloatVector.fromArray(S, g, off + i), s0);
            s1 = FloatVector.fromArray(S, x, off + i + lanes).sub(m).fma(FloatVector.fromArray(S, g, off + i + lanes), s1);
        }
        float[] tmp = new float[L];
        double acc = (double) laneSum(s0, tmp) + laneSum(s1, tmp);
        for (; i < n; i++) {
            acc += g[off + i] * (x[off + i] - mean);
        }
        return acc;
    }

    /** y[off, off+n) = x * scale + shift. */
    public static void affine(float[] x, float[] y, int off, int n, float scale, float shift) {
        int lanes = S.length();
        FloatVector a = FloatVector.broadcast(S, scale);
        FloatVector b = FloatVector.broadcast(S, shift);
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(S, x, off + i).fma(a, b).intoArray(y, off + i);
        }
        for (; i < n; i++) {
            y[off + i] = x[off + i] * scale + shift;
        }
    }

    /** out[off, off+n) = scale * (g - c - (x - mean) * k): batch norm's input gradient. */
    public static void centeredScale(float[] g, float[] x, float[] out, int off, int n, float scale, float c, float mean, float k) {
        int lanes = S.length();
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector vc = FloatVector.broadcast(S, c);
        FloatVector vm = FloatVector.broadcast(S, mean);
        FloatVector vk = FloatVector.broadcast(S, k);
        int i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector d = FloatVector.fromArray(S, x, off + i).sub(vm).mul(vk);
            FloatVector.fromArray(S, g, off + i).sub(vc).sub(d).mul(vs).intoArray(out, off + i);
        }
        for (; i < n; i++) {
            out[off + i] = scale * (g[off + i] - c - (x[off + i] - mean) * k);
        }
    }

    /**
     * logsumexp of rows [0, rows) of length len (1 < len < lanes, rows a multiple of lanes) at
     * x[off], into out[outOff ..]: one row per lane, its elements gathered a column at a time, so
     * short rows (a per-pixel loss: 11 classes) pay no per-row loop; the sums are in float (at
     * most lanes - 1 terms, each at most 1). The shift is the row max, 0 where that is infinite,
     * as {@link Reduce#logSumExp}. exp and log are {@link VectorMath}'s, the same bits interpreted
     * and compiled.
     */
    static void logSumExpShortRows(float[] x, int off, int rows, int len, float[] out, int outOff) {
        int[] column = new int[L];
        for (int j = 0; j < L; j++) {
            column[j] = j * len;
        }
        FloatVector zero = FloatVector.zero(S);
        for (int r = 0; r < rows; r += L) {
            int base = off + r * len;
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < len; i++) {
                m = m.max(FloatVector.fromArray(S, x, base + i, column, 0)); // NaN wins, as Math.max
            }
            FloatVector shift = m.blend(zero, m.test(VectorOperators.IS_INFINITE));
            FloatVector sum = zero;
            for (int i = 0; i < len; i++) {
                sum = sum.add(VectorMath.exp(FloatVector.fromArray(S, x, base + i, column, 0).sub(shift)));
            }
            shift.add(VectorMath.log(sum)).intoArray(out, outOff + r);
        }
    }
}
