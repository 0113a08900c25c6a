package dev.flint.data;

import dev.flint.core.Tensor;
import dev.flint.data.transforms.Transform;

import java.util.random.RandomGenerator;

/**
 * A finite, indexable collection of samples (as torch.utils.data.Dataset). A sample is an input
 * tensor and a {@link Target} of any kind.
 *
 * <p>Datasets with random transforms draw their randomness from the generator passed to
 * {@link #get(int, RandomGenerator)}; {@link DataLoader} seeds it from (run seed, epoch, sample
 * index), so augmentation is reproducible whatever the number of workers.
 */
public interface Dataset {
    /** One sample: its input tensor and its target. */
    record Sample(Tensor input, Target target) {
        /** Refuses null parts. */
        public Sample {
            if (input == null || target == null) {
                throw new IllegalArgumentException("Dataset.Sample: input and target must not be null");
            }
        }

        /** A sample labelled with a class index. */
        public Sample(Tensor input, int label) {
            this(input, new Target.ClassIndex(label));
        }

        /** The class index; throws when the target is of another kind. */
        public int label() {
            if (target instanceof Target.ClassIndex c) {
                return c.index();
            }
            throw new IllegalStateException("Dataset.Sample.label: the target is " + Target.describe(target)
                    + ", not a class index; use target()");
        }
    }

    /** Number of samples. */
    int size();

    /** Sample {@code index}, in [0, size()), without randomness (random transforms use a fixed seed). */
    Sample get(int index);

    /**
     * Sample {@code index} with random transforms drawn from {@code rng}; datasets without
     * randomness ignore it.
     */
    default Sample get(int index, RandomGenerator rng) {
        return get(index);
    }

    /** This dataset with {@code transform} applied to every input (as a dataset's {@code transform=}). */
    default Dataset withTransform(Transform transform) {
        return new TransformedDataset(this, transform, false);
    }

    /**
     * This dataset with {@code transform} applied to every input and, with the same random
     * draws, its geometric part to the target's class map (image + mask augmentation).
     */
    default Dataset withPairedTransform(Transform transform) {
        return new TransformedDataset(this, transform, true);
    }
}
