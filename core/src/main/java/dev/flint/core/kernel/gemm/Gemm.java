package dev.flint.core.kernel.gemm;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Scratch;
import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * Single-precision matrix multiply on strided operands: C = A * B (+ C when {@code accumulate}),
 * with A of M x K read at {@code a[aOff + i*aRow + p*aCol]}, B of K x N at
 * {@code b[bOff + p*bRow + j*bCol]} and C row-major with leading dimension {@code ldc}. Strides
 * express transposed operands (NN, NT, TN, TT) without materialising the transpose.
 *
 * <p>Dispatch on shape: large products go to {@link PackedGemm} (packed panels, cache blocking,
 * register-blocked micro-kernel), split over {@link Parallel} threads by column (or row) blocks,
 * so no reduction crosses threads; skinny products where packing costs more than it saves
 * (few rows or a short depth, e.g. LeNet's first convolution, M=6, K=25) take the unpacked
 * row-axpy loop. {@link #reference} is the naive triple loop kept forever as the test oracle.
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
        if (VectorSupport.enabled() && usePacked(m, n, k)) {
            packed(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
            return;
        }
        if (VectorSupport.enabled() && aCol == 1 && bRow == 1 && k >= 4 * VectorSupport.floatLanes()) {
            // A's rows and B's columns are both contiguous along k (C = A * B^T with row-major B):
            // every element is a long dot product, which vectorises along k without packing.
            VectorGemm.dotNT(m, n, k, a, aOff, aRow, b, bOff, bCol, c, cOff, ldc, accumulate);
            return;
        }
        if (VectorSupport.enabled() && bCol == 1 && m >= 6 && n >= 2 * VectorSupport.floatLanes()) {
            VectorGemm.sixRows(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, c, cOff, ldc, accumulate);
            return;
        }
        if (VectorSupport.enabled() && n < VectorSupport.floatLanes() && m >= 2 * VectorSupport.floatLanes() && k > 0) {
            transposed(m, n, k, a, aOff, aRow, aCol, b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
            return;
        }
        if (!accumulate) {
            zeroRows(c, cOff, m, n, ldc);
        }
        if (k == 0) {
            return;
        }
        // The inner loop streams rows of B; give it unit-stride rows, packing B when it has none.
        float[] bp = b;
        int bpOff = bOff;
        int bpRow = bRow;
        if (bCol != 1) {
            bp = Scratch.floats(Scratch.GEMM_B, k * n);
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

    /**
     * An A operand (M x K, strided like {@link #sgemm}'s) shared by several products C = A * B, such
     * as a convolution's weights across samples and bands: where the packed path applies, A is
     * packed once here instead of once per product. It lives in a per-thread buffer of the
     * calling thread, valid until that thread's next {@code share}; other threads may read it
     * meanwhile (the products of one parallel region). {@code packed} is null where A is used as
     * given (then a, aOff, aRow, aCol describe it); otherwise it is in
     * {@code PackedGemm.packWhole}'s layout.
     */
    public record SharedA(int m, int k, float[] a, int aOff, int aRow, int aCol, float[] packed) {
    }

    /** Prepares A for {@link #sgemm(SharedA, int, float[], int, int, int, float[], int, int, boolean)}. */
    public static SharedA share(int m, int k, float[] a, int aOff, int aRow, int aCol) {
        return share(m, k, a, aOff, aRow, aCol, false);
    }

    /** {@link #share}, packing into an array of its own when {@code owned} (to be kept across calls) instead of scratch. */
    public static SharedA share(int m, int k, float[] a, int aOff, int aRow, int aCol, boolean owned) {
        float[] packed = null;
        long size = sharedFloats(m, k);
        if (size > 0) {
            packed = owned ? new float[(int) size] : Scratch.floats(Scratch.SHARED_A, (int) size);
            PackedGemm.packWhole(m, k, a, aOff, aRow, aCol, packed);
        }
        return new SharedA(m, k, a, aOff, aRow, aCol, packed);
    }

    /**
     * Floats {@link #share} packs an M x K operand into; 0 where it keeps A as given (the scalar
     * kernels, or an operand too small to gain from packing). Asking never loads a Vector API class.
     */
    public static long sharedFloats(int m, int k) {
        return VectorSupport.enabled() && m >= 16 && k >= 32 ? (long) PackedGemm.paddedRows(m) * k : 0;
    }

    /** C (M x N) = A * B (+ C) with a shared A: the same result as {@link #sgemm} on A's arrays. */
    public static void sgemm(SharedA sa, int n, float[] b, int bOff, int bRow, int bCol,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        int m = sa.m();
        int k = sa.k();
        if (sa.packed() == null || m == 0 || n == 0 || !usePacked(m, n, k)) {
            sgemm(m, n, k, sa.a(), sa.aOff(), sa.aRow(), sa.aCol(), b, bOff, bRow, bCol, c, cOff, ldc, accumulate);
            return;
        }
        // Column blocks only: every thread reads the one packed A.
        byColumns(m, n, k, null, 0, 0, 0, sa.packed(), b, bOff, bRow, bCol, null, c, cOff, ldc, accumulate);
    }

    /**
     * C (M x N) = A * B (+ C) where B (K x N) is given by a table of row starts into {@code b}: row
     * p of B is {@code b[offsets[p] .. + N)}. Convolution uses it to read its im2col matrix
     * straight from the (padded) input. Always the packed kernel, so only with
     * {@link VectorSupport#enabled()}.
     */
    public static void sgemmTable(SharedA sa, int n, float[] b, int[] offsets,
                                  float[] c, int cOff, int ldc, boolean accumulate) {
        sgemmTable(sa, n, b, offsets, null, c, cOff, ldc, accumulate);
    }

    /**
     * {@link #sgemmTable(SharedA, int, float[], int[], float[], int, int, boolean)} with a column
     * table too: element (p, j) of B is {@code b[offsets[p] + columns[j]]} ({@code columns} holds
     * at least N entries; null: columns are contiguous).
     */
    public static void sgemmTable(SharedA sa, int n, float[] b, int[] offsets, int[] columns,
                                  float[] c, int cOff, int ldc, boolean accumulate) {
        if (!VectorSupport.enabled()) {
            throw new IllegalStateException("Gemm.sgemmTable: needs the Vector API kernels");
        }
        int m = sa.m();
        int k = sa.k();
        if (m == 0 || n == 0) {
            return;
        }
        PackedGemm.TableB table = new PackedGemm.TableB(b, offsets, columns);
        byColumns(m, n, k, sa.a(), sa.aOff(), sa.aRow(), sa.aCol(), sa.packed(), null, 0, 0, 0, table, c, cOff, ldc, accumulate);
    }

    /**
     * The packed kernel over all of C, split over threads by blocks of NR columns (no reduction
     * crosses threads, so the result does not depend on the split), or on one thread when the
     * product is small. When the column panels do not divide evenly between the threads (7 panels
     * on 2 threads: one thread does 4, the other waits; ResNet-18's 14x14 layers at batch 1) and
     * there are rows to spare, it splits one panel by rows instead ({@link #byRows}): each thread
     * takes whole panels up to an even share of the tiles, and the panel between two shares is
     * cut by rows, so the multiply is shared evenly and only that panel is packed twice. Arguments as
     * {@link PackedGemm#gemm}'s.
     */
    private static void byColumns(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] whole,
                                  float[] b, int bOff, int bRow, int bCol, PackedGemm.TableB table,
                                  float[] c, int cOff, int ldc, boolean accumulate) {
        int nr = PackedGemm.NR;
        int threads = Parallel.threads();
        if ((long) m * n * k < 64L * 64 * 64 || threads == 1) {
            PackedGemm.gemm(m, 0, n, k, a, aOff, aRow, aCol, whole, b, bOff, bRow, bCol, table, c, cOff, ldc, accumulate);
            return;
        }
        int panels = (n + nr - 1) / nr;
        if (splitRows(panels, threads, (m + PackedGemm.MR - 1) / PackedGemm.MR)) {
            byRows(m, n, k, a, aOff, aRow, aCol, whole, b, bOff, bRow, bCol, table, c, cOff, ldc, accumulate);
            return;
        }
        // With A packed once (shared), a column chunk costs no packing of A, so two per thread
        // let a thread take over the second chunk of one that starts late (batch-1 convolutions).
        int perThread = whole != null && panels >= 4 * threads ? 2 : 1;
        Parallel.forChunks(panels, perThread, (chunk, from, to) -> PackedGemm.gemm(m, from * nr, Math.min(n, to * nr), k,
                a, aOff, aRow, aCol, whole, b, bOff, bRow, bCol, table, c, cOff, ldc, accumulate));
    }

    /**
     * The packed kernel split over threads by blocks of MR rows; each thread packs all of B.
     * With {@code whole} (A packed once, shared), a thread's rows are found through their offset
     * into it; otherwise a thread packs its own rows of A. Arguments as {@link PackedGemm#gemm}'s.
     */
    private static void byRows(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] whole,
                               float[] b, int bOff, int bRow, int bCol, PackedGemm.TableB table,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        // The (column panel, row micro-panel) tiles in column-panel order, cut into one
        // contiguous run per thread: a thread takes whole column panels, and only the panel
        // where two runs meet is split by rows. Each thread packs only its own panels of B;
        // splitting every panel by rows made each thread pack all of B.
        int mr = PackedGemm.MR;
        int nr = PackedGemm.NR;
        int rowPanels = (m + mr - 1) / mr;
        int panels = (n + nr - 1) / nr;
        int wholePad = PackedGemm.paddedRows(m);
        Parallel.forChunks(panels * rowPanels, (chunk, from, to) -> {
            for (int u = from; u < to; ) {
                int p = u / rowPanels;
                int rp0 = u % rowPanels;
                int rp1 = Math.min(rowPanels, rp0 + (to - u));
                boolean wholePanels = rp0 == 0 && rp1 == rowPanels; // then as many as the run covers
                int p1 = wholePanels ? p + (to - u) / rowPanels : p + 1;
                int r0 = rp0 * mr;
                int r1 = Math.min(m, rp1 * mr);
                PackedGemm.gemm(r1 - r0, p * nr, Math.min(n, p1 * nr), k, a, aOff + r0 * aRow, aRow, aCol, whole, r0, wholePad,
                        b, bOff, bRow, bCol, table, c, cOff + r0 * ldc, ldc, accumulate);
                u += wholePanels ? (p1 - p) * rowPanels : rp1 - rp0;
            }
        });
    }

    /**
     * Whether {@link #byColumns} splits rows: when a column split leaves the threads under 90%
     * busy (the busiest thread gets ceil(panels / threads) NR-wide panels, each costing the same
     * whether full or not) and every thread gets at least eight micro-panels of rows.
     */
    static boolean splitRows(int panels, int threads, int rowPanels) {
        int busiest = (panels + threads - 1) / threads;
        return panels * 10L < 9L * threads * busiest && rowPanels >= 8 * threads;
    }

    /**
     * C narrower than a vector but tall (a 10-class head's weight gradient, 84 x 10): every
     * vector path needs N >= lanes, so solve C^T = B^T * A^T, where the M rows become the vector
     * axis, into a scratch N x M and store it transposed. Each element sums over k in the same
     * order as the row-axpy loop would.
     */
    private static void transposed(int m, int n, int k, float[] a, int aOff, int aRow, int aCol,
                                   float[] b, int bOff, int bRow, int bCol, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] t = Scratch.floats(Scratch.GEMM_T, n * m);
        sgemm(n, m, k, b, bOff, bCol, bRow, a, aOff, aCol, aRow, t, 0, m, false);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[ci + j] = accumulate ? c[ci + j] + t[j * m + i] : t[j * m + i];
            }
        }
    }

    /** Zeroes an m x n block of a row-major matrix with leading dimension ldc. */
    static void zeroRows(float[] c, int cOff, int m, int n, int ldc) {
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
    }

    /** Packing pays once there are enough rows to reuse each packed B panel and enough depth to amortise it. */
    static boolean usePacked(int m, int n, int k) {
        return m >= 16 && k >= 32 && n >= 32 && (long) m * n * k >= 32L * 32 * 32 * 8;
    }

    /** The packed path, split over threads by blocks of columns (or of rows when C is tall and narrow). */
    static void packed(int m, int n, int k, float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int bRow, int bCol,
                       float[] c, int cOff, int ldc, boolean accumulate) {
        int mr = PackedGemm.MR;
        long work = (long) m * n * k;
        if (work < 64L * 64 * 64 || Parallel.threads() == 1 || n >= m || m < 2 * mr) {
            byColumns(m, n, k, a, aOff, aRow, aCol, null, b, bOff, bRow, bCol, null, c, cOff, ldc, accumulate);
        } else {
            byRows(m, n, k, a, aOff, aRow, aCol, null, b, bOff, bRow, bCol, null, c, cOff, ldc, accumulate);
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
