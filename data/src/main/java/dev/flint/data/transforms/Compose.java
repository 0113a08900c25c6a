package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Transforms applied in order, as torchvision.transforms.Compose; each draws from its own stream. */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    /** The transforms, first applied first. */
    public Compose(Transform... transforms) {
        for (int i = 0; i < transforms.length; i++) {
            if (transforms[i] == null) {
                throw new IllegalArgumentException("Compose: transform " + i + " is null");
            }
        }
        this.transforms = List.of(transforms);
    }

    /** The transforms, first applied first. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        for (Transform t : transforms) {
            image = t.apply(image, new SplittableRandom(rng.nextLong()));
        }
        return image;
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        // One draw per transform, as in apply, so an equally seeded rng gives each the same stream.
        for (Transform t : transforms) {
            mask = t.applyToMask(mask, new SplittableRandom(rng.nextLong()));
        }
        return mask;
    }

    @Override
    public String toString() {
        return "Compose" + transforms;
    }
}
