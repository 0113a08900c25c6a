package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A crop of (h, w) at a uniformly random position, after optional padding, as
 * torchvision.transforms.RandomCrop.
 */
public final class RandomCrop implements Transform {
    private final int[] size;
    private final int[] padding; // left, top, right, bottom
    private final boolean padIfNeeded;
    private final float fill;
    private final PaddingMode mode;

    /** A crop of {@code size} (one value or (h, w)) without padding. */
    public RandomCrop(int... size) {
        this(size, new int[] {0}, false, 0f, PaddingMode.CONSTANT);
    }

    /**
     * A crop of {@code size} after padding by {@code padding}: one value (all sides), two
     * (left/right, top/bottom) or four (left, top, right, bottom), as torchvision.
     */
    public RandomCrop(int[] size, int[] padding, boolean padIfNeeded, float fill, PaddingMode mode) {
        this.size = ImageOps.size("RandomCrop", size);
        if (padding == null || !(padding.length == 1 || padding.length == 2 || padding.length == 4)) {
            throw new IllegalArgumentException("RandomCrop: padding must have 1, 2 or 4 values, got " + Arrays.toString(padding));
        }
        for (int p : padding) {
            if (p < 0) {
                throw new IllegalArgumentException("RandomCrop: padding must be non-negative, got " + Arrays.toString(padding));
            }
        }
        if (mode == null) {
            throw new IllegalArgumentException("RandomCrop: padding mode is null");
        }
        this.padding = switch (padding.length) {
            case 1 -> new int[] {padding[0], padding[0], padding[0], padding[0]};
            case 2 -> new int[] {padding[0], padding[1], padding[0], padding[1]};
            default -> padding.clone();
        };
        this.padIfNeeded = padIfNeeded;
        this.fill = fill;
        this.mode = mode;
    }

    /** A square crop of {@code size} after zero padding of {@code padding} on every side (the CIFAR recipe). */
    public static RandomCrop withPadding(int size, int padding) {
        return new RandomCrop(new int[] {size}, new int[] {padding}, false, 0f, PaddingMode.CONSTANT);
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        return crop(image, rng, fill);
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        return crop(mask, rng, 0f);
    }

    private Tensor crop(Tensor image, RandomGenerator rng, float value) {
        ImageOps.chw("RandomCrop", image);
        if (padding[0] + padding[1] + padding[2] + padding[3] > 0) {
            image = ImageOps.pad("RandomCrop", image, padding[0], padding[1], padding[2], padding[3], mode, value);
        }
        int th = size[0];
        int tw = size[1];
        if (padIfNeeded && image.size(2) < tw) {
            int p = tw - image.size(2);
            image = ImageOps.pad("RandomCrop", image, p, 0, p, 0, mode, value);
        }
        if (padIfNeeded && image.size(1) < th) {
            int p = th - image.size(1);
            image = ImageOps.pad("RandomCrop", image, 0, p, 0, p, mode, value);
        }
        int h = image.size(1);
        int w = image.size(2);
        if (h < th || w < tw) {
            throw new IllegalArgumentException("RandomCrop: crop " + th + "x" + tw + " is larger than the (padded) image " + h + "x" + w);
        }
        if (h == th && w == tw) {
            return image;
        }
        int top = rng.nextInt(h - th + 1);
        int left = rng.nextInt(w - tw + 1);
        return ImageOps.crop(image, top, left, th, tw);
    }

    @Override
    public String toString() {
        return "RandomCrop(" + size[0] + ", " + size[1] + ", padding=" + Arrays.toString(padding) + ", " + mode + ")";
    }
}
