package dev.flint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Short copies and adds for im2col / col2im: rows of 4 to 56 floats, where a scalar loop pays
 * its pre- and post-loop on every row and {@code System.arraycopy} pays a call. Whole vectors,
 * then one masked vector for the tail. Only loaded when {@link VectorSupport#enabled()}.
 */
final class VectorCopy {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorCopy() {
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
}
