package dev.flint.core.kernel.pointwise;

/**
 * Elementwise unary functions; {@link #apply} is the scalar definition every kernel must match.
 * EXP, LOG, TANH and SIGMOID are Flint's own ({@link ScalarMath}, within 2 ulp), not
 * {@code Math}'s: their vector forms compute the same bits, so a result does not depend on
 * whether an element fell in a vector or in a loop's tail, nor on JIT state.
 */
public enum Unary {
    IDENTITY { public float apply(float x) { return x; } },
    NEG { public float apply(float x) { return -x; } },
    EXP { public float apply(float x) { return ScalarMath.exp(x); } },
    LOG { public float apply(float x) { return ScalarMath.log(x); } },
    SQRT { public float apply(float x) { return (float) Math.sqrt(x); } },
    ABS { public float apply(float x) { return Math.abs(x); } },
    /** sign(x) in {-1, 0, 1}; NaN stays NaN (as torch.sign). */
    SIGN { public float apply(float x) { return Math.signum(x); } },
    RELU { public float apply(float x) { return Math.max(x, 0f); } },
    /** Logistic sigmoid, written so that it never overflows. */
    SIGMOID { public float apply(float x) { return ScalarMath.sigmoid(x); } },
    TANH { public float apply(float x) { return ScalarMath.tanh(x); } };

    /** The scalar definition. */
    public abstract float apply(float x);
}
