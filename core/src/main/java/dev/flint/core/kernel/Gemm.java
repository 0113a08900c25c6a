package dev.flint.core.kernel;

/**
 * Single-precision matrix multiply on strided operands: C = A * B (+ C when {@code accumulate}),
 * with A of M x K read at {@code a[aOff + i*aRow + p*aCol]}, B of K x N at
 * {@code b[bOff + p*bRow + j*bCol]} and C row-major with leading dimension {@code ldc}. Strides
 * express transposed operands (NN, NT, TN, TT) without materialising the transpose.
 *
 * <p>This is the correct, reasonably fast kernel the autograd ops call; the performance issue
 * replaces its body with a packed, cache-blocked micro-kernel behind this same signature.
 * {@link #reference} is the naive triple loop kept forever as the test oracle.
 */
public final class Gemm {
    private Gemm() {
    }

    /** C (M x N) = A (M x K) * B (K x N), or C += A * B when {@code accumulate}. */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRow, int aCol,
                             float[] b, int bOff, int bRow, int bCol,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        if (k == 0) {
            return;
        }
        // The inner loop streams rows of B; give it unit-stride rows, packing B when it has none.
        float[] bp = b;
        int bpOff = bOff;
        int bpRow = bRow;
        if (bCol != 1) {
            bp = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bp[p * n + j] = b[bOff + p * bRow + j * bCol];
                }
            }
            bpOff = 0;
            bpRow = n;
        }
        if (VectorSupport.enabled() && n >= VectorSupport.floatLanes()) {
            VectorGemm.rowAxpy(m, n, k, a, aOff, aRow, aCol, bp, bpOff, bpRow, c, cOff, ldc);
        } else {
            rowAxpyScalar(m, n, k, a, aOff, aRow, aCol, bp, bpOff, bpRow, c, cOff, ldc);
        }
    }

    /** C += A * B with unit-stride rows of B: for each (i, p), C[i,:] += A[i,p] * B[p,:]. */
    static void rowAxpyScalar(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                              float[] b, int bOff, int bRow, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = a[aOff + i * aRow + p * aCol];
                int bi = bOff + p * bRow;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bi + j];
                }
            }
        }
    }

    /** Naive reference: C = A * B (+ C), accumulated in double. The oracle for every faster kernel. */
    public static void reference(int m, int n, int k,
                                 float[] a, int aOff, int aRow, int aCol,
                                 float[] b, int bOff, int bRow, int bCol,
                                 float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = accumulate ? c[cOff + i * ldc + j] : 0.0;
                for (int p = 0; p < k; p++) {
                    acc += (double) a[aOff + i * aRow + p * aCol] * b[bOff + p * bRow + j * bCol];
                }
                c[cOff + i * ldc + j] = (float) acc;
            }
        }
    }
}
