package dev.flint.core.kernel.pointwise;

import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_HI;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_LO;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_Q0;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_Q1;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_Q2;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_Q3;
import static dev.flint.core.kernel.pointwise.ScalarMath.EXP_Q4;
import static dev.flint.core.kernel.pointwise.ScalarMath.LN2_HI;
import static dev.flint.core.kernel.pointwise.ScalarMath.LN2_LO;
import static dev.flint.core.kernel.pointwise.ScalarMath.LOG2E;
import static dev.flint.core.kernel.pointwise.ScalarMath.LOG_R1;
import static dev.flint.core.kernel.pointwise.ScalarMath.LOG_R2;
import static dev.flint.core.kernel.pointwise.ScalarMath.LOG_R3;
import static dev.flint.core.kernel.pointwise.ScalarMath.LOG_R4;
import static dev.flint.core.kernel.pointwise.ScalarMath.SHIFTER;
import static dev.flint.core.kernel.pointwise.ScalarMath.SHIFTER_BITS;
import static dev.flint.core.kernel.pointwise.ScalarMath.SQRT_HALF_BITS;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P0;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P1;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P2;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P3;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P4;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P5;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_P6;
import static dev.flint.core.kernel.pointwise.ScalarMath.TANH_SMALL;
import static dev.flint.core.kernel.pointwise.ScalarMath.TWO_23;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ScalarMath}'s exp, log, tanh and sigmoid on every lane: the same float operations in the
 * same order, so each lane's bits equal the scalar function's, whether this code runs interpreted
 * (the Vector API's Java fallback, which applies the same IEEE operations per lane) or compiled.
 * Only loaded when {@link dev.flint.core.kernel.runtime.VectorSupport#enabled() VectorSupport.enabled()}.
 *
 * <p>The array loops ({@link #exp(float[], int, float[], int, int)} etc.) are a method per
 * function so that each compiles with its function inlined; a shared loop switching over all of
 * them grew too large for C2 to inline, and vectors passed to a call that is not inlined are
 * boxed. Constants are broadcast in place rather than by a helper: the Vector API's own methods
 * are force-inlined, a helper is not, and once C2 reached its node budget in a large caller it
 * stopped inlining the helper and every broadcast was boxed (10x slower, 3.6 MB per 64k exps).
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int SIGN = 0x80000000;

    private VectorMath() {
    }

    /** {@link ScalarMath#exp} per lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LO).min(EXP_HI);
        FloatVector t = c.fma(LOG2E, SHIFTER);
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector q = FloatVector.broadcast(S, EXP_Q4).fma(r, FloatVector.broadcast(S, EXP_Q3));
        q = q.fma(r, FloatVector.broadcast(S, EXP_Q2));
        q = q.fma(r, FloatVector.broadcast(S, EXP_Q1));
        q = q.fma(r, FloatVector.broadcast(S, EXP_Q0));
        FloatVector p = q.fma(r.mul(r), r).add(1f);
        IntVector ni = t.viewAsIntegralLanes().sub(SHIFTER_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes();
        return p.mul(s1).mul(s2);
    }

    /** {@link ScalarMath#log} per lane; the special values are blended in last where the scalar form returns early. */
    static FloatVector log(FloatVector x) {
        VectorMask<Float> sub = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO_23), sub);
        FloatVector kf = FloatVector.zero(S).blend(-23f, sub);
        IntVector ix = xs.viewAsIntegralLanes().sub(SQRT_HALF_BITS);
        FloatVector e = ((FloatVector) ix.lanewise(VectorOperators.ASHR, 23).convert(VectorOperators.I2F, 0)).add(kf);
        FloatVector f = ix.and(0x007fffff).add(SQRT_HALF_BITS).viewAsFloatingLanes().sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector rz = FloatVector.broadcast(S, LOG_R4).fma(z, FloatVector.broadcast(S, LOG_R3));
        rz = rz.fma(z, FloatVector.broadcast(S, LOG_R2));
        rz = rz.fma(z, FloatVector.broadcast(S, LOG_R1));
        rz = rz.mul(z);
        FloatVector hfsq = f.mul(0.5f).mul(f);
        FloatVector lo = s.fma(hfsq.add(rz), e.fma(FloatVector.broadcast(S, LN2_LO), hfsq.neg()));
        FloatVector y = e.fma(FloatVector.broadcast(S, LN2_HI), lo.add(f));
        y = y.blend(Float.NaN, x.compare(VectorOperators.GT, 0f).not());
        y = y.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** {@link ScalarMath#tanh} per lane: both of its branches, then a blend. */
    static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector z = a.mul(a);
        FloatVector p = FloatVector.broadcast(S, TANH_P6).fma(z, FloatVector.broadcast(S, TANH_P5));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P4));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P3));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P2));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P1));
        p = p.fma(z, FloatVector.broadcast(S, TANH_P0));
        FloatVector small = a.mul(z).fma(p, a);
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(a.add(a)).add(1f)));
        FloatVector t = large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
        IntVector mag = t.viewAsIntegralLanes().and(~SIGN); // Math.copySign(t, x)
        IntVector sign = x.viewAsIntegralLanes().and(SIGN);
        return mag.or(sign).viewAsFloatingLanes();
    }

    /** {@link ScalarMath#sigmoid} per lane. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector num = e.blend(1f, x.compare(VectorOperators.GE, 0f));
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector d = one.add(e);
        FloatVector de = one.sub(d).add(e);
        FloatVector inv = one.div(d);
        FloatVector y = num.mul(inv);
        FloatVector r = y.neg().fma(d, num);
        r = y.neg().fma(de, r);
        return r.fma(inv, y);
    }

    /** out[outOff + i] = exp(x[xOff + i]) for i in [0, n); the tail in {@link ScalarMath}, which gives the same bits. */
    static void exp(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            exp(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = ScalarMath.exp(x[xOff + i]);
        }
    }

    /** As {@link #exp(float[], int, float[], int, int)}, for log. */
    static void log(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            log(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = ScalarMath.log(x[xOff + i]);
        }
    }

    /** As {@link #exp(float[], int, float[], int, int)}, for tanh. */
    static void tanh(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = ScalarMath.tanh(x[xOff + i]);
        }
    }

    /** As {@link #exp(float[], int, float[], int, int)}, for sigmoid. */
    static void sigmoid(float[] x, int xOff, float[] out, int outOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = ScalarMath.sigmoid(x[xOff + i]);
        }
    }
}
