package dev.flint.core.kernel.pointwise;

/**
 * Flint's float {@code exp}, {@code log}, {@code tanh} and {@code sigmoid}: the scalar definitions
 * of {@link Unary#EXP}, {@link Unary#LOG}, {@link Unary#TANH} and {@link Unary#SIGMOID}, each
 * within 2 ulp of the exact result (measured; see docs/design.md).
 *
 * <p>Why not {@code Math.exp} and the JDK's {@code VectorOperators.EXP}: the JDK's vector math is
 * not the same function when interpreted (a {@code Math} call per lane) and when C2 has compiled
 * it (SVML), so results changed with JIT warm-up and seeded training runs diverged. These are
 * written only with float {@code +}, {@code *}, {@code /}, {@code Math.fma}, comparisons and bit
 * operations, which Java defines exactly, and {@link VectorMath} does the same operations in the
 * same order on each lane: interpreted, compiled, scalar and vector all give the same bits.
 *
 * <p>No Vector API types here: this class serves the scalar kernels on JVMs without
 * {@code jdk.incubator.vector}.
 */
final class ScalarMath {
    private ScalarMath() {
    }

    // exp: x = n ln2 + r with |r| <= ln2/2, exp(x) = 2^n exp(r), exp(r) = 1 + r + r^2 Q(r).
    /** Below this exp(x) rounds to 0, above {@link #EXP_HI} to infinity; clamping keeps n in [-150, 128]. */
    static final float EXP_LO = -104f;
    static final float EXP_HI = 89f;
    static final float LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    static final float SHIFTER = 0x1.8p23f;
    static final int SHIFTER_BITS = 0x4b400000;
    /**
     * ln 2 = LN2_HI + LN2_LO. LN2_HI is ln 2 rounded to float: x - n LN2_HI is exact (a multiple of
     * 2^-25 below 0.5 in magnitude), so one fma gives it without rounding.
     */
    static final float LN2_HI = 0x1.62e430p-1f;
    static final float LN2_LO = -0x1.05c610p-29f;
    /** Q(r), minimax for the relative error of exp on [-ln2/2, ln2/2] (Lawson's algorithm): 0.05 ulp before rounding. */
    static final float EXP_Q0 = 0.49999994f;
    static final float EXP_Q1 = 0.16666521f;
    static final float EXP_Q2 = 0.041668389f;
    static final float EXP_Q3 = 0.0083687454f;
    static final float EXP_Q4 = 0.0013814539f;

    /** e^x within 2 ulp; subnormal results rounded once; NaN stays NaN, -Inf gives 0, +Inf gives +Inf. */
    static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LO), EXP_HI); // Math.max/min keep NaN
        float t = Math.fma(c, LOG2E, SHIFTER);
        float n = t - SHIFTER;
        float r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        float q = Math.fma(EXP_Q4, r, EXP_Q3);
        q = Math.fma(q, r, EXP_Q2);
        q = Math.fma(q, r, EXP_Q1);
        q = Math.fma(q, r, EXP_Q0);
        float p = Math.fma(q, r * r, r) + 1f;
        int ni = Float.floatToRawIntBits(t) - SHIFTER_BITS;
        // 2^n as two factors, each a normal float for n in [-150, 128]; the second product rounds
        // once, also into the subnormal range.
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    // log: x = 2^e m with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact), s = f / (2 + f);
    // log(1 + f) = 2 atanh(s) = f - hfsq + s (hfsq + R(s^2)), hfsq = f^2 / 2 (fdlibm's form: the
    // large term f is exact and the rest is a small correction).
    static final int SQRT_HALF_BITS = 0x3f3504f3;
    static final float TWO_23 = 0x1p23f;
    /** R(z) = z (2/3 + z (2/5 + z (2/7 + z 2/9))): the atanh series, its remainder below 2^-28 for z <= 0.0295. */
    static final float LOG_R1 = 2f / 3f;
    static final float LOG_R2 = 2f / 5f;
    static final float LOG_R3 = 2f / 7f;
    static final float LOG_R4 = 2f / 9f;

    /** The natural logarithm within 2 ulp: log(+-0) = -Inf, log(x &lt; 0) = NaN, log(+Inf) = +Inf, subnormals exact in the exponent. */
    static float log(float x) {
        if (!(x > 0f)) {
            return x == 0f ? Float.NEGATIVE_INFINITY : Float.NaN;
        }
        if (x == Float.POSITIVE_INFINITY) {
            return x;
        }
        float k = 0f;
        if (x < Float.MIN_NORMAL) {
            x *= TWO_23;
            k = -23f;
        }
        int ix = Float.floatToRawIntBits(x) - SQRT_HALF_BITS;
        float e = (float) (ix >> 23) + k;
        float f = Float.intBitsToFloat((ix & 0x007fffff) + SQRT_HALF_BITS) - 1f;
        float s = f / (2f + f);
        float z = s * s;
        float rz = Math.fma(LOG_R4, z, LOG_R3);
        rz = Math.fma(rz, z, LOG_R2);
        rz = Math.fma(rz, z, LOG_R1);
        rz = rz * z;
        float hfsq = 0.5f * f * f;
        float lo = Math.fma(s, hfsq + rz, Math.fma(e, LN2_LO, -hfsq));
        return Math.fma(e, LN2_HI, lo + f);
    }

    // tanh(x) = sign(x) tanh(a), a = |x|: below TANH_SMALL a + a^3 P(a^2), above 1 - 2 / (e^(2a) + 1).
    /** Where the polynomial hands over: above it 2 / (e^(2a) + 1) is below 0.31, so its rounding errors stay small next to 1. */
    static final float TANH_SMALL = 0.85f;
    /** P(z), minimax for the relative error of tanh on [0, 0.85] (Lawson's algorithm): 0.01 ulp before rounding. */
    static final float TANH_P0 = -0.33333328f;
    static final float TANH_P1 = 0.13333133f;
    static final float TANH_P2 = -0.053943675f;
    static final float TANH_P3 = 0.021724498f;
    static final float TANH_P4 = -0.0083944323f;
    static final float TANH_P5 = 0.0027181129f;
    static final float TANH_P6 = -0.00051044772f;

    /** tanh within 2 ulp; odd (so -0 gives -0), +-1 from |x| ~ 9, NaN stays NaN. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float t = a < TANH_SMALL ? tanhSmall(a) : tanhLarge(a);
        return Math.copySign(t, x);
    }

    static float tanhSmall(float a) {
        float z = a * a;
        float p = Math.fma(TANH_P6, z, TANH_P5);
        p = Math.fma(p, z, TANH_P4);
        p = Math.fma(p, z, TANH_P3);
        p = Math.fma(p, z, TANH_P2);
        p = Math.fma(p, z, TANH_P1);
        p = Math.fma(p, z, TANH_P0);
        return Math.fma(a * z, p, a);
    }

    static float tanhLarge(float a) {
        return 1f - 2f / (exp(a + a) + 1f); // exp overflows to +Inf for large a, giving exactly 1
    }

    /**
     * The logistic function 1 / (1 + e^-x), as e / (1 + e) below 0 (e = e^-|x|, so nothing
     * overflows), within 2 ulp. The plain quotient was 2.3 ulp off (1 + e rounds, then the
     * division), so the quotient is corrected once by its residual, 1 + e taken exactly as d + de.
     */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float num = x >= 0f ? 1f : e;
        float d = 1f + e;
        float de = (1f - d) + e; // 1 + e = d + de exactly, as e <= 1
        float inv = 1f / d;
        float y = num * inv;
        float r = Math.fma(-y, d, num); // num - y (d + de)
        r = Math.fma(-y, de, r);
        return Math.fma(r, inv, y);
    }
}
