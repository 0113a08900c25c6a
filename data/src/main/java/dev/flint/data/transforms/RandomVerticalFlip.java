package dev.flint.data.transforms;

/** A vertical flip with probability p, as torchvision.transforms.RandomVerticalFlip. */
public final class RandomVerticalFlip extends RandomFlip {
    /** Flips half of the images. */
    public RandomVerticalFlip() {
        this(0.5);
    }

    /** Flips with probability {@code p} in [0, 1]. */
    public RandomVerticalFlip(double p) {
        super(p, false, "RandomVerticalFlip");
    }
}
