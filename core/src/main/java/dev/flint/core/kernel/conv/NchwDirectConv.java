package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.Scratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct forward convolution with the output channels in the vector lanes, for layers with
 * exactly one vector of output channels, few input channels and small planes (LeNet's conv2:
 * 6 -> 16 channels, 5x5, 14x14). There the im2col paths waste a third of their multiplies
 * ({@link ImageGemmConv}'s dropped columns: 4 of every 14 for a 5x5 kernel on 14x14 planes; 18 rows
 * of six-row panels for 16 channels) or copy the column matrix. Here every multiply is useful:
 * twelve output positions at a time (consecutive in the flattened (sample, y, x) order of the
 * chunk) keep one accumulator vector each, and each kernel tap (c, ki, kj) costs one load of
 * its 16 weights and twelve broadcast input values, read in place. The accumulators are then
 * transposed into the NCHW planes through a small tile. Only loaded when
 * {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 */
final class NchwDirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output positions per block: twelve accumulators, plus the weight vector and a broadcast. */
    static final int BLOCK = 12;

    private NchwDirectConv() {
    }

    /** The weights [out, in, kH, kW] as one vector of output channels per tap (in, kH, kW). */
    static float[] tapMajor(ConvGeometry g, float[] w) {
        int taps = g.colRows();
        float[] wt = Scratch.floats(Scratch.SHARED_A, taps * L);
        for (int o = 0; o < L; o++) {
            for (int t = 0; t < taps; t++) {
                wt[t * L + o] = w[o * taps + t];
            }
        }
        return wt;
    }

    /** out (samples [from, to)) = conv(x, w) without bias; wt from {@link #tapMajor}. */
    static void forward(ConvGeometry g, float[] x, float[] wt, float[] out, int from, int to) {
        int oh = g.outH();
        int ow = g.outW();
        int len = oh * ow;
        int inW = g.inW();
        int plane = g.inH() * inW;
        int inSample = g.inChannels() * plane;
        int[] taps = ImageGemmConv.rowStarts(g, ImageGemmConv.Wide.of(g, 1)); // unpadded, one sample: tap (c, ki, kj) at c*plane + ki*inW + kj
        int[] at = new int[BLOCK];
        int[] dst = new int[BLOCK];
        float[] tile = new float[BLOCK * L];
        int total = (to - from) * len;
        for (int p0 = 0; p0 < total; p0 += BLOCK) {
            int cnt = Math.min(BLOCK, total - p0);
            for (int i = 0; i < BLOCK; i++) {
                int p = p0 + Math.min(i, cnt - 1); // past the end: repeat the last position, not stored
                int n = from + p / len;
                int q = p % len;
                at[i] = n * inSample + (q / ow) * inW + q % ow;
                dst[i] = n * L * len + q;
            }
            block(x, wt, taps, at, tile);
            for (int i = 0; i < cnt; i++) {
                for (int o = 0; o < L; o++) {
                    out[dst[i] + o * len] = tile[i * L + o];
                }
            }
        }
    }

    /** tile[i * L + o] = sum over taps t of wt[t * L + o] * x[at[i] + taps[t]], for the twelve positions. */
    private static void block(float[] x, float[] wt, int[] taps, int[] at, float[] tile) {
        int a0 = at[0];
        int a1 = at[1];
        int a2 = at[2];
        int a3 = at[3];
        int a4 = at[4];
        int a5 = at[5];
        int a6 = at[6];
        int a7 = at[7];
        int a8 = at[8];
        int a9 = at[9];
        int a10 = at[10];
        int a11 = at[11];
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        FloatVector s4 = FloatVector.zero(S);
        FloatVector s5 = FloatVector.zero(S);
        FloatVector s6 = FloatVector.zero(S);
        FloatVector s7 = FloatVector.zero(S);
        FloatVector s8 = FloatVector.zero(S);
        FloatVector s9 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        for (int t = 0; t < taps.length; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * L);
            int off = taps[t];
            s0 = FloatVector.broadcast(S, x[a0 + off]).fma(w, s0);
            s1 = FloatVector.broadcast(S, x[a1 + off]).fma(w, s1);
            s2 = FloatVector.broadcast(S, x[a2 + off]).fma(w, s2);
            s3 = FloatVector.broadcast(S, x[a3 + off]).fma(w, s3);
            s4 = FloatVector.broadcast(S, x[a4 + off]).fma(w, s4);
            s5 = FloatVector.broadcast(S, x[a5 + off]).fma(w, s5);
            s6 = FloatVector.broadcast(S, x[a6 + off]).fma(w, s6);
            s7 = FloatVector.broadcast(S, x[a7 + off]).fma(w, s7);
            s8 = FloatVector.broadcast(S, x[a8 + off]).fma(w, s8);
            s9 = FloatVector.broadcast(S, x[a9 + off]).fma(w, s9);
            s10 = FloatVector.broadcast(S, x[a10 + off]).fma(w, s10);
            s11 = FloatVector.broadcast(S, x[a11 + off]).fma(w, s11);
        }
        s0.intoArray(tile, 0);
        s1.intoArray(tile, L);
        s2.intoArray(tile, 2 * L);
        s3.intoArray(tile, 3 * L);
        s4.intoArray(tile, 4 * L);
        s5.intoArray(tile, 5 * L);
        s6.intoArray(tile, 6 * L);
        s7.intoArray(tile, 7 * L);
        s8.intoArray(tile, 8 * L);
        s9.intoArray(tile, 9 * L);
        s10.intoArray(tile, 10 * L);
        s11.intoArray(tile, 11 * L);
    }
}
