package dev.flint.core.kernel.gemm;

import dev.flint.core.kernel.pointwise.VectorRows;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API form of {@link Gemm}'s row-axpy loop; only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}. */
public final class VectorGemm {
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

    /** Depth chunk of {@link #dotRows}: 3 + 4 rows of 16 KiB stay in L2 while a block runs over them. */
    private static final int DOT_CHUNK = 4096;

    /**
     * C[m x n] += A * B^T where row i of A is {@code a[aOff + i * lda ..  + k)} and row j of B is
     * {@code b[offsets[j] .. + k)}: every element a dot product along k. B's rows are read in
     * place, so a convolution's im2col rows come straight from its input image. Blocks of 3 x 4
     * elements keep 12 accumulators in registers (7 loads per 12 FMAs, against 5 per 4 in
     * {@link #dotNT}); edge blocks repeat their last row or column and store only the valid ones.
     * The depth's tail past the last whole vector is summed in scalar code ({@link #tail}).
     */
    public static void dotRows(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int[] offsets,
                        float[] c, int cOff, int ldc) {
        float[] tmp = new float[S.length()]; // laneSum's scratch
        int lanes = S.length();
        for (int k0 = 0; k0 < k; k0 += DOT_CHUNK) {
            int kl = Math.min(DOT_CHUNK, k - k0);
            int bound = S.loopBound(kl);
            for (int i = 0; i < m; i += 3) {
                int a0 = aOff + i * lda + k0;
                int a1 = aOff + Math.min(i + 1, m - 1) * lda + k0;
                int a2 = aOff + Math.min(i + 2, m - 1) * lda + k0;
                for (int j = 0; j < n; j += 4) {
                    int b0 = offsets[j] + k0;
                    int b1 = offsets[Math.min(j + 1, n - 1)] + k0;
                    int b2 = offsets[Math.min(j + 2, n - 1)] + k0;
                    int b3 = offsets[Math.min(j + 3, n - 1)] + k0;
                    FloatVector s00 = FloatVector.zero(S);
                    FloatVector s01 = FloatVector.zero(S);
                    FloatVector s02 = FloatVector.zero(S);
                    FloatVector s03 = FloatVector.zero(S);
                    FloatVector s10 = FloatVector.zero(S);
                    FloatVector s11 = FloatVector.zero(S);
                    FloatVector s12 = FloatVector.zero(S);
                    FloatVector s13 = FloatVector.zero(S);
                    FloatVector s20 = FloatVector.zero(S);
                    FloatVector s21 = FloatVector.zero(S);
                    FloatVector s22 = FloatVector.zero(S);
                    FloatVector s23 = FloatVector.zero(S);
                    for (int p = 0; p < bound; p += lanes) {
                        FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                        FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                        FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
                        FloatVector y = FloatVector.fromArray(S, b, b0 + p);
                        s00 = y.fma(x0, s00);
                        s10 = y.fma(x1, s10);
                        s20 = y.fma(x2, s20);
                        y = FloatVector.fromArray(S, b, b1 + p);
                        s01 = y.fma(x0, s01);
                        s11 = y.fma(x1, s11);
                        s21 = y.fma(x2, s21);
                        y = FloatVector.fromArray(S, b, b2 + p);
                        s02 = y.fma(x0, s02);
                        s12 = y.fma(x1, s12);
                        s22 = y.fma(x2, s22);
                        y = FloatVector.fromArray(S, b, b3 + p);
                        s03 = y.fma(x0, s03);
                        s13 = y.fma(x1, s13);
                        s23 = y.fma(x2, s23);
                    }
                    int rows = Math.min(3, m - i);
                    int cols = Math.min(4, n - j);
                    int ci = cOff + i * ldc + j;
                    // The depth's tail in scalar code: a masked load whose vector reaches past the
                    // array takes a slow path that allocates (1 MiB per LeNet step from this alone).
                    addDots(c, ci, cols, VectorRows.laneSum(s00, tmp) + tail(a, a0, b, b0, bound, kl),
                            VectorRows.laneSum(s01, tmp) + tail(a, a0, b, b1, bound, kl),
                            VectorRows.laneSum(s02, tmp) + tail(a, a0, b, b2, bound, kl),
                            VectorRows.laneSum(s03, tmp) + tail(a, a0, b, b3, bound, kl));
                    if (rows > 1) {
                        addDots(c, ci + ldc, cols, VectorRows.laneSum(s10, tmp) + tail(a, a1, b, b0, bound, kl),
                                VectorRows.laneSum(s11, tmp) + tail(a, a1, b, b1, bound, kl),
                                VectorRows.laneSum(s12, tmp) + tail(a, a1, b, b2, bound, kl),
                                VectorRows.laneSum(s13, tmp) + tail(a, a1, b, b3, bound, kl));
                    }
                    if (rows > 2) {
                        addDots(c, ci + 2 * ldc, cols, VectorRows.laneSum(s20, tmp) + tail(a, a2, b, b0, bound, kl),
                                VectorRows.laneSum(s21, tmp) + tail(a, a2, b, b1, bound, kl),
                                VectorRows.laneSum(s22, tmp) + tail(a, a2, b, b2, bound, kl),
                                VectorRows.laneSum(s23, tmp) + tail(a, a2, b, b3, bound, kl));
                    }
                }
            }
        }
    }

    /** c[at .. at + cols) += d0 .. d3 (the first cols of them). */
    private static void addDots(float[] c, int at, int cols, float d0, float d1, float d2, float d3) {
        c[at] += d0;
        if (cols > 1) {
            c[at + 1] += d1;
        }
        if (cols > 2) {
            c[at + 2] += d2;
        }
        if (cols > 3) {
            c[at + 3] += d3;
        }
    }

    /** The scalar tail [from, to) of the dot product of the rows at a[ai ..] and b[bi ..]. */
    private static float tail(float[] a, int ai, float[] b, int bi, int from, int to) {
        float sum = 0f;
        for (int p = from; p < to; p++) {
            sum += a[ai + p] * b[bi + p];
        }
        return sum;
    }

    /**
     * C (+)= A * B where A's rows (stride aRow) and B's columns (stride bCol) are contiguous
     * along k: four dot products at a time share each load of A.
     */
    static void dotNT(int m, int n, int k, float[] a, int aOff, int aRow, float[] b, int bOff, int bCol,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        float[] tmp = new float[S.length()]; // laneSum's scratch
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
                float r0 = VectorRows.laneSum(s0, tmp);
                float r1 = VectorRows.laneSum(s1, tmp);
                float r2 = VectorRows.laneSum(s2, tmp);
                float r3 = VectorRows.laneSum(s3, tmp);
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
                float r = VectorRows.laneSum(s0, tmp);
                for (int p = bound; p < k; p++) {
                    r += a[ai + p] * b[bj + p];
                }
                c[ci + j] = accumulate ? c[ci + j] + r : r;
            }
        }
    }

    /**
     * C (+)= A * B for few rows, without packing: six rows of C at a time, in strips of two
     * vectors, so twelve accumulators stay in registers while k streams B's rows (unit stride)
     * and broadcasts A's elements (any stride). Rows left over (m % 6) and columns left over
     * (n % 2 lanes) go to {@link #rowAxpy} on a zeroed or accumulated C.
     */
    static void sixRows(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                        float[] b, int bOff, int bRow, float[] c, int cOff, int ldc, boolean accumulate) {
        int lanes = S.length();
        int strip = 2 * lanes;
        int nMain = n - n % strip;
        int mMain = m - m % 6;
        for (int i = 0; i < mMain; i += 6) {
            for (int j = 0; j < nMain; j += strip) {
                six(k, a, aOff + i * aRow, aRow, aCol, b, bOff + j, bRow, c, cOff + i * ldc + j, ldc, accumulate);
            }
        }
        // Leftover columns of the six-row blocks, then leftover rows, by row-axpy.
        if (nMain < n && mMain > 0) {
            if (!accumulate) {
                Gemm.zeroRows(c, cOff + nMain, mMain, n - nMain, ldc);
            }
            rowAxpy(mMain, n - nMain, k, a, aOff, aRow, aCol, b, bOff + nMain, bRow, c, cOff + nMain, ldc);
        }
        if (mMain < m) {
            if (!accumulate) {
                Gemm.zeroRows(c, cOff + mMain * ldc, m - mMain, n, ldc);
            }
            rowAxpy(m - mMain, n, k, a, aOff + mMain * aRow, aRow, aCol, b, bOff, bRow, c, cOff + mMain * ldc, ldc);
        }
    }

    /** One 6 x (2 lanes) tile of C over the whole depth k. */
    private static void six(int k, float[] a, int a0, int aRow, int aCol, float[] b, int b0, int bRow,
                            float[] c, int c0, int ldc, boolean accumulate) {
        int lanes = S.length();
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c51 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * bRow;
            int ap = a0 + p * aCol;
            FloatVector v0 = FloatVector.fromArray(S, b, bp);
            FloatVector v1 = FloatVector.fromArray(S, b, bp + lanes);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = v0.fma(x, c00);
            c01 = v1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ap + aRow]);
            c10 = v0.fma(x, c10);
            c11 = v1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * aRow]);
            c20 = v0.fma(x, c20);
            c21 = v1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * aRow]);
            c30 = v0.fma(x, c30);
            c31 = v1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * aRow]);
            c40 = v0.fma(x, c40);
            c41 = v1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * aRow]);
            c50 = v0.fma(x, c50);
            c51 = v1.fma(x, c51);
        }
        put(c, c0, accumulate, c00, c01);
        put(c, c0 + ldc, accumulate, c10, c11);
        put(c, c0 + 2 * ldc, accumulate, c20, c21);
        put(c, c0 + 3 * ldc, accumulate, c30, c31);
        put(c, c0 + 4 * ldc, accumulate, c40, c41);
        put(c, c0 + 5 * ldc, accumulate, c50, c51);
    }

    private static void put(float[] c, int at, boolean accumulate, FloatVector v0, FloatVector v1) {
        int lanes = S.length();
        if (accumulate) {
            v0 = v0.add(FloatVector.fromArray(S, c, at));
            v1 = v1.add(FloatVector.fromArray(S, c, at + lanes));
        }
        v0.intoArray(c, at);
        v1.intoArray(c, at + lanes);
    }
}
