package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * A rotation by an angle drawn uniformly from [min, max] degrees (counter-clockwise), about the
 * centre, same size, as torchvision.transforms.RandomRotation (nearest by default; uncovered
 * pixels take {@code fill}).
 */
public final class RandomRotation implements Transform {
    private final double min;
    private final double max;
    private final Interpolation mode;
    private final float fill;

    /** Angles in [-degrees, degrees], nearest, fill 0. */
    public RandomRotation(double degrees) {
        this(-degrees, degrees, Interpolation.NEAREST, 0f);
        if (degrees < 0) {
            throw new IllegalArgumentException("RandomRotation: degrees must be non-negative, got " + degrees);
        }
    }

    /** Angles in [min, max]. */
    public RandomRotation(double min, double max, Interpolation mode, float fill) {
        ImageOps.range("RandomRotation", "degrees", min, max, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (mode == null) {
            throw new IllegalArgumentException("RandomRotation: interpolation is null");
        }
        this.min = min;
        this.max = max;
        this.mode = mode;
        this.fill = fill;
    }

    private double angle(RandomGenerator rng) {
        return min + (max - min) * rng.nextDouble();
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        ImageOps.chw("RandomRotation", image);
        return ImageOps.rotate(image, angle(rng), mode, fill);
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        ImageOps.chw("RandomRotation", mask);
        return ImageOps.rotate(mask, angle(rng), Interpolation.NEAREST, 0f);
    }

    /**
     * {@code image} rotated by exactly {@code degrees}, as torchvision.transforms.functional.rotate
     * with {@code fill}: uncovered pixels blend toward it (this transform's own behaviour).
     */
    public static Tensor rotate(Tensor image, double degrees, Interpolation mode, float fill) {
        ImageOps.chw("rotate", image);
        return ImageOps.rotate(image, degrees, mode, fill);
    }

    /** As functional rotate without a fill: pixels from outside the image are 0, no blending. */
    public static Tensor rotate(Tensor image, double degrees, Interpolation mode) {
        ImageOps.chw("rotate", image);
        return ImageOps.rotate(image, degrees, mode, null);
    }

    @Override
    public String toString() {
        return "RandomRotation([" + min + ", " + max + "], " + mode + ", fill=" + fill + ")";
    }
}
