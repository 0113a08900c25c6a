package dev.flint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 max pooling with stride 2 (LeNet, VGG, U-Net) on vectors: a lane per output. The two input
 * rows of a strip of outputs are loaded whole and split into their even and odd columns, which
 * gives the four window elements of every output in four vectors; they are then compared in
 * {@link PoolKernels}' scan order with its rule (take v where {@code v > best || isNaN(v)}), so
 * values, ties and NaNs route exactly as the scalar kernel and PyTorch do. The scalar kernel took
 * about 20 cycles per output (a serial compare chain per window); this takes about two. Only
 * loaded when {@link VectorSupport#enabled()}.
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
