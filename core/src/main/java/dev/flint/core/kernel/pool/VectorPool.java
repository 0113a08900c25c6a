package dev.flint.core.kernel.pool;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling with stride 2 on vectors: a lane per output. For 2x2 windows (LeNet, VGG, U-Net) the
 * two input rows of a strip of outputs are loaded whole and split into their even and odd columns, which
 * gives the four window elements of every output in four vectors; they are then compared in
 * {@link PoolKernels}' scan order with its rule (take v where {@code v > best || isNaN(v)}), so
 * values, ties and NaNs route exactly as the scalar kernel and PyTorch do. The scalar kernel took
 * about 20 cycles per output (a serial compare chain per window); this takes about two. Other
 * stride-2 windows ({@link #maxStride2}: ResNet's 3x3 with padding 1) take the even lanes of two
 * vectors per window column, with the same rule. Only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 */
final class VectorPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final int L = S.length();
    /** Lane i takes input column 2i (i &lt; L/2 from the first vector, the rest from the second). */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);
    private static final IntVector TWICE_IOTA = IntVector.zero(I).addIndex(2);

    private VectorPool() {
    }

    /** Whether {@link #max2x2} computes g: 2x2 windows, stride 2, no padding or dilation, every window inside. */
    static boolean applies(PoolGeometry g) {
        return g.kH() == 2 && g.kW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0 && g.padW() == 0
                && g.dilH() == 1 && g.dilW() == 1 && 2 * g.outH() <= g.inH() && 2 * g.outW() <= g.inW();
    }

    /** Max pooling of planes [p0, p1) with arg-max indices (flat, within the plane). */
    static void max2x2(PoolGeometry g, float[] x, float[] out, int[] argmax, int p0, int p1) {
        int oh = g.outH();
        int ow = g.outW();
        int inW = g.inW();
        int plane = g.inH() * inW;
        for (int p = p0; p < p1; p++) {
            for (int oy = 0; oy < oh; oy++) {
                int row = 2 * oy * inW;
                int o = (p * oh + oy) * ow;
                for (int ox = 0; ox < ow; ox += L) {
                    int cnt = Math.min(L, ow - ox);
                    strip(x, p * plane + row + 2 * ox, inW, row + 2 * ox, cnt, out, argmax, o + ox);
                }
            }
        }
    }

    /** First output column whose window starts inside the row (stride 2). */
    static int interiorStart(PoolGeometry g) {
        return (g.padW() + 1) / 2;
    }

    /** One past the last output column whose window ends inside the row (stride 2). */
    static int interiorEnd(PoolGeometry g) {
        return Math.min(g.outW(), Math.floorDiv(g.inW() - g.kW() + g.padW(), 2) + 1);
    }

    /**
     * Whether {@link #maxStride2} computes g: stride 2, no dilation, and at least one vector of
     * outputs per row whose windows lie inside the row (ResNet's and GoogLeNet's 3x3 stride-2
     * pools, AlexNet's).
     */
    static boolean appliesStride2(PoolGeometry g) {
        return g.strideH() == 2 && g.strideW() == 2 && g.dilH() == 1 && g.dilW() == 1
                && interiorEnd(g) - interiorStart(g) >= L;
    }

    /**
     * Max pooling with stride 2 of planes [p0, p1): the outputs whose windows lie inside the row
     * a vector at a time (window column kj of L outputs = the even lanes of two vectors loaded from
     * column 2 * ox - pad + kj; rows outside the plane skipped, as the scalar kernel skips them),
     * the border columns by {@link PoolKernels#maxWindow}. Same scan order and NaN rule.
     */
    static void maxStride2(PoolGeometry g, float[] x, float[] out, int[] argmax, int p0, int p1) {
        int oh = g.outH();
        int ow = g.outW();
        int inW = g.inW();
        int plane = g.inH() * inW;
        int ox0 = interiorStart(g);
        int ox1 = interiorEnd(g);
        for (int p = p0; p < p1; p++) {
            int xOff = p * plane;
            for (int oy = 0; oy < oh; oy++) {
                int o = (p * oh + oy) * ow;
                for (int ox = 0; ox < ox0; ox++) {
                    PoolKernels.maxWindow(g, x, xOff, oy, ox, out, argmax, o + ox);
                }
                for (int ox = ox1; ox < ow; ox++) {
                    PoolKernels.maxWindow(g, x, xOff, oy, ox, out, argmax, o + ox);
                }
                for (int t0 = ox0; t0 < ox1; t0 += L) {
                    int t = Math.min(t0, ox1 - L); // the last vector overlaps the one before
                    if (xOff + (oy * 2 - g.padH() + g.kH() - 1) * inW + 2 * t - g.padW() + g.kW() - 1 + 2 * L > x.length) {
                        for (int ox = t; ox < t + L; ox++) { // the last loads would run past the array
                            PoolKernels.maxWindow(g, x, xOff, oy, ox, out, argmax, o + ox);
                        }
                        continue;
                    }
                    windowStrip(g, x, xOff, oy, t, out, argmax, o + t);
                }
            }
        }
    }

    /** L outputs (oy, t .. t + L) whose windows lie inside the row; rows outside the plane skipped. */
    private static void windowStrip(PoolGeometry g, float[] x, int xOff, int oy, int t, float[] out, int[] argmax, int o) {
        int inW = g.inW();
        int hs = 2 * oy - g.padH();
        int ki0 = Math.max(0, -hs);
        int ki1 = Math.min(g.kH(), g.inH() - hs);
        int first = (hs + ki0) * inW + 2 * t - g.padW();
        FloatVector best = evenLanes(x, xOff + first);
        IntVector arg = TWICE_IOTA.add(first);
        for (int ki = ki0; ki < ki1; ki++) {
            for (int kj = ki == ki0 ? 1 : 0; kj < g.kW(); kj++) {
                int col = (hs + ki) * inW + 2 * t - g.padW() + kj;
                FloatVector v = evenLanes(x, xOff + col);
                VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                best = best.blend(v, take);
                arg = arg.blend(TWICE_IOTA.add(col), take.cast(I));
            }
        }
        best.intoArray(out, o);
        arg.intoArray(argmax, o);
    }

    /** x[at + 2i] for i < L. */
    private static FloatVector evenLanes(float[] x, int at) {
        return FloatVector.fromArray(S, x, at).rearrange(EVEN, FloatVector.fromArray(S, x, at + L));
    }

    /** cnt outputs whose windows start at x[at + 2i] (plane index first + 2i), into out/argmax[o ..]. */
    private static void strip(float[] x, int at, int inW, int first, int cnt, float[] out, int[] argmax, int o) {
        FloatVector lo0;
        FloatVector hi0;
        FloatVector lo1;
        FloatVector hi1;
        if (cnt == L) {
            lo0 = FloatVector.fromArray(S, x, at);
            hi0 = FloatVector.fromArray(S, x, at + L);
            lo1 = FloatVector.fromArray(S, x, at + inW);
            hi1 = FloatVector.fromArray(S, x, at + inW + L);
        } else {
            VectorMask<Float> mLo = S.indexInRange(0, 2 * cnt);
            VectorMask<Float> mHi = S.indexInRange(L, 2 * cnt);
            lo0 = FloatVector.fromArray(S, x, at, mLo);
            hi0 = FloatVector.fromArray(S, x, at + L, mHi);
            lo1 = FloatVector.fromArray(S, x, at + inW, mLo);
            hi1 = FloatVector.fromArray(S, x, at + inW + L, mHi);
        }
        IntVector idx = TWICE_IOTA.add(first);
        FloatVector best = lo0.rearrange(EVEN, hi0);
        IntVector arg = idx;
        // Scan order: (0,0), (0,1), (1,0), (1,1).
        FloatVector v = lo0.rearrange(ODD, hi0);
        VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
        best = best.blend(v, take);
        arg = arg.blend(idx.add(1), take.cast(I));
        v = lo1.rearrange(EVEN, hi1);
        take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
        best = best.blend(v, take);
        arg = arg.blend(idx.add(inW), take.cast(I));
        v = lo1.rearrange(ODD, hi1);
        take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
        best = best.blend(v, take);
        arg = arg.blend(idx.add(inW + 1), take.cast(I));
        if (cnt == L) {
            best.intoArray(out, o);
            arg.intoArray(argmax, o);
        } else {
            best.intoArray(out, o, S.indexInRange(0, cnt));
            arg.intoArray(argmax, o, I.indexInRange(0, cnt));
        }
    }
}
