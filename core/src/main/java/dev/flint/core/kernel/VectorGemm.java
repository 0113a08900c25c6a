package dev.flint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API form of {@link Gemm}'s row-axpy loop; only loaded when {@link VectorSupport#enabled()}. */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorGemm() {
    }

    /** C += A * B, B with unit-stride rows. Four rows of B per pass keep C's row in registers longer. */
    static void rowAxpy(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                        float[] b, int bOff, int bRow, float[] c, int cOff, int ldc) {
        int lanes = S.length();
        int bound = S.loopBound(n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            int ai = aOff + i * aRow;
            int p = 0;
            for (; p + 3 < k; p += 4) {
                float a0 = a[ai + p * aCol];
                float a1 = a[ai + (p + 1) * aCol];
                float a2 = a[ai + (p + 2) * aCol];
                float a3 = a[ai + (p + 3) * aCol];
                int b0 = bOff + p * bRow;
                int b1 = b0 + bRow;
                int b2 = b1 + bRow;
                int b3 = b2 + bRow;
                FloatVector va0 = FloatVector.broadcast(S, a0);
                FloatVector va1 = FloatVector.broadcast(S, a1);
                FloatVector va2 = FloatVector.broadcast(S, a2);
                FloatVector va3 = FloatVector.broadcast(S, a3);
                int j = 0;
                for (; j < bound; j += lanes) {
                    FloatVector acc = FloatVector.fromArray(S, c, ci + j);
                    acc = FloatVector.fromArray(S, b, b0 + j).fma(va0, acc);
                    acc = FloatVector.fromArray(S, b, b1 + j).fma(va1, acc);
                    acc = FloatVector.fromArray(S, b, b2 + j).fma(va2, acc);
                    acc = FloatVector.fromArray(S, b, b3 + j).fma(va3, acc);
                    acc.intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; p < k; p++) {
                float a0 = a[ai + p * aCol];
                int b0 = bOff + p * bRow;
                FloatVector va0 = FloatVector.broadcast(S, a0);
                int j = 0;
                for (; j < bound; j += lanes) {
                    FloatVector.fromArray(S, b, b0 + j).fma(va0, FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
                }
                for (; j < n; j++) {
                    c[ci + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    /**
     * C (+)= A * B where A's rows (stride aRow) and B's columns (stride bCol) are contiguous
     * along k: four dot products at a time share each load of A.
     */
    static void dotNT(int m, int n, int k, float[] a, int aOff, int aRow, float[] b, int bOff, int bCol,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        int lanes = S.length();
        int bound = S.loopBound(k);
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRow;
            int ci = cOff + i * ldc;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                int b0 = bOff + j * bCol;
                int b1 = b0 + bCol;
                int b2 = b1 + bCol;
                int b3 = b2 + bCol;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = FloatVector.zero(S);
                FloatVector s2 = FloatVector.zero(S);
                FloatVector s3 = FloatVector.zero(S);
                for (int p = 0; p < bound; p += lanes) {
                    FloatVector va = FloatVector.fromArray(S, a, ai + p);
                    s0 = FloatVector.fromArray(S, b, b0 + p).fma(va, s0);
                    s1 = FloatVector.fromArray(S, b, b1 + p).fma(va, s1);
                    s2 = FloatVector.fromArray(S, b, b2 + p).fma(va, s2);
                    s3 = FloatVector.fromArray(S, b, b3 + p).fma(va, s3);
                }
                float r0 = s0.reduceLanes(VectorOperators.ADD);
                float r1 = s1.reduceLanes(VectorOperators.ADD);
                float r2 = s2.reduceLanes(VectorOperators.ADD);
                float r3 = s3.reduceLanes(VectorOperators.ADD);
                for (int p = bound; p < k; p++) {
                    float av = a[ai + p];
                    r0 += av * b[b0 + p];
                    r1 += av * b[b1 + p];
                    r2 += av * b[b2 + p];
                    r3 += av * b[b3 + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + r0 : r0;
                c[ci + j + 1] = accumulate ? c[ci + j + 1] + r1 : r1;
                c[ci + j + 2] = accumulate ? c[ci + j + 2] + r2 : r2;
                c[ci + j + 3] = accumulate ? c[ci + j + 3] + r3 : r3;
            }
            for (; j < n; j++) {
                int bj = bOff + j * bCol;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < bound; p += lanes) {
                    s0 = FloatVector.fromArray(S, b, bj + p).fma(FloatVector.fromArray(S, a, ai + p), s0);
                }
                float r = s0.reduceLanes(VectorOperators.ADD);
                for (int p = bound; p < k; p++) {
                    r += a[ai + p] * b[bj + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + r : r;
            }
        }
    }
}
