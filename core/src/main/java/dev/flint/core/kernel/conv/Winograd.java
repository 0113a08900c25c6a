package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.kernel.gemm.PackedGemm;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Scratch;
import dev.flint.core.kernel.runtime.VectorSupport;
import java.util.Arrays;

/**
 * Winograd F(2x2, 3x3) convolution (Lavin and Gray, 2016) for {@link Conv2dKernel}: 3x3 kernels,
 * stride 1, no dilation, one group, enough channels. Each 2x2 block of outputs (a tile) comes
 * from a 4x4 block of input: transformed (V = B^T d B), multiplied position by position with the
 * transformed weights (U = G g G^T), summed over input channels and transformed back
 * (Y = A^T M A). The sum over channels is 16 GEMMs, M[xi] (out x tiles) = U[xi] (out x in) *
 * V[xi] (in x tiles), one per position xi of the 4x4 tile: 16 multiplies per 4 outputs instead of
 * 36, so the GEMM stage does 2.25x fewer flops than im2col's. The input gradient of such a
 * convolution is one too (the output gradient convolved with the flipped, transposed weights,
 * padding 2 - pad), so it takes the same path.
 *
 * <p>Layout: a block of samples (and of tile rows, for large planes) is copied, zero-padded, into
 * a de-interleaved image (per channel and padded row: the even columns of every sample side by
 * side, then the odd ones; {@link WinogradTransforms} explains why). Tile t of a block row is at
 * column t of that row, sample s's tiles at s * (tilesW + 1) + tx; the one tile between two
 * samples straddles them and is computed and dropped, like {@link ImageGemmConv}'s dropped columns.
 * The block is sized so that V and M (16 * channels * tiles floats each) stay within
 * {@link #BLOCK_FLOATS}.
 *
 * <p>Rounding differs from im2col's (the transforms add and subtract before multiplying); the
 * results agree with the direct convolution to ~1e-6 relative (Conv2dKernelTest).
 */
final class Winograd {
    /** V and M of one block stay within this many floats each. */
    static final int BLOCK_FLOATS = ConvTuning.WINOGRAD_BLOCK_FLOATS;
    /** The 4x4 tile positions: the number of GEMMs. */
    static final int POSITIONS = 16;

    private Winograd() {
    }

    /** One stride-1 3x3 convolution: input [batch, inC, h, w], padding padH / padW, output [batch, outC, outH, outW]. */
    record Shape(int batch, int inC, int h, int w, int outC, int padH, int padW) {
        int outH() {
            return h + 2 * padH - 2;
        }

        int outW() {
            return w + 2 * padW - 2;
        }

        int tilesH() {
            return (outH() + 1) / 2;
        }

        int tilesW() {
            return (outW() + 1) / 2;
        }

        /** Even (or odd) columns of one sample's padded row (2 * tilesW + 2 wide). */
        int half() {
            return tilesW() + 1;
        }
    }

    /** Transformed weights of one call, each position's matrix shared by every block's product. */
    record Weights(Shape shape, Gemm.SharedA[] u) {
    }

    /** The convolution itself. */
    static Shape forwardShape(ConvGeometry g) {
        return new Shape(g.batch(), g.inChannels(), g.inH(), g.inW(), g.outChannels(), g.padH(), g.padW());
    }

    /** The input gradient as a convolution of the output gradient: flipped, transposed weights, padding 2 - pad. */
    static Shape inputGradShape(ConvGeometry g) {
        return new Shape(g.batch(), g.outChannels(), g.outH(), g.outW(), g.inChannels(), 2 - g.padH(), 2 - g.padW());
    }

    /**
     * Whether this path computes {@code pass} of g correctly ({@link ConvAlgorithm#WINOGRAD}): a
     * 3x3, stride-1, undilated, ungrouped convolution (the input gradient with padding at most 2,
     * so that its own padding 2 - pad is not negative), every one of {@code threads} chunks of
     * samples giving block rows of at least one vector of tiles, and for the weight gradient
     * output channels a multiple of the lanes (its output-gradient transform runs one lane per
     * channel).
     */
    static boolean supports(ConvGeometry g, ConvPass pass, int lanes, int threads) {
        if (g.kH() != 3 || g.kW() != 3 || g.strideH() != 1 || g.strideW() != 1 || g.dilH() != 1 || g.dilW() != 1
                || g.groups() != 1) {
            return false;
        }
        if (pass == ConvPass.INPUT_GRAD && (g.padH() > 2 || g.padW() > 2)) {
            return false;
        }
        if (pass == ConvPass.WEIGHT_GRAD && g.outChannels() % lanes != 0) {
            return false;
        }
        Shape s = pass == ConvPass.INPUT_GRAD ? inputGradShape(g) : forwardShape(g);
        if (s.outH() < 1 || s.outW() < 1) {
            return false;
        }
        int chunks = Parallel.chunks(s.batch(), 1, threads);
        return (long) (s.batch() / chunks) * s.half() - 1 >= lanes;
    }

    /**
     * U[xi] = G g G^T for every (out, in) pair, packed per position for the GEMM; valid until this
     * thread's next call. {@code inputGrad}: w is the convolution's [in', out', 3, 3] weight and
     * the shape its input gradient's, so g is w's (in, out) kernel flipped.
     */
    static Weights weights(Shape s, float[] w, boolean inputGrad) {
        return weights(s, w, inputGrad, false);
    }

    /** {@link #weights}, in arrays of its own when {@code owned} (to be kept across calls) instead of this thread's buffers. */
    static Weights weights(Shape s, float[] w, boolean inputGrad, boolean owned) {
        int k = s.outC();
        int c = s.inC();
        float[][] buf = owned ? Scratch.ownBuffers() : Scratch.buffers();
        float[] u = Scratch.grow(buf, Scratch.WINOGRAD_U + POSITIONS, POSITIONS * k * c);
        Parallel.forChunks(k, (chunk, o0, o1) -> {
            float[] g = new float[9];
            for (int o = o0; o < o1; o++) {
                for (int ci = 0; ci < c; ci++) {
                    for (int a = 0; a < 3; a++) {
                        for (int b = 0; b < 3; b++) {
                            g[a * 3 + b] = inputGrad ? w[((ci * k + o) * 3 + 2 - a) * 3 + 2 - b] : w[((o * c + ci) * 3 + a) * 3 + b];
                        }
                    }
                    transformKernel(g, u, o * c + ci, k * c);
                }
            }
        });
        Gemm.SharedA[] shared = new Gemm.SharedA[POSITIONS];
        int padded = PackedGemm.paddedRows(k) * c;
        for (int xi = 0; xi < POSITIONS; xi++) {
            Scratch.grow(buf, Scratch.WINOGRAD_U + xi, padded);
        }
        Parallel.forChunks(POSITIONS, (chunk, x0, x1) -> {
            for (int xi = x0; xi < x1; xi++) {
                PackedGemm.packWhole(k, c, u, xi * k * c, c, 1, buf[Scratch.WINOGRAD_U + xi]);
            }
        });
        for (int xi = 0; xi < POSITIONS; xi++) {
            shared[xi] = new Gemm.SharedA(k, c, u, xi * k * c, c, 1, buf[Scratch.WINOGRAD_U + xi]);
        }
        return new Weights(s, shared);
    }

    /** u[at + xi * stride] = (G g G^T)[xi] for the 3x3 kernel g (row-major), G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1]. */
    static void transformKernel(float[] g, float[] u, int at, int stride) {
        for (int i = 0; i < 4; i++) {
            // row i of G g
            float h0 = row(g, i, 0);
            float h1 = row(g, i, 1);
            float h2 = row(g, i, 2);
            // times G^T
            int xi = at + 4 * i * stride;
            u[xi] = h0;
            u[xi + stride] = 0.5f * (h0 + h1 + h2);
            u[xi + 2 * stride] = 0.5f * (h0 - h1 + h2);
            u[xi + 3 * stride] = h2;
        }
    }

    /** (G g)[i][col]. */
    private static float row(float[] g, int i, int col) {
        float g0 = g[col];
        float g1 = g[3 + col];
        float g2 = g[6 + col];
        return switch (i) {
            case 0 -> g0;
            case 1 -> 0.5f * (g0 + g1 + g2);
            case 2 -> 0.5f * (g0 - g1 + g2);
            default -> g2;
        };
    }

    /** out (samples [from, to)) = the convolution of x with the transformed weights; overwritten. */
    static void forward(Weights wt, float[] x, float[] out, int from, int to) {
        forEachBlock(wt.shape(), from, to, (n0, cnt, ty0, tileRows) -> block(wt, x, out, n0, cnt, ty0, tileRows));
    }

    /** One block: samples [n0, n0 + cnt), tile rows [ty0, ty0 + tileRows). */
    @FunctionalInterface
    private interface BlockBody {
        void run(int n0, int cnt, int ty0, int tileRows);
    }

    /**
     * Cuts samples [from, to) into blocks: as many samples side by side as keep V and M within
     * {@link #BLOCK_FLOATS} (at least enough for one vector of tiles per row, which
     * {@link #supports} guarantees the chunk has), then bands of tile rows where one sample is
     * already too large. A fixed order, so results depend only on the chunk.
     */
    private static void forEachBlock(Shape s, int from, int to, BlockBody body) {
        int lanes = VectorSupport.floatLanes();
        int half = s.half();
        int widest = Math.max(s.inC(), s.outC());
        int avail = to - from;
        int per = Math.max(1, (lanes + half) / half); // fewest samples whose block row holds a vector of tiles
        while (per < avail && (long) POSITIONS * widest * s.tilesH() * ((per + 1) * half - 1) <= BLOCK_FLOATS
                && s.tilesH() * (per * half - 1) < 512) {
            per++;
        }
        int blocks = Math.max(1, avail / per);
        for (int b = 0; b < blocks; b++) {
            int n0 = from + avail * b / blocks;
            int cnt = from + avail * (b + 1) / blocks - n0;
            int cols = cnt * half - 1;
            int band = (int) Math.max(1, Math.min(s.tilesH(), BLOCK_FLOATS / ((long) POSITIONS * widest * cols)));
            for (int ty0 = 0; ty0 < s.tilesH(); ty0 += band) {
                body.run(n0, cnt, ty0, Math.min(band, s.tilesH() - ty0));
            }
        }
    }

    /** Samples [n0, n0 + cnt), tile rows [ty0, ty0 + tileRows). */
    private static void block(Weights wt, float[] x, float[] out, int n0, int cnt, int ty0, int tileRows) {
        Shape s = wt.shape();
        int cols = cnt * s.half() - 1;
        int tiles = tileRows * cols;
        float[] v = transformedInput(s, x, n0, cnt, ty0, tileRows);
        float[] m = Scratch.floats(Scratch.CONV_SIDE, POSITIONS * s.outC() * tiles);
        float[] y = Scratch.floats(Scratch.WINOGRAD_OUT, s.outC() * 2 * tileRows * 2 * cols);
        for (int xi = 0; xi < POSITIONS; xi++) {
            Gemm.sgemm(wt.u()[xi], tiles, v, xi * s.inC() * tiles, tiles, 1, m, xi * s.outC() * tiles, tiles, false);
        }
        Parallel.forChunks(s.outC(), (chunk, k0, k1) -> {
            WinogradTransforms.output(m, cols, tileRows, s.outC(), k0, k1, y);
            interleave(s, y, cnt, ty0, tileRows, cols, k0, k1, out, n0);
        });
    }

    /**
     * V = B^T d B of one block (samples [n0, n0 + cnt), tile rows [ty0, ty0 + tileRows)):
     * v[xi][c][tile] in this thread's {@link Scratch#CONV_COLS} buffer, tiles per row
     * cnt * half - 1. The input is de-interleaved into {@link Scratch#WIDE_IMAGE} first.
     */
    private static float[] transformedInput(Shape s, float[] x, int n0, int cnt, int ty0, int tileRows) {
        int c = s.inC();
        int wh = cnt * s.half();
        int cols = wh - 1;
        int rows = 2 * tileRows + 2;
        float[] img = Scratch.floats(Scratch.WIDE_IMAGE, c * rows * 2 * wh);
        float[] v = Scratch.floats(Scratch.CONV_COLS, POSITIONS * c * tileRows * cols);
        Parallel.forChunks(c, (chunk, c0, c1) -> {
            deinterleave(s, x, n0, cnt, ty0, rows, c0, c1, img);
            WinogradTransforms.input(img, rows, wh, cols, tileRows, c, c0, c1, v);
        });
        return v;
    }

    /**
     * acc[base ..] += the weight gradient [out, in, 3, 3] of samples [from, to). Through the
     * transforms: M = sum_c U V gives dU[xi] = sum_tiles dM[xi] V[xi]^T with dM = A dY A^T, and
     * U = G g G^T gives dg = G^T dU G. Per block, V comes from the forward transform (in x tiles,
     * tiles contiguous: a row-major A) and dM from {@link WinogradTransforms#outputGrad} (tiles x
     * out, channels contiguous: a row-major B), so dU^T[xi] (in x out) = V[xi] dM[xi] is a GEMM with
     * depth = tiles that packs both operands by row copies; it accumulates over the blocks.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] acc, int base, int from, int to) {
        Shape s = forwardShape(g);
        int c = s.inC();
        int k = s.outC();
        float[] dut = Scratch.floats(Scratch.WINOGRAD_GRAD, POSITIONS * c * k);
        Arrays.fill(dut, 0, POSITIONS * c * k, 0f);
        forEachBlock(s, from, to, (n0, cnt, ty0, tileRows) -> {
            int cols = cnt * s.half() - 1;
            int tiles = tileRows * cols;
            float[] v = transformedInput(s, x, n0, cnt, ty0, tileRows);
            float[] gyt = Scratch.floats(Scratch.WINOGRAD_OUT, 2 * tileRows * 2 * cols * k);
            float[] dm = Scratch.floats(Scratch.CONV_SIDE, POSITIONS * tiles * k);
            Parallel.forChunks(tileRows, (chunk, r0, r1) -> {
                channelsLast(s, gy, n0, cnt, ty0, tileRows, cols, r0, r1, gyt);
                WinogradTransforms.outputGrad(gyt, cols, tileRows, k, r0, r1, dm);
            });
            for (int xi = 0; xi < POSITIONS; xi++) {
                Gemm.sgemm(c, k, tiles, v, xi * c * tiles, tiles, 1, dm, xi * tiles * k, k, 1, dut, xi * c * k, k, true);
            }
        });
        // dg = G^T dU G, G^T = [1 .5 .5 0; 0 .5 -.5 0; 0 .5 .5 1], into acc[(o * in + i) * 9]
        int stride = c * k;
        float[] u = new float[POSITIONS];
        for (int o = 0; o < k; o++) {
            for (int i = 0; i < c; i++) {
                for (int xi = 0; xi < POSITIONS; xi++) {
                    u[xi] = dut[xi * stride + i * k + o];
                }
                int at = base + (o * c + i) * 9;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        acc[at + a * 3 + b] += backRow(u, a, b);
                    }
                }
            }
        }
    }

    /** (G^T dU G)[a][b] for the 4x4 dU (row-major). */
    private static float backRow(float[] u, int a, int b) {
        return back(back(u, 0, b), back(u, 4, b), back(u, 8, b), back(u, 12, b), a);
    }

    /** Entry j of G^T applied to row {@code row} of u (row-major 4x4): back(u0, u1, u2, u3, j). */
    private static float back(float[] u, int row, int j) {
        return back(u[row], u[row + 1], u[row + 2], u[row + 3], j);
    }

    /** (G^T w)[j] for w = (w0, w1, w2, w3). */
    private static float back(float w0, float w1, float w2, float w3, int j) {
        return switch (j) {
            case 0 -> w0 + 0.5f * (w1 + w2);
            case 1 -> 0.5f * (w1 - w2);
            default -> 0.5f * (w1 + w2) + w3;
        };
    }

    /**
     * Output-gradient rows [2 * r0, 2 * r1) of the block (tile rows r0 .. r1), channels last:
     * gyt[((row * 2 + parity) * cols + col) * out + o], col = s * half + ox / 2; zeros where a tile
     * has no output (the straddling tiles, odd sizes).
     */
    private static void channelsLast(Shape s, float[] gy, int n0, int cnt, int ty0, int tileRows, int cols,
                                     int r0, int r1, float[] gyt) {
        int k = s.outC();
        int oh = s.outH();
        int ow = s.outW();
        int half = s.half();
        Arrays.fill(gyt, 2 * r0 * 2 * cols * k, 2 * r1 * 2 * cols * k, 0f);
        for (int row = 2 * r0; row < 2 * r1; row++) {
            int oy = 2 * ty0 + row;
            if (oy >= oh) {
                break;
            }
            for (int sm = 0; sm < cnt; sm++) {
                for (int o = 0; o < k; o++) {
                    int src = ((n0 + sm) * k + o) * oh * ow + oy * ow;
                    int even = (row * 2 * cols + sm * half) * k + o;
                    int odd = even + cols * k;
                    for (int ox = 0, i = 0; ox < ow; ox += 2, i += k) {
                        gyt[even + i] = gy[src + ox];
                    }
                    for (int ox = 1, i = 0; ox < ow; ox += 2, i += k) {
                        gyt[odd + i] = gy[src + ox];
                    }
                }
            }
        }
    }

    /**
     * Channels [c0, c1) of samples [n0, n0 + cnt), padded rows [2 * ty0, + rows), into img: per
     * channel and row, the even padded columns of every sample side by side (sample s from
     * s * half), then the odd ones; zeros where the padding is.
     */
    private static void deinterleave(Shape s, float[] x, int n0, int cnt, int ty0, int rows, int c0, int c1, float[] img) {
        int half = s.half();
        int wh = cnt * half;
        int h = s.h();
        int w = s.w();
        Arrays.fill(img, c0 * rows * 2 * wh, c1 * rows * 2 * wh, 0f);
        for (int c = c0; c < c1; c++) {
            for (int r = 0; r < rows; r++) {
                int iy = 2 * ty0 + r - s.padH();
                if (iy < 0 || iy >= h) {
                    continue;
                }
                int even = (c * rows + r) * 2 * wh;
                int odd = even + wh;
                for (int sm = 0; sm < cnt; sm++) {
                    int src = ((n0 + sm) * s.inC() + c) * h * w + iy * w;
                    WinogradTransforms.deinterleaveRow(x, src, w, s.padW(), img, even + sm * half, odd + sm * half);
                }
            }
        }
    }

    /** Output channels [k0, k1) of y (per channel and output row: even columns, then odd) back to NCHW out, cropped. */
    private static void interleave(Shape s, float[] y, int cnt, int ty0, int tileRows, int cols, int k0, int k1, float[] out, int n0) {
        int oh = s.outH();
        int ow = s.outW();
        int half = s.half();
        int rowsOut = Math.min(2 * tileRows, oh - 2 * ty0);
        for (int sm = 0; sm < cnt; sm++) {
            for (int k = k0; k < k1; k++) {
                int plane = ((n0 + sm) * s.outC() + k) * oh * ow;
                for (int r = 0; r < rowsOut; r++) {
                    int dst = plane + (2 * ty0 + r) * ow;
                    int even = (k * 2 * tileRows + r) * 2 * cols + sm * half;
                    WinogradTransforms.interleaveRow(y, even, even + cols, out, dst, ow);
                }
            }
        }
    }
}
