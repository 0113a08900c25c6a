package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/** A user function as a (photometric) transform, as torchvision.transforms.Lambda. */
public final class Lambda implements Transform {
    private final UnaryOperator<Tensor> fn;

    /** Wraps {@code fn}. */
    public Lambda(UnaryOperator<Tensor> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("Lambda: function is null");
        }
        this.fn = fn;
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        Tensor out = fn.apply(image);
        if (out == null) {
            throw new IllegalStateException("Lambda: the function returned null");
        }
        return out;
    }
}
