package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** A flip with probability p along one axis; the geometry also applies to class maps. */
abstract class RandomFlip implements Transform {
    private final double p;
    private final boolean horizontal;
    private final String name;

    RandomFlip(double p, boolean horizontal, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ": p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.horizontal = horizontal;
        this.name = name;
    }

    @Override
    public final Tensor apply(Tensor image, RandomGenerator rng) {
        ImageOps.chw(name, image);
        return rng.nextDouble() < p ? ImageOps.flip(image, horizontal) : image;
    }

    @Override
    public final Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        return apply(mask, rng);
    }

    @Override
    public final String toString() {
        return name + "(p=" + p + ")";
    }
}
