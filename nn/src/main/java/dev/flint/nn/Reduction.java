package dev.flint.nn;

import dev.flint.core.Tensor;

/** How a loss combines per-element losses (PyTorch's {@code reduction=}). */
public enum Reduction {
    /** Per-element losses, unreduced. */
    NONE,
    /** Their mean (the default). */
    MEAN,
    /** Their sum. */
    SUM;

    Tensor apply(Tensor perElement) {
        return switch (this) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
        };
    }
}
