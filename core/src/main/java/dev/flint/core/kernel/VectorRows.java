package dev.flint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row operations for the convolution kernels: copies and adds of short rows (im2col / col2im:
 * 4 to 56 floats, where a scalar loop pays its pre- and post-loop on every row and
 * {@code System.arraycopy} pays a call), and row sums. Whole vectors, then one masked vector for
 * the tail. Only loaded when {@link VectorSupport#enabled()}.
 */
final class VectorRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorRows() {
    }

    /** dst[d, d+n) = src[s, s+n). */
    static void copy(float[] src, int s, float[] dst, int d, int n) {
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
    static void add(float[] src, int s, float[] dst, int d, int n) {
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
    static double sum(float[] x, int off, int n) {
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
        double acc = (double) s0.reduceLanes(VectorOperators.ADD) + s1.reduceLanes(VectorOperators.ADD)
                + s2.reduceLanes(VectorOperators.ADD) + s3.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            acc += x[off + i];
        }
        return acc;
    }
}
