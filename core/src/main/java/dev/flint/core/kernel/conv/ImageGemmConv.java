package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.kernel.gemm.PackedGemm;
import dev.flint.core.kernel.gemm.VectorGemm;
import dev.flint.core.kernel.pointwise.VectorRows;
import dev.flint.core.kernel.runtime.Scratch;
import java.util.Arrays;

/**
 * Convolution by a GEMM that reads its im2col rows from a zero-padded "wide image" instead of a
 * column matrix ({@link ConvAlgorithm#IMAGE_GEMM}).
 *
 * <p>The input planes of a few samples are copied, zero-padded, side by side into one wide image
 * [C/groups, Hp, W] with W = samples * Wp (Hp, Wp: the padded plane). In that image, row
 * (c, ki, kj) of the im2col matrix starts at {@code c*Hp*W + ki*dilH*W + kj*dilW}, and output
 * (s, oy, ox) is its column {@code oy*strideH*W + s*Wp + ox*strideW}. At stride 1 the row is one
 * contiguous run, and the columns in between (ox >= outW, "dropped columns") are computed and
 * thrown away unless {@link #compact} skips them; strided layers always gather their columns
 * through a column table. The forward GEMM packs its B panels straight from the image
 * ({@link Gemm#sgemmTable}); the weight gradient is computed transposed, gw^T = cols * gy^T, with
 * the image rows as an A operand the micro-kernel reads in place ({@link PackedGemm#gemmRowsA}),
 * or gathered like the forward pass. So the kH*kW-times larger column matrix is never written in
 * the forward pass and the weight gradient; the input gradient (stride 1 only) builds its column
 * matrix a cache-sized block of columns at a time and adds it back with one vector add per row.
 *
 * <p>Where the packed GEMM does not apply ({@link ConvPlanner#packedFromImage}: few output
 * channels or im2col rows, as in LeNet's conv1), the unpacked kernels need B in memory: its rows
 * are copied out of the image, one long copy per row and block of columns.
 */
final class ImageGemmConv {
    private ImageGemmConv() {
    }

    /** Columns [j0, j0 + nc) of the im2col rows, copied from the image (few output channels: the unpacked kernels need B in memory). */
    private static void columns(float[] img, int[] starts, int j0, int nc, float[] cols) {
        for (int p = 0; p < starts.length; p++) {
            System.arraycopy(img, starts[p] + j0, cols, p * nc, nc);
        }
    }

    /** Columns per block of an explicit column matrix: within the cache budget, a multiple of the packed panel width. */
    private static int columnBlock(ConvGeometry g) {
        return Math.max(PackedGemm.NR, ConvTuning.MAX_COL_FLOATS / g.colRows() / PackedGemm.NR * PackedGemm.NR);
    }

    /** The wide image of {@code samples} samples: padded planes hp x wp, width = samples * wp, n GEMM columns. */
    record Wide(int samples, int hp, int wp, int width, int n) {
        static Wide of(ConvGeometry g, int samples) {
            int hp = g.inH() + 2 * g.padH();
            int wp = g.inW() + 2 * g.padW();
            int width = samples * wp;
            return new Wide(samples, hp, wp, width, (g.outH() - 1) * width + (samples - 1) * wp + g.outW());
        }

        int imageFloats(ConvGeometry g) {
            return g.groupInChannels() * hp * width;
        }
    }

    /** Samples per wide image: enough for {@link ConvTuning#MIN_GEMM_COLS} columns, within {@link ConvTuning#MAX_COL_FLOATS}. */
    static int samples(ConvGeometry g, int available) {
        int wp = g.inW() + 2 * g.padW();
        int hp = g.inH() + 2 * g.padH();
        int perSample = g.outH() * wp;
        int want = (ConvTuning.MIN_GEMM_COLS + perSample - 1) / perSample;
        int fit = (int) Math.max(1, ConvTuning.MAX_COL_FLOATS / ((long) g.groupInChannels() * hp * wp));
        return Math.max(1, Math.min(available, Math.min(want, fit)));
    }

    /**
     * Whether the forward and weight-gradient GEMMs of a stride-1 layer skip the dropped columns,
     * gathering their B panels through a column table ({@link #columns}) instead of reading
     * contiguous runs: when the skipped work is more than {@link ConvTuning#COMPACT_MIN_SAVED} / og
     * of the GEMM. The forward GEMM computes whole panels of {@link PackedGemm#NR} columns, so
     * there it counts panels.
     */
    static boolean compact(ConvGeometry g, Wide w, boolean forward) {
        long n = w.n();
        long cn = (long) w.samples() * g.colCols();
        if (forward) {
            n = (n + PackedGemm.NR - 1) / PackedGemm.NR;
            cn = (cn + PackedGemm.NR - 1) / PackedGemm.NR;
        }
        return ConvTuning.COMPACT_COLUMNS && (n - cn) * g.groupOutChannels() > (long) ConvTuning.COMPACT_MIN_SAVED * n;
    }

    /**
     * The wide image's column of every output (s, oy, ox), in NCHW order of one group's samples:
     * where its im2col column starts (tap (0, 0) of its receptive field), for any stride.
     */
    static int[] columns(ConvGeometry g, Wide w) {
        int[] cols = new int[w.samples() * g.colCols()];
        int j = 0;
        for (int s = 0; s < w.samples(); s++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    cols[j++] = oy * g.strideH() * w.width() + s * w.wp() + ox * g.strideW();
                }
            }
        }
        return cols;
    }

    /** Start of each im2col row (c, ki, kj) in the wide image. */
    static int[] rowStarts(ConvGeometry g, Wide w) {
        int[] starts = new int[g.colRows()];
        int p = 0;
        for (int c = 0; c < g.groupInChannels(); c++) {
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++, p++) {
                    starts[p] = (c * w.hp() + ki * g.dilH()) * w.width() + kj * g.dilW();
                }
            }
        }
        return starts;
    }

    /** One wide image's worth of work: samples [n0, n0 + w.samples), group grp, with the image's im2col row starts. */
    @FunctionalInterface
    private interface ImageBody {
        void run(int n0, Wide w, int[] starts, int grp);
    }

    /** Runs body over samples [from, to), {@code nb} samples per image (the last image may hold fewer), then groups. */
    private static void forEachImage(ConvGeometry g, int nb, int from, int to, ImageBody body) {
        for (int n0 = from; n0 < to; n0 += nb) {
            Wide w = Wide.of(g, Math.min(nb, to - n0));
            int[] starts = rowStarts(g, w);
            for (int grp = 0; grp < g.groups(); grp++) {
                body.run(n0, w, starts, grp);
            }
        }
    }

    /** Samples [n0, n0 + w.samples) of group grp, zero-padded, side by side into img. */
    private static void image(ConvGeometry g, float[] x, int n0, int grp, Wide w, float[] img) {
        if (g.padH() > 0 || g.padW() > 0) {
            Arrays.fill(img, 0, w.imageFloats(g), 0f);
        }
        inputs(g, w, n0, grp, x, img, true);
    }

    /** Input planes of samples [n0, ..) of group grp between NCHW {@code nchw} and the wide image: into it, or back out (cropping the padding). */
    private static void inputs(ConvGeometry g, Wide w, int n0, int grp, float[] nchw, float[] img, boolean toWide) {
        planes(w, ConvLayout.inOffset(g, n0, grp), g.inChannels() * g.inH() * g.inW(), g.groupInChannels(),
                g.inH(), g.inW(), img, w.hp() * w.width(), g.padH() * w.width() + g.padW(), nchw, toWide);
    }

    /** Output planes of samples [n0, ..) of group grp between NCHW {@code nchw} and wide columns [og, w.n]: into them, or back. */
    private static void outputs(ConvGeometry g, Wide w, int n0, int grp, float[] nchw, float[] wide, boolean toWide) {
        planes(w, ConvLayout.outOffset(g, n0, grp), g.outChannels() * g.colCols(), g.groupOutChannels(),
                g.outH(), g.outW(), wide, w.n(), 0, nchw, toWide);
    }

    /**
     * Copies {@code channels} planes of h rows x rowLen of each of the image's samples between NCHW
     * (sample s at {@code off + s * sampleStride}) and a wide array (channel c at
     * {@code c * channelStride + at}, row y at {@code y * w.width()}, sample s at {@code s * w.wp()}).
     */
    private static void planes(Wide w, int off, int sampleStride, int channels, int h, int rowLen,
                               float[] wide, int channelStride, int at, float[] nchw, boolean toWide) {
        for (int s = 0; s < w.samples(); s++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < h; y++) {
                    int flat = off + s * sampleStride + (c * h + y) * rowLen;
                    int wideAt = c * channelStride + at + y * w.width() + s * w.wp();
                    if (toWide) {
                        System.arraycopy(nchw, flat, wide, wideAt, rowLen);
                    } else {
                        System.arraycopy(wide, wideAt, nchw, flat, rowLen);
                    }
                }
            }
        }
    }

    /** Output gradients of samples [n0, ..) of group grp in wide columns [og, w.n], zero in the dropped columns. */
    private static void wideGrad(ConvGeometry g, float[] gy, int n0, int grp, Wide w, float[] gw) {
        Arrays.fill(gw, 0, g.groupOutChannels() * w.n(), 0f);
        outputs(g, w, n0, grp, gy, gw, true);
    }

    /**
     * The transpose of {@link #wideGrad}'s wide output gradient (w.n rows, og columns), written
     * straight in the packed-B layout that {@link PackedGemm#gemmRowsA} takes (depth blocks of
     * {@link PackedGemm#depthBlock}(w.n), panels of {@link PackedGemm#rowsAPanel}(og) columns), so
     * the weight-gradient GEMM never gathers it again.
     */
    private static void wideGradPacked(ConvGeometry g, float[] gy, int n0, int grp, Wide w, float[] bp) {
        int og = g.groupOutChannels();
        int nr = PackedGemm.rowsAPanel(og);
        int nPad = PackedGemm.rowsAPaddedCols(og);
        int n = w.n();
        int kcMax = PackedGemm.depthBlock(n);
        Arrays.fill(bp, 0, nPad * n, 0f);
        int ow = g.outW();
        int len = g.colCols();
        for (int s = 0; s < w.samples(); s++) {
            int src = ConvLayout.outOffset(g, n0 + s, grp);
            for (int o = 0; o < og; o++) {
                int panel = o / nr * nr;
                int col = o % nr;
                for (int oy = 0; oy < g.outH(); oy++) {
                    int j0 = oy * w.width() + s * w.wp();
                    int g0 = src + o * len + oy * ow - j0;
                    // The row's columns [j0, j0 + ow), cut at depth-block ends (not a division
                    // per element: this scatter runs once per output gradient element).
                    for (int j = j0; j < j0 + ow; ) {
                        int pc = j / kcMax * kcMax;
                        int kc = Math.min(kcMax, n - pc);
                        int end = Math.min(j0 + ow, pc + kc);
                        int at = pc * nPad + panel * kc - pc * nr + col;
                        for (; j < end; j++) {
                            bp[at + j * nr] = gy[g0 + j];
                        }
                    }
                }
            }
        }
    }

    /** out (samples [from, to)) = conv(x, w), without bias. Stride 1, or any stride with the packed GEMM ({@link ConvPlanner#packedFromImage}). */
    static void forward(ConvGeometry g, float[] x, Gemm.SharedA[] wg, float[] out, int from, int to) {
        int og = g.groupOutChannels();
        int nb = samples(g, to - from);
        Wide full = Wide.of(g, nb);
        float[] img = Scratch.floats(Scratch.WIDE_IMAGE, full.imageFloats(g));
        float[] yw = Scratch.floats(Scratch.CONV_SIDE, og * full.n());
        boolean packed = ConvPlanner.packedFromImage(g);
        boolean compact = packed && (g.strideH() > 1 || g.strideW() > 1 || compact(g, full, true));
        int block = columnBlock(g);
        float[] cols = packed ? null : Scratch.floats(Scratch.CONV_COLS, g.colRows() * Math.min(block, full.n()));
        forEachImage(g, nb, from, to, (n0, w, starts, grp) -> {
            image(g, x, n0, grp, w, img);
            if (compact) {
                // yw [og, samples * plane]: each sample's planes are runs of it
                int cn = w.samples() * g.colCols();
                Gemm.sgemmTable(wg[grp], cn, img, starts, columns(g, w), yw, 0, cn, false);
                ConvLayout.scatter(g, yw, w.samples(), out, ConvLayout.outOffset(g, n0, grp));
                return;
            }
            if (packed) {
                Gemm.sgemmTable(wg[grp], w.n(), img, starts, yw, 0, w.n(), false);
            } else {
                for (int j0 = 0; j0 < w.n(); j0 += block) {
                    int nc = Math.min(block, w.n() - j0);
                    columns(img, starts, j0, nc, cols);
                    Gemm.sgemm(wg[grp], nc, cols, 0, nc, 1, yw, j0, w.n(), false);
                }
            }
            outputs(g, w, n0, grp, out, yw, false);
        });
    }

    /**
     * acc[base ..] (+)= the weight gradient of samples [from, to); accumulates. Stride 1, or any
     * stride with the packed GEMM (the gathered route only).
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] acc, int base, int from, int to) {
        int og = g.groupOutChannels();
        int rows = g.colRows();
        int nb = samples(g, to - from);
        Wide full = Wide.of(g, nb);
        float[] img = Scratch.floats(Scratch.WIDE_IMAGE, full.imageFloats(g));
        boolean packed = ConvPlanner.packedFromImage(g);
        boolean compact = packed && (g.strideH() > 1 || g.strideW() > 1 || compact(g, full, false));
        float[] gyw = Scratch.floats(Scratch.CONV_SIDE, compact ? og * nb * g.colCols()
                : (packed ? PackedGemm.rowsAPaddedCols(og) : og) * full.n());
        // Packed, not compact: the transposed gradient gw_g^T [rows, og] of every group, added to acc at the end.
        boolean transposed = packed && !compact;
        float[] cols = transposed ? Scratch.floats(Scratch.CONV_COLS, g.groups() * rows * og) : null;
        if (transposed) {
            Arrays.fill(cols, 0, g.groups() * rows * og, 0f);
        }
        forEachImage(g, nb, from, to, (n0, w, starts, grp) -> {
            image(g, x, n0, grp, w, img);
            if (compact) {
                // gw_g [og, rows] += gy_g [og, cn] * cols^T [cn, rows] over the outputs alone: cols^T's
                // element (q, p) is the image at starts[p] + columns[q], gathered as B is packed
                int plane = g.colCols();
                int cn = w.samples() * plane;
                float[] a = gy;
                int aOff = ConvLayout.outOffset(g, n0, grp);
                int lda = plane;
                if (w.samples() > 1) { // the samples' gradients side by side
                    ConvLayout.gather(g, gy, aOff, w.samples(), gyw);
                    a = gyw;
                    aOff = 0;
                    lda = cn;
                }
                PackedGemm.TableB colsT = new PackedGemm.TableB(img, columns(g, w), starts);
                PackedGemm.gemm(og, 0, rows, cn, a, aOff, lda, 1, null, null, 0, 0, 0, colsT,
                        acc, base + grp * og * rows, rows, true);
                return;
            }
            if (packed) {
                wideGradPacked(g, gy, n0, grp, w, gyw);
                // gw_g^T [rows, og] += cols [rows, n] * gy_wide^T [n, og]: row p of cols is the image
                // from starts[p], read in place (packing it would copy each input float kH * kW times)
                PackedGemm.gemmRowsA(rows, og, w.n(), img, starts, gyw, cols, grp * rows * og, og, true);
                return;
            }
            wideGrad(g, gy, n0, grp, w, gyw);
            // gw_g [og, rows] += gy_wide [og, n] * cols^T: dot products of gy's rows with the rows of
            // cols, read in place from the image
            VectorGemm.dotRows(og, rows, w.n(), gyw, 0, w.n(), img, starts, acc, base + grp * og * rows, rows);
        });
        if (transposed) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int t = grp * rows * og;
                for (int o = 0; o < og; o++) {
                    int dst = base + t + o * rows;
                    for (int r = 0; r < rows; r++) {
                        acc[dst + r] += cols[t + r * og + o];
                    }
                }
            }
        }
    }

    /** gx (samples [from, to)) = the input gradient; overwritten. */
    static void backwardInput(ConvGeometry g, float[] gy, Gemm.SharedA[] wt, float[] gx, int from, int to) {
        int og = g.groupOutChannels();
        int rows = g.colRows();
        int nb = samples(g, to - from);
        Wide full = Wide.of(g, nb);
        int block = columnBlock(g);
        float[] img = Scratch.floats(Scratch.WIDE_IMAGE, full.imageFloats(g));
        float[] gyw = Scratch.floats(Scratch.CONV_SIDE, og * full.n());
        float[] cols = Scratch.floats(Scratch.CONV_COLS, rows * Math.min(block, full.n()));
        forEachImage(g, nb, from, to, (n0, w, starts, grp) -> {
            wideGrad(g, gy, n0, grp, w, gyw);
            Arrays.fill(img, 0, w.imageFloats(g), 0f);
            for (int j0 = 0; j0 < w.n(); j0 += block) {
                int nc = Math.min(block, w.n() - j0);
                // cols [rows, nc] = w_g^T [rows, og] * gy_wide[:, j0 .. j0 + nc)
                Gemm.sgemm(wt[grp], nc, gyw, j0, w.n(), 1, cols, 0, nc, false);
                for (int p = 0; p < rows; p++) {
                    VectorRows.add(cols, p * nc, img, starts[p] + j0, nc);
                }
            }
            inputs(g, w, n0, grp, gx, img, false);
        });
    }
}
