package dev.flint.core.kernel.gemm;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Scratch;
import dev.flint.core.kernel.runtime.Settings;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GotoBLAS/BLIS-style SGEMM on the Vector API: C (m x n) = A (m x k) * B (k x n) (+ C).
 *
 * <p>Loops, outside in: columns of C in blocks of {@link #NC}; depth in blocks of {@link #KC}
 * (B's KC x NC block is packed once into NR-wide micro-panels, k-major, and stays in L3/L2);
 * rows in blocks of {@link #MC} (A's MC x KC block is packed into MR-high micro-panels and stays
 * in L2, k-major: the MR values of each depth step side by side); then the MR x NR micro-kernel
 * ({@link #multiplyPacked})
 * keeps its tile of C in MR * 2 vector registers while it streams one micro-panel of A and one of
 * B (both from L2) with broadcast + FMA. Packing
 * reads A and B through arbitrary strides, so transposed operands (NN, NT, TN, TT) cost nothing
 * extra; it pads edge micro-panels with zeros, so the micro-kernel never branches on edges and
 * only the store of an edge tile is partial.
 *
 * <p>Blocking for these machines (AVX-512, 16 float lanes, L1d 48 KiB, L2 1 MiB per core):
 * MR = 6, NR = 32 (2 vectors), 12 accumulators + 2 B vectors + 1 broadcast = 15 of 32 zmm
 * registers. KC = 1024: every depth block costs each C tile a load, an add and a store, a
 * traffic the textbook KC = 256 (B micro-panel resident in L1) pays four times as often; at
 * KC = 1024 the 128 KiB B micro-panel streams from L2 alongside A, which the two loads per 12
 * FMAs afford.
 * Depth is split into equal blocks of at most KC ({@link #depthBlock}), so K = 1152 runs as two
 * blocks of 576, not 1024 + 128. MC = 96 so packed A (384 KiB) and a B micro-panel share L2;
 * NC = 3072 so packed B (12 MiB) fits the shared L3. With other vector widths NR = 2 * lanes.
 *
 * <p>Only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}. Packing buffers are per thread, grow to
 * the largest product seen and are reused.
 */
public final class PackedGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 6;
    public static final int NR = 2 * L;
    static final int KC = Settings.GEMM_KC;
    static final int MC = Math.max(MR, Settings.GEMM_MC / MR * MR);
    static final int NC = Math.max(NR, Settings.GEMM_NC / NR * NR);


    private PackedGemm() {
    }

    /** C[m x n] (row-major, ldc) = A * B (+ C when accumulate), over columns [n0, n1) only. */
    public static void gemm(int m, int n0, int n1, int k,
                     float[] a, int aOff, int aRow, int aCol,
                     float[] b, int bOff, int bRow, int bCol,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(m, n0, n1, k, a, aOff, aRow, aCol, null, b, bOff, bRow, bCol, null, c, cOff, ldc, accumulate);
    }

    /**
     * A B operand (k x n) read through a table of row starts instead of strides: row p is
     * {@code b[offsets[p] .. offsets[p] + n)}, or, with {@code columns} non-null, element (p, j) is
     * {@code b[offsets[p] + columns[j]]}. A stride-1 convolution's im2col matrix is such a
     * matrix over the padded input, so it is packed straight from the input, never materialised;
     * the column table skips the padding columns between output rows.
     */
    public record TableB(float[] b, int[] offsets, int[] columns) {
    }

    /**
     * As above; with {@code whole} non-null, A was packed once by {@link #packWhole} and is not
     * packed again (a, aOff, aRow, aCol are then unused); with {@code table} non-null, B is read
     * through it (b, bOff, bRow, bCol are then unused).
     */
    public static void gemm(int m, int n0, int n1, int k,
                     float[] a, int aOff, int aRow, int aCol, float[] whole,
                     float[] b, int bOff, int bRow, int bCol, TableB table,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(m, n0, n1, k, a, aOff, aRow, aCol, whole, 0, paddedRows(m), b, bOff, bRow, bCol, table, c, cOff, ldc, accumulate);
    }

    /**
     * As above, for rows [wholeRow0, wholeRow0 + m) of an A packed whole by {@link #packWhole}
     * for {@code wholePad / MR} micro-panels of rows (wholeRow0 a multiple of MR; C and m describe
     * those rows only): how a thread computes its block of rows against a shared packed A.
     */
    public static void gemm(int m, int n0, int n1, int k,
                     float[] a, int aOff, int aRow, int aCol, float[] whole, int wholeRow0, int wholePad,
                     float[] b, int bOff, int bRow, int bCol, TableB table,
                     float[] c, int cOff, int ldc, boolean accumulate) {
        int mPad = paddedRows(m);
        int kb = depthBlock(k);
        float[][] buf = Scratch.buffers();
        int ncMax = Math.min(NC, n1 - n0);
        float[] ap = whole == null ? Scratch.grow(buf, Scratch.GEMM_PACKED_A, Math.min(MC, mPad) * kb) : null;
        float[] bp = Scratch.grow(buf, Scratch.GEMM_PACKED_B, kb * (ncMax + NR));
        float[] tile = Scratch.grow(buf, Scratch.GEMM_TILE, MR * NR);
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += kb) {
                int kc = Math.min(kb, k - pc);
                boolean acc = accumulate || pc > 0;
                if (table == null) {
                    packB(kc, nc, b, bOff + pc * bRow + jc * bCol, bRow, bCol, bp);
                } else {
                    packRows(kc, nc, table, pc, jc, bp);
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    float[] aBlock = ap;
                    int aBase = 0;
                    if (whole == null) {
                        packA(mc, kc, a, aOff + ic * aRow + pc * aCol, aRow, aCol, ap, 0);
                    } else {
                        aBlock = whole;
                        aBase = pc * wholePad + (wholeRow0 + ic) * kc;
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bPanel = jr * kc;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int cAt = cOff + (ic + ir) * ldc + jc + jr;
                            multiplyPacked(kc, aBlock, aBase + ir * kc, bp, bPanel, tile);
                            storeTile(c, cAt, ldc, mr, nr, NR, acc, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * The depth block for a product of depth k: k split into equal blocks of at most KC (the last
     * one may be shorter). Depth block pc starts at a multiple of this.
     */
    public static int depthBlock(int k) {
        int blocks = Math.max(1, (k + KC - 1) / KC);
        return (k + blocks - 1) / blocks;
    }

    /** Rows of A rounded up to whole micro-panels. */
    public static int paddedRows(int m) {
        return (m + MR - 1) / MR * MR;
    }

    /**
     * Packs all of A[m x k] once, for several products that share it: depth block by depth block
     * (block pc at {@code pc * paddedRows(m)}), each in {@link #packA}'s layout, so that
     * {@link #gemm} finds rows [ic, ic + MC) of block pc at {@code pc * paddedRows(m) + ic * kc}
     * (pc a multiple of {@link #depthBlock}).
     * {@code ap} holds at least {@code paddedRows(m) * k} floats.
     */
    public static void packWhole(int m, int k, float[] a, int aOff, int aRow, int aCol, float[] ap) {
        int mPad = paddedRows(m);
        int kb = depthBlock(k);
        // Micro-panels split over threads: a large layer's weights (512 x 4608) were packed by the caller alone.
        Parallel.forWork((long) mPad * k, mPad / MR, (chunk, p0, p1) -> {
            int r0 = p0 * MR;
            int rows = Math.min(m, p1 * MR) - r0;
            for (int pc = 0; pc < k; pc += kb) {
                int kc = Math.min(kb, k - pc);
                packA(rows, kc, a, aOff + r0 * aRow + pc * aCol, aRow, aCol, ap, pc * mPad + r0 * kc);
            }
        });
    }

    /**
     * Packs A[mc x kc] into MR-row micro-panels, k-major: panel i (at {@code apOff + i * MR * kc})
     * holds, for each p, the MR values A[i*MR .. i*MR+MR-1][p] side by side (zeros past mc), so
     * that {@link #multiplyPacked} broadcasts from one forward-moving pointer. Six separate row
     * pointers (the layout before) spilled to XMM registers under C2 with the Parallel collector
     * (no loop strip mining there) and cost a fifth of the kernel's speed on the Zen 4 machines.
     */
    static void packA(int mc, int kc, float[] a, int aOff, int aRow, int aCol, float[] ap, int apOff) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = apOff + ir * kc;
            int src = aOff + ir * aRow;
            if (mr == MR) {
                for (int p = 0; p < kc; p++) {
                    int at = src + p * aCol;
                    int d = base + p * MR;
                    ap[d] = a[at];
                    ap[d + 1] = a[at + aRow];
                    ap[d + 2] = a[at + 2 * aRow];
                    ap[d + 3] = a[at + 3 * aRow];
                    ap[d + 4] = a[at + 4 * aRow];
                    ap[d + 5] = a[at + 5 * aRow];
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                int at = src + p * aCol;
                int d = base + p * MR;
                for (int r = 0; r < MR; r++) {
                    ap[d + r] = r < mr ? a[at + r * aRow] : 0f;
                }
            }
        }
    }

    /** Packs B[kc x nc] into NR-column micro-panels: panel j holds, for each p, columns j*NR .. j*NR+NR-1 (zero-padded). */
    static void packB(int kc, int nc, float[] b, int bOff, int bRow, int bCol, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int src = bOff + p * bRow + jr * bCol;
                int dst = base + p * NR;
                if (bCol == 1 && nr == NR) {
                    copyPanelRow(b, src, bp, dst);
                    continue;
                }
                int j = 0;
                for (; j < nr; j++) {
                    bp[dst + j] = b[src + j * bCol];
                }
                for (; j < NR; j++) {
                    bp[dst + j] = 0f;
                }
            }
        }
    }

    /** One full row of a B micro-panel: two vectors (System.arraycopy's call costs more than the copy at this size). */
    private static void copyPanelRow(float[] b, int src, float[] bp, int dst) {
        FloatVector.fromArray(S, b, src).intoArray(bp, dst);
        FloatVector.fromArray(S, b, src + L).intoArray(bp, dst + L);
    }

    /** {@link #packB} for a table: rows pc.. of B start at b[offsets[pc + p]], columns from jc (through its column table, if any). */
    static void packRows(int kc, int nc, TableB table, int pc, int jc, float[] bp) {
        float[] b = table.b();
        int[] offsets = table.offsets();
        int[] columns = table.columns();
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * NR;
                if (columns != null) {
                    int row = offsets[pc + p];
                    if (nr == NR) {
                        FloatVector.fromArray(S, b, row, columns, jc + jr).intoArray(bp, dst);
                        FloatVector.fromArray(S, b, row, columns, jc + jr + L).intoArray(bp, dst + L);
                        continue;
                    }
                    for (int j = 0; j < NR; j++) {
                        bp[dst + j] = j < nr ? b[row + columns[jc + jr + j]] : 0f;
                    }
                    continue;
                }
                int src = offsets[pc + p] + jc + jr;
                if (nr == NR) {
                    copyPanelRow(b, src, bp, dst);
                    continue;
                }
                System.arraycopy(b, src, bp, dst, nr);
                for (int j = nr; j < NR; j++) {
                    bp[dst + j] = 0f;
                }
            }
        }
    }

    /**
     * C[m x n] (+)= A * B with A read through a table of row starts, never packed: row i of A is
     * {@code a[offsets[i] .. offsets[i] + k)}, and the micro-kernel broadcasts straight from six
     * such rows ({@link #multiplyRows}). B was packed whole beforehand, depth block by depth block
     * (block pc at {@code pc * rowsAPaddedCols(n)}, each in {@link #packB}'s layout with panels
     * of {@link #rowsAPanel}(n) columns and {@link #depthBlock}(k) deep blocks). A convolution's weight gradient, computed transposed,
     * has this shape: A is the im2col matrix, whose rows are overlapping runs of the input image.
     */
    public static void gemmRowsA(int m, int n, int k, float[] a, int[] offsets, float[] bWhole,
                          float[] c, int cOff, int ldc, boolean accumulate) {
        int panel = rowsAPanel(n);
        boolean narrow = panel == L;
        int rowStep = narrow ? 2 * MR : MR;
        int nPad = rowsAPaddedCols(n);
        int kb = depthBlock(k);
        float[] tile = Scratch.floats(Scratch.GEMM_TILE, MR * NR);
        for (int pc = 0; pc < k; pc += kb) {
            int kc = Math.min(kb, k - pc);
            boolean acc = accumulate || pc > 0;
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                for (int jr = 0; jr < n; jr += panel) {
                    int nr = Math.min(panel, n - jr);
                    int bPanel = pc * nPad + jr * kc;
                    for (int ir = 0; ir < mc; ir += rowStep) {
                        int mr = Math.min(rowStep, mc - ir);
                        int r = ic + ir;
                        int last = r + mr - 1; // rows past the edge repeat the last one; their results are not stored
                        if (narrow) {
                            multiplyRowsNarrow(kc, a, offsets[r] + pc, offsets[Math.min(r + 1, last)] + pc,
                                    offsets[Math.min(r + 2, last)] + pc, offsets[Math.min(r + 3, last)] + pc,
                                    offsets[Math.min(r + 4, last)] + pc, offsets[Math.min(r + 5, last)] + pc,
                                    offsets[Math.min(r + 6, last)] + pc, offsets[Math.min(r + 7, last)] + pc,
                                    offsets[Math.min(r + 8, last)] + pc, offsets[Math.min(r + 9, last)] + pc,
                                    offsets[Math.min(r + 10, last)] + pc, offsets[Math.min(r + 11, last)] + pc,
                                    bWhole, bPanel, tile);
                            storeTile(c, cOff + r * ldc + jr, ldc, mr, nr, L, acc, tile);
                            continue;
                        }
                        multiplyRows(kc, a, offsets[r] + pc, offsets[Math.min(r + 1, last)] + pc,
                                offsets[Math.min(r + 2, last)] + pc, offsets[Math.min(r + 3, last)] + pc,
                                offsets[Math.min(r + 4, last)] + pc, offsets[Math.min(r + 5, last)] + pc,
                                bWhole, bPanel, tile);
                        storeTile(c, cOff + r * ldc + jr, ldc, mr, nr, NR, acc, tile);
                    }
                }
            }
        }
    }

    /**
     * The B panel width {@link #gemmRowsA} uses for n columns: NR, or one vector when n fits in one.
     * With 16 columns (LeNet's conv2 weight gradient, computed transposed) half of every 6 x 32
     * tile's FMAs were padding; 12 x 16 tiles keep the same 12 accumulators all useful.
     */
    public static int rowsAPanel(int n) {
        return n <= L ? L : NR;
    }

    /** n rounded up to whole {@link #rowsAPanel} panels: the width of each depth block of gemmRowsA's B. */
    public static int rowsAPaddedCols(int n) {
        int panel = rowsAPanel(n);
        return (n + panel - 1) / panel * panel;
    }

    /**
     * C (+)= the valid mr x nr corner of a tile whose rows are {@code width} floats apart (NR for
     * {@link #multiplyPacked} and {@link #multiplyRows}, L for {@link #multiplyRowsNarrow}): whole
     * rows by vectors, an edge tile's partial rows element by element.
     */
    private static void storeTile(float[] c, int cAt, int ldc, int mr, int nr, int width, boolean acc, float[] tile) {
        for (int r = 0; r < mr; r++) {
            int row = cAt + r * ldc;
            int t = r * width;
            if (nr == width) {
                for (int j = 0; j < width; j += L) {
                    FloatVector v = FloatVector.fromArray(S, tile, t + j);
                    if (acc) {
                        v = v.add(FloatVector.fromArray(S, c, row + j));
                    }
                    v.intoArray(c, row + j);
                }
                continue;
            }
            for (int j = 0; j < nr; j++) {
                c[row + j] = acc ? c[row + j] + tile[t + j] : tile[t + j];
            }
        }
    }

    /**
     * The MR x NR micro-kernel on a packed A micro-panel ({@link #packA}'s k-major layout, at
     * {@code a[at]}): tile[MR x NR] = A micro-panel * B micro-panel over kc. Twelve accumulators
     * stay in registers; each step loads two vectors of B and broadcasts six consecutive floats of
     * A. As {@link #multiplyRows}, kept apart from the C stores so that C2 hoists the range checks.
     * Not merged with {@link #multiplyRows} into one kernel taking the step along k as an
     * argument: C2 eliminates range checks only for a loop variable with a constant step.
     */
    static void multiplyPacked(int kc, float[] a, int at, float[] bp, int bAt, float[] tile) {
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
        for (int p = 0; p < kc; p++) {
            int b = bAt + p * NR;
            int ai = at + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ai + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        storeAccumulators(tile, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /** Writes an MR x NR tile's twelve accumulators to {@code tile}, row r at r * NR. */
    private static void storeAccumulators(float[] tile, FloatVector c00, FloatVector c01, FloatVector c10, FloatVector c11,
                                          FloatVector c20, FloatVector c21, FloatVector c30, FloatVector c31,
                                          FloatVector c40, FloatVector c41, FloatVector c50, FloatVector c51) {
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
    }

    /**
     * The MR x NR micro-kernel on rows read in place: tile[MR x NR] = A rows * B micro-panel over
     * kc, with row r of A at {@code a[a_r + p]}, p in [0, kc): a convolution's input image, whose
     * im2col rows overlap, so packing them would copy the same floats kH * kW times. Twelve
     * accumulators stay in registers; B streams two vectors per step and A is broadcast. Kept in a
     * method of its own, apart from the C stores: C2 then hoists every range check out of the
     * loop, which it did not do when the stores shared the method (4x slower). It is deliberately
     * not shared with {@code VectorGemm.six} (strided A, C stored in place).
     */
    static void multiplyRows(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                             float[] bp, int bAt, float[] tile) {
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
        // Rows as offsets from row 0's index q, B's index stepped: with a0 + p .. a5 + p, C2 spilled
        // four row starts to XMM registers under the Parallel collector.
        int d1 = a1 - a0;
        int d2 = a2 - a0;
        int d3 = a3 - a0;
        int d4 = a4 - a0;
        int d5 = a5 - a0;
        int b = bAt;
        for (int q = a0, end = a0 + kc; q < end; q++, b += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, a[q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[q + d1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[q + d2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[q + d3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[q + d4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[q + d5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        storeAccumulators(tile, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /** {@link #multiplyRows} for one vector of columns and twelve rows: tile row r at r * L. */
    static void multiplyRowsNarrow(int kc, float[] a, int a0, int a1, int a2, int a3, int a4, int a5,
                                   int a6, int a7, int a8, int a9, int a10, int a11,
                                   float[] bp, int bAt, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S);
        FloatVector c7 = FloatVector.zero(S);
        FloatVector c8 = FloatVector.zero(S);
        FloatVector c9 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        // As in multiplyRows: rows as offsets from row 0's index, so fewer values compete for registers.
        int d1 = a1 - a0;
        int d2 = a2 - a0;
        int d3 = a3 - a0;
        int d4 = a4 - a0;
        int d5 = a5 - a0;
        int d6 = a6 - a0;
        int d7 = a7 - a0;
        int d8 = a8 - a0;
        int d9 = a9 - a0;
        int d10 = a10 - a0;
        int d11 = a11 - a0;
        int bi = bAt;
        for (int q = a0, end = a0 + kc; q < end; q++, bi += L) {
            FloatVector b = FloatVector.fromArray(S, bp, bi);
            c0 = b.fma(FloatVector.broadcast(S, a[q]), c0);
            c1 = b.fma(FloatVector.broadcast(S, a[q + d1]), c1);
            c2 = b.fma(FloatVector.broadcast(S, a[q + d2]), c2);
            c3 = b.fma(FloatVector.broadcast(S, a[q + d3]), c3);
            c4 = b.fma(FloatVector.broadcast(S, a[q + d4]), c4);
            c5 = b.fma(FloatVector.broadcast(S, a[q + d5]), c5);
            c6 = b.fma(FloatVector.broadcast(S, a[q + d6]), c6);
            c7 = b.fma(FloatVector.broadcast(S, a[q + d7]), c7);
            c8 = b.fma(FloatVector.broadcast(S, a[q + d8]), c8);
            c9 = b.fma(FloatVector.broadcast(S, a[q + d9]), c9);
            c10 = b.fma(FloatVector.broadcast(S, a[q + d10]), c10);
            c11 = b.fma(FloatVector.broadcast(S, a[q + d11]), c11);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
        c4.intoArray(tile, 4 * L);
        c5.intoArray(tile, 5 * L);
        c6.intoArray(tile, 6 * L);
        c7.intoArray(tile, 7 * L);
        c8.intoArray(tile, 8 * L);
        c9.intoArray(tile, 9 * L);
        c10.intoArray(tile, 10 * L);
        c11.intoArray(tile, 11 * L);
    }
}
