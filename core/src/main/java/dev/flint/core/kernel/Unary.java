package dev.flint.core.kernel;

/** Elementwise unary functions; {@link #apply} is the scalar definition every kernel must match. */
public enum Unary {
    IDENTITY { public float apply(float x) { return x; } },
    NEG { public float apply(float x) { return -x; } },
    EXP { public float apply(float x) { return (float) Math.exp(x); } },
    LOG { public float apply(float x) { return (float) Math.log(x); } },
    SQRT { public float apply(float x) { return (float) Math.sqrt(x); } },
    ABS { public float apply(float x) { return Math.abs(x); } },
    /** sign(x) in {-1, 0, 1}; NaN stays NaN (as torch.sign). */
    SIGN { public float apply(float x) { return Math.signum(x); } },
    RELU { public float apply(float x) { return Math.max(x, 0f); } },
    /** Logistic sigmoid, written so that neither branch overflows. */
    SIGMOID {
        public float apply(float x) {
            if (x >= 0) {
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            }
            double e = Math.exp(x);
            return (float) (e / (1.0 + e));
        }
    },
    TANH { public float apply(float x) { return (float) Math.tanh(x); } };

    /** The scalar definition. */
    public abstract float apply(float x);
}
