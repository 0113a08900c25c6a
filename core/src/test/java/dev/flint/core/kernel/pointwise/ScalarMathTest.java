package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.VectorSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Flint's exp, log, tanh and sigmoid ({@link ScalarMath}, the definitions of the {@link Unary}
 * ops): within 2 ulp of the exact function over a dense sweep of floats (every 97th bit pattern
 * in the range, which includes overflow, underflow and subnormals), the special values exactly,
 * and the vector path bit-identical to the scalar one for every swept element.
 */
class ScalarMathTest {
    private static final int STRIDE = 97;
    private static final double MAX_ULP = 2.0;

    /** |y - ref| in ulps of the float nearest ref (the smaller ulp where ref sits at a power of 2); 0 when both are the same NaN or infinity. */
    static double ulpError(float y, double ref) {
        float rf = (float) ref;
        if (Double.isNaN(ref) || Float.isInfinite(rf) || Float.isInfinite(y) || Float.isNaN(y)) {
            return Float.floatToIntBits(y) == Float.floatToIntBits(rf) ? 0 : Double.POSITIVE_INFINITY;
        }
        double u = rf == 0f ? Float.MIN_VALUE : Math.min(Math.ulp(rf), Math.ulp(Math.nextDown(Math.abs(rf))));
        return Math.abs(y - ref) / u;
    }

    private record Fn(Unary op, DoubleUnaryOperator exact, float lo, float hi) {
    }

    private static final Fn[] FNS = {
        new Fn(Unary.EXP, Math::exp, -110f, 95f),
        new Fn(Unary.LOG, Math::log, 0f, Float.MAX_VALUE),
        new Fn(Unary.TANH, Math::tanh, -20f, 20f),
        new Fn(Unary.SIGMOID, x -> 1 / (1 + Math.exp(-x)), -120f, 120f),
    };

    /** Every STRIDE-th float (by bit pattern, both signs) in [lo, hi], in blocks, to {@code block}. */
    private static void sweep(float lo, float hi, java.util.function.BiConsumer<float[], Integer> block) {
        float[] buf = new float[1 << 16];
        int n = 0;
        for (long b = 0; b <= 0xffffffffL; b += STRIDE) {
            float x = Float.intBitsToFloat((int) b);
            if (x >= lo && x <= hi) {
                buf[n++] = x;
                if (n == buf.length) {
                    block.accept(buf, n);
                    n = 0;
                }
            }
        }
        block.accept(buf, n);
    }

    @Test
    void within2UlpOverADenseSweep() {
        StringBuilder report = new StringBuilder();
        for (Fn fn : FNS) {
            double[] worst = {0, Float.NaN};
            long[] count = {0};
            float[] out = new float[1 << 16];
            sweep(fn.lo, fn.hi, (xs, n) -> {
                Pointwise.unaryScalar(fn.op, xs, 0, 1, out, 0, n);
                for (int i = 0; i < n; i++) {
                    double e = ulpError(out[i], fn.exact.applyAsDouble(xs[i]));
                    if (!(e <= worst[0])) {
                        worst[0] = e;
                        worst[1] = xs[i];
                    }
                }
                count[0] += n;
            });
            report.append(String.format("%s: max %.3f ulp at %s over %d floats; ", fn.op, worst[0], (float) worst[1], count[0]));
            assertTrue(worst[0] <= MAX_ULP, fn.op + " is " + worst[0] + " ulp off at x = " + (float) worst[1]);
            assertTrue(count[0] > 1_000_000, fn.op + ": sweep too sparse");
        }
        System.out.println(report);
    }

    @Test
    void vectorPathGivesTheScalarBits() {
        assumeTrue(VectorSupport.enabled(), "scalar kernels only in this JVM");
        for (Fn fn : FNS) {
            float[] vec = new float[1 << 16];
            float[] ref = new float[1 << 16];
            int[] mismatches = {0};
            float[] first = {Float.NaN};
            sweep(fn.lo, fn.hi, (xs, n) -> {
                Pointwise.unary(fn.op, xs, 0, 1, vec, 0, n);
                Pointwise.unaryScalar(fn.op, xs, 0, 1, ref, 0, n);
                for (int i = 0; i < n; i++) {
                    if (Float.floatToIntBits(vec[i]) != Float.floatToIntBits(ref[i])) {
                        if (mismatches[0]++ == 0) {
                            first[0] = xs[i];
                        }
                    }
                }
            });
            assertEquals(0, mismatches[0], fn.op + ": vector and scalar differ, first at x = " + first[0]);
        }
        // and on the special values, which the vector form blends in rather than branching to
        float[] specials = specials();
        for (Fn fn : FNS) {
            float[] vec = new float[specials.length];
            Pointwise.unary(fn.op, specials, 0, 1, vec, 0, specials.length);
            for (int i = 0; i < specials.length; i++) {
                assertEquals(Float.floatToIntBits(fn.op.apply(specials[i])), Float.floatToIntBits(vec[i]),
                        fn.op + " at " + specials[i]);
            }
        }
    }

    private static float[] specials() {
        float[] s = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f,
            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
            88.72283f, 88.72284f, 89f, 1000f, -87.33654f, -103.97208f, -103.98f, -104f, -1000f,
            0x1.fffffep-127f, 1e-30f, -1e-30f, 0.85f, Math.nextDown(0.85f), -0.85f, 9f, 9.1f, -9.1f, 0.5f, 2f};
        float[] out = new float[s.length * 3];
        for (int i = 0; i < s.length; i++) { // each twice more so some fall in whole vectors, not the tail
            out[i] = s[i];
            out[s.length + i] = s[i];
            out[2 * s.length + i] = s[i];
        }
        return out;
    }

    private static void bits(float want, float got, String what) {
        assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got), what + ": want " + want + ", got " + got);
    }

    @Test
    void expSpecialValues() {
        bits(Float.NaN, ScalarMath.exp(Float.NaN), "exp(NaN)");
        bits(Float.POSITIVE_INFINITY, ScalarMath.exp(Float.POSITIVE_INFINITY), "exp(+Inf)");
        bits(0f, ScalarMath.exp(Float.NEGATIVE_INFINITY), "exp(-Inf)");
        bits(1f, ScalarMath.exp(0f), "exp(0)");
        bits(1f, ScalarMath.exp(-0f), "exp(-0)");
        // overflow: 88.72283 is the last float whose exp is finite
        assertTrue(Float.isFinite(ScalarMath.exp(88.72283f)) && ScalarMath.exp(88.72283f) > 3.4e38f, "exp(88.72283)");
        bits(Float.POSITIVE_INFINITY, ScalarMath.exp(88.72284f), "exp(88.72284)");
        bits(Float.POSITIVE_INFINITY, ScalarMath.exp(Float.MAX_VALUE), "exp(MAX_VALUE)");
        // underflow: subnormal results, then the smallest, then 0
        assertTrue(ulpError(ScalarMath.exp(-90f), Math.exp(-90)) <= 1, "exp(-90) is subnormal: " + ScalarMath.exp(-90f));
        bits(Float.MIN_VALUE, ScalarMath.exp(-103.5f), "exp(-103.5)");
        bits(0f, ScalarMath.exp(-103.98f), "exp(-103.98)");
        bits(0f, ScalarMath.exp(-Float.MAX_VALUE), "exp(-MAX_VALUE)");
        assertTrue(ulpError(ScalarMath.exp(-87.33654f), Math.exp(-87.33654f)) <= 1, "exp at MIN_NORMAL");
    }

    @Test
    void logSpecialValues() {
        bits(Float.NaN, ScalarMath.log(Float.NaN), "log(NaN)");
        bits(Float.NaN, ScalarMath.log(-1f), "log(-1)");
        bits(Float.NaN, ScalarMath.log(-Float.MIN_VALUE), "log(-MIN_VALUE)");
        bits(Float.NaN, ScalarMath.log(Float.NEGATIVE_INFINITY), "log(-Inf)");
        bits(Float.NEGATIVE_INFINITY, ScalarMath.log(0f), "log(0)");
        bits(Float.NEGATIVE_INFINITY, ScalarMath.log(-0f), "log(-0)");
        bits(Float.POSITIVE_INFINITY, ScalarMath.log(Float.POSITIVE_INFINITY), "log(+Inf)");
        bits(0f, ScalarMath.log(1f), "log(1)");
        for (float x : new float[] {Float.MIN_VALUE, 3 * Float.MIN_VALUE, 0x1.fffffep-127f, Float.MIN_NORMAL, Float.MAX_VALUE,
            Math.nextDown(1f), Math.nextUp(1f), 2f, 0.5f, 0.70710677f, 1.4142135f}) {
            assertTrue(ulpError(ScalarMath.log(x), Math.log(x)) <= 1, "log(" + x + ") = " + ScalarMath.log(x));
        }
    }

    @Test
    void tanhSpecialValues() {
        bits(Float.NaN, ScalarMath.tanh(Float.NaN), "tanh(NaN)");
        bits(1f, ScalarMath.tanh(Float.POSITIVE_INFINITY), "tanh(+Inf)");
        bits(-1f, ScalarMath.tanh(Float.NEGATIVE_INFINITY), "tanh(-Inf)");
        bits(0f, ScalarMath.tanh(0f), "tanh(0)");
        bits(-0f, ScalarMath.tanh(-0f), "tanh(-0)");
        bits(Float.MIN_VALUE, ScalarMath.tanh(Float.MIN_VALUE), "tanh(MIN_VALUE)");
        bits(-1e-30f, ScalarMath.tanh(-1e-30f), "tanh(-1e-30)");
        bits(1f, ScalarMath.tanh(9.1f), "tanh(9.1)");
        bits(-1f, ScalarMath.tanh(-Float.MAX_VALUE), "tanh(-MAX_VALUE)");
        // both sides of the hand-over between polynomial and exp form
        for (float x : new float[] {Math.nextDown(ScalarMath.TANH_SMALL), ScalarMath.TANH_SMALL, -ScalarMath.TANH_SMALL}) {
            assertTrue(ulpError(ScalarMath.tanh(x), Math.tanh(x)) <= 1, "tanh(" + x + ")");
        }
    }

    @Test
    void sigmoidSpecialValues() {
        bits(Float.NaN, ScalarMath.sigmoid(Float.NaN), "sigmoid(NaN)");
        bits(1f, ScalarMath.sigmoid(Float.POSITIVE_INFINITY), "sigmoid(+Inf)");
        bits(0f, ScalarMath.sigmoid(Float.NEGATIVE_INFINITY), "sigmoid(-Inf)");
        bits(0.5f, ScalarMath.sigmoid(0f), "sigmoid(0)");
        bits(0.5f, ScalarMath.sigmoid(-0f), "sigmoid(-0)");
        bits(1f, ScalarMath.sigmoid(20f), "sigmoid(20)");
        assertTrue(ulpError(ScalarMath.sigmoid(-100f), 1 / (1 + Math.exp(100))) <= 1, "sigmoid(-100) is subnormal");
    }
}
