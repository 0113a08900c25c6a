package dev.flint.core.kernel.pointwise;

/** Elementwise binary functions; {@link #apply} is the scalar definition every kernel must match. */
public enum Binary {
    ADD { public float apply(float a, float b) { return a + b; } },
    SUB { public float apply(float a, float b) { return a - b; } },
    MUL { public float apply(float a, float b) { return a * b; } },
    DIV { public float apply(float a, float b) { return a / b; } },
    /** StrictMath: specified to the bit, where Math.pow may differ between implementations (and JIT tiers). */
    POW { public float apply(float a, float b) { return (float) StrictMath.pow(a, b); } },
    /** NaN-propagating maximum (as torch.maximum). */
    MAXIMUM { public float apply(float a, float b) { return Math.max(a, b); } },
    MINIMUM { public float apply(float a, float b) { return Math.min(a, b); } },
    EQ { public float apply(float a, float b) { return a == b ? 1f : 0f; } },
    NE { public float apply(float a, float b) { return a != b ? 1f : 0f; } },
    LT { public float apply(float a, float b) { return a < b ? 1f : 0f; } },
    LE { public float apply(float a, float b) { return a <= b ? 1f : 0f; } },
    GT { public float apply(float a, float b) { return a > b ? 1f : 0f; } },
    GE { public float apply(float a, float b) { return a >= b ? 1f : 0f; } },
    /** a where b &gt; 0, else 0: relu's backward (a = gradient, b = relu output). */
    MASK_POSITIVE { public float apply(float a, float b) { return b > 0 ? a : 0f; } };

    /** The scalar definition. */
    public abstract float apply(float a, float b);
}
