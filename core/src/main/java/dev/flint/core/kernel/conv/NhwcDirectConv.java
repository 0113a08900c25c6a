package dev.flint.core.kernel.conv;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct forward convolution with blocks of output channels in the vector lanes and a block of
 * output positions in registers (oneDNN's scheme), for small batches of layers with many channels.
 * There the GEMM paths pay for packing and for splitting a few column panels between the threads
 * (ResNet-18 at batch 1: 49 to 3,136 output positions per layer), where this kernel packs nothing
 * per call: the input is copied once, zero-padded and channels-last ([N, Hp, Wp, C]), and the
 * weights are kept as [out / OB, kH, kW, C, OB] ({@link dev.flint.core.kernel.runtime.PreparedWeights PreparedWeights}).
 *
 * <p>A block is {@link #R} output positions (consecutive in the flattened (y, x) order of one
 * sample) times {@link #OB} = two vectors of output channels: fourteen accumulators. Each input
 * channel of each tap then costs two vector loads of weights and seven broadcasts of input
 * values for fourteen fused multiply-adds, every index the loop variable plus an invariant offset
 * (the form C2's range-check elimination handles; not checked in the machine code). Only loaded
 * when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 */
final class NhwcDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per block: two vectors. */
    static final int OB = 2 * L;
    /**
     * Output positions per block: 7 x 2 accumulators, 2 weight vectors and a broadcast, 17 vector
     * registers: AVX-512 has 32, AVX2 only 16 (where they would spill, so the planner asks for
     * {@link ConvTuning#NHWC_MIN_LANES}).
     */
    static final int R = 7;

    private NhwcDirectConv() {
    }

    /** Blocks of {@link #OB} output channels (the last one zero-padded). */
    static int channelBlocks(ConvGeometry g) {
        return (g.outChannels() + OB - 1) / OB;
    }

    /** Floats of the prepared weights. */
    static int weightFloats(ConvGeometry g) {
        return channelBlocks(g) * g.kH() * g.kW() * g.inChannels() * OB;
    }

    /**
     * The weights of g as [O / OB, kH, kW, C, OB] (the channels past O zero), channel blocks
     * [ob0, ob1) of them. {@code flipped}: g is the input gradient of a stride-1 convolution
     * ({@link ConvLayout#inputGradGeometry}) and w that convolution's [C, O, kH, kW] weights, so g's
     * kernel (o, c) is w's (c, o) rotated by 180 degrees.
     */
    static void weights(ConvGeometry g, float[] w, boolean flipped, float[] wb, int ob0, int ob1) {
        int c = g.inChannels();
        int o = g.outChannels();
        int kk = g.kH() * g.kW();
        int outStride = flipped ? kk : c * kk;
        int inStride = flipped ? o * kk : kk;
        for (int ob = ob0; ob < ob1; ob++) {
            int oc = Math.min(OB, o - ob * OB);
            int blockBase = ob * kk * c * OB;
            if (oc < OB) {
                Arrays.fill(wb, blockBase, blockBase + kk * c * OB, 0f);
            }
            // Sixteen input channels at a time: the destination lines they touch (kk * 16 of OB
            // floats) stay in L1 while each output channel's source is read (in order, unless
            // flipped: then in runs of kk, O * kk apart).
            for (int c0 = 0; c0 < c; c0 += 16) {
                int c1 = Math.min(c, c0 + 16);
                for (int k = 0; k < oc; k++) {
                    int src = (ob * OB + k) * outStride;
                    for (int ci = c0; ci < c1; ci++) {
                        for (int t = 0; t < kk; t++) {
                            wb[blockBase + (t * c + ci) * OB + k] = w[src + ci * inStride + (flipped ? kk - 1 - t : t)];
                        }
                    }
                }
            }
        }
    }

    /** Rows of the padded image of the whole batch: what {@link #image} takes as its range. */
    static int imageRows(ConvGeometry g) {
        return g.batch() * hp(g);
    }

    /** Padded height and width. */
    private static int hp(ConvGeometry g) {
        return g.inH() + 2 * g.padH();
    }

    private static int wp(ConvGeometry g) {
        return g.inW() + 2 * g.padW();
    }

    /** Floats of the padded channels-last input of the whole batch. */
    static int imageFloats(ConvGeometry g) {
        return g.batch() * hp(g) * wp(g) * g.inChannels();
    }

    /** Padded rows [from, to) of the batch (row r: sample r / Hp, padded row r % Hp) of x, channels-last, into xp. */
    static void image(ConvGeometry g, float[] x, float[] xp, int from, int to) {
        int hp = hp(g);
        int wp = wp(g);
        int c = g.inChannels();
        int h = g.inH();
        int w = g.inW();
        int plane = h * w;
        for (int r = from; r < to; r++) {
            int n = r / hp;
            int y = r % hp - g.padH();
            int dst = r * wp * c;
            if (y < 0 || y >= h) {
                Arrays.fill(xp, dst, dst + wp * c, 0f);
                continue;
            }
            Arrays.fill(xp, dst, dst + g.padW() * c, 0f);
            Arrays.fill(xp, dst + (g.padW() + w) * c, dst + wp * c, 0f);
            int src = n * c * plane + y * w;
            int d0 = dst + g.padW() * c;
            for (int ci = 0; ci < c; ci++) {
                int s = src + ci * plane;
                for (int xi = 0; xi < w; xi++) {
                    xp[d0 + xi * c + ci] = x[s + xi];
                }
            }
        }
    }

    /** Work units: (channel block, block of positions of the whole batch), channel block outermost so a thread's units share weights. */
    static int units(ConvGeometry g) {
        return channelBlocks(g) * positionBlocks(g);
    }

    private static int positionBlocks(ConvGeometry g) {
        return (g.batch() * g.colCols() + R - 1) / R;
    }

    /**
     * out (NCHW) = conv + bias (may be null) for units [from, to) of {@link #units}; xp from
     * {@link #image}, wb from {@link #weights}. A block's positions run on across samples, so small
     * planes (4x4: 16 positions) fill every block but the batch's last.
     */
    static void forward(ConvGeometry g, float[] xp, float[] wb, float[] bias, float[] out, int from, int to) {
        int c = g.inChannels();
        int o = g.outChannels();
        int ow = g.outW();
        int len = g.colCols();
        int total = g.batch() * len;
        int wp = wp(g);
        int sample = hp(g) * wp * c;
        int pbs = positionBlocks(g);
        int blockWeights = g.kH() * g.kW() * c * OB;
        int rowStep = g.dilH() * wp * c;
        int colStep = g.dilW() * c;
        // Without dilation along W, a kernel row's taps and channels are one run of kW * C floats,
        // both in the image and in the weights: one loop over it instead of kW loops over C.
        int kjs = g.dilW() == 1 ? 1 : g.kW();
        int run = g.dilW() == 1 ? g.kW() * c : c;
        int[] at = new int[R];
        int[] dst = new int[R];
        float[] tile = new float[R * OB];
        for (int u = from; u < to; u++) {
            int ob = u / pbs;
            int p0 = u % pbs * R;
            int cnt = Math.min(R, total - p0);
            for (int i = 0; i < R; i++) {
                int p = p0 + Math.min(i, cnt - 1); // past the end: repeat the last position, not stored
                int n = p / len;
                int q = p % len;
                at[i] = n * sample + ((q / ow) * g.strideH() * wp + (q % ow) * g.strideW()) * c;
                dst[i] = (n * o + ob * OB) * len + q;
            }
            block(xp, wb, ob * blockWeights, g.kH(), kjs, run, rowStep, colStep, at, tile);
            int oc = Math.min(OB, o - ob * OB);
            for (int k = 0; k < oc; k++) {
                float b = bias == null ? 0f : bias[ob * OB + k];
                for (int i = 0; i < cnt; i++) {
                    out[dst[i] + k * len] = tile[i * OB + k] + b;
                }
            }
        }
    }

    /**
     * tile[i * OB + k] = sum over kernel rows ki, runs kj and m of
     * wb[w0 + ((ki * kjs + kj) * run + m) * OB + k] * xp[at[i] + ki * rowStep + kj * colStep + m]:
     * run = C and kjs = kW, or, where a kernel row is contiguous, run = kW * C and kjs = 1.
     */
    private static void block(float[] xp, float[] wb, int w0, int kH, int kjs, int run, int rowStep, int colStep,
                              int[] at, float[] tile) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        FloatVector s40 = FloatVector.zero(S);
        FloatVector s41 = FloatVector.zero(S);
        FloatVector s50 = FloatVector.zero(S);
        FloatVector s51 = FloatVector.zero(S);
        FloatVector s60 = FloatVector.zero(S);
        FloatVector s61 = FloatVector.zero(S);
        int wt = w0;
        for (int ki = 0; ki < kH; ki++) {
            for (int kj = 0; kj < kjs; kj++) {
                int t = ki * rowStep + kj * colStep;
                int b0 = at[0] + t;
                int b1 = at[1] + t;
                int b2 = at[2] + t;
                int b3 = at[3] + t;
                int b4 = at[4] + t;
                int b5 = at[5] + t;
                int b6 = at[6] + t;
                for (int ci = 0; ci < run; ci++) {
                    int wc = wt + ci * OB;
                    FloatVector w0v = FloatVector.fromArray(S, wb, wc);
                    FloatVector w1v = FloatVector.fromArray(S, wb, wc + L);
                    FloatVector x = FloatVector.broadcast(S, xp[b0 + ci]);
                    s00 = x.fma(w0v, s00);
                    s01 = x.fma(w1v, s01);
                    x = FloatVector.broadcast(S, xp[b1 + ci]);
                    s10 = x.fma(w0v, s10);
                    s11 = x.fma(w1v, s11);
                    x = FloatVector.broadcast(S, xp[b2 + ci]);
                    s20 = x.fma(w0v, s20);
                    s21 = x.fma(w1v, s21);
                    x = FloatVector.broadcast(S, xp[b3 + ci]);
                    s30 = x.fma(w0v, s30);
                    s31 = x.fma(w1v, s31);
                    x = FloatVector.broadcast(S, xp[b4 + ci]);
                    s40 = x.fma(w0v, s40);
                    s41 = x.fma(w1v, s41);
                    x = FloatVector.broadcast(S, xp[b5 + ci]);
                    s50 = x.fma(w0v, s50);
                    s51 = x.fma(w1v, s51);
                    x = FloatVector.broadcast(S, xp[b6 + ci]);
                    s60 = x.fma(w0v, s60);
                    s61 = x.fma(w1v, s61);
                }
                wt += run * OB;
            }
        }
        s00.intoArray(tile, 0);
        s01.intoArray(tile, L);
        s10.intoArray(tile, OB);
        s11.intoArray(tile, OB + L);
        s20.intoArray(tile, 2 * OB);
        s21.intoArray(tile, 2 * OB + L);
        s30.intoArray(tile, 3 * OB);
        s31.intoArray(tile, 3 * OB + L);
        s40.intoArray(tile, 4 * OB);
        s41.intoArray(tile, 4 * OB + L);
        s50.intoArray(tile, 5 * OB);
        s51.intoArray(tile, 5 * OB + L);
        s60.intoArray(tile, 6 * OB);
        s61.intoArray(tile, 6 * OB + L);
    }
}
