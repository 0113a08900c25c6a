package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A transform of one image tensor (C, H, W), as torchvision.transforms on tensors. Random
 * transforms draw every random choice from {@code rng}, and draw it from the image's size only, so
 * a class map transformed with an equally seeded generator gets the same geometry
 * ({@link #applyPaired}).
 */
@FunctionalInterface
public interface Transform {
    /** The transformed image. */
    Tensor apply(Tensor image, RandomGenerator rng);

    /**
     * The same geometry applied to a class map (1, H, W) holding integer classes: nearest
     * sampling, new pixels 0. Photometric transforms leave the map alone (the default).
     */
    default Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        return mask;
    }

    /** This transform without randomness (a fixed seed), for deterministic use and tests. */
    default Tensor apply(Tensor image) {
        return apply(image, new SplittableRandom(0));
    }

    /** Image and class map transformed with the same random draws: {@code [image', mask']}. */
    default Tensor[] applyPaired(Tensor image, Tensor mask, RandomGenerator rng) {
        long seed = rng.nextLong();
        return new Tensor[] {apply(image, new SplittableRandom(seed)), applyToMask(mask, new SplittableRandom(seed))};
    }
}
