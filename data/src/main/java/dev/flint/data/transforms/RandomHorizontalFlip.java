package dev.flint.data.transforms;

/** A horizontal flip with probability p, as torchvision.transforms.RandomHorizontalFlip. */
public final class RandomHorizontalFlip extends RandomFlip {
    /** Flips half of the images. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /** Flips with probability {@code p} in [0, 1]. */
    public RandomHorizontalFlip(double p) {
        super(p, true, "RandomHorizontalFlip");
    }
}
