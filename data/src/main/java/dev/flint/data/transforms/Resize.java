package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * Resampling to a size, as torchvision.transforms.Resize on tensors without antialiasing
 * ({@code F.interpolate}): one value matches the shorter side (the longer one scaled and
 * truncated as torchvision does), two give (h, w) exactly.
 */
public final class Resize implements Transform {
    private final int[] size;
    private final Interpolation mode;

    /** Shorter side to {@code size[0]}, or exactly (h, w); bilinear. */
    public Resize(int... size) {
        this(Interpolation.BILINEAR, size);
    }

    /** As {@link #Resize(int...)} with the given interpolation. */
    public Resize(Interpolation mode, int... size) {
        if (mode == null) {
            throw new IllegalArgumentException("Resize: interpolation is null");
        }
        ImageOps.size("Resize", size);
        this.size = size.clone();
        this.mode = mode;
    }

    /** The output (h, w) for an input of h x w. */
    int[] outputSize(int h, int w) {
        if (size.length == 2) {
            return size.clone();
        }
        int shortSide = Math.min(h, w);
        int longSide = Math.max(h, w);
        int newLong = (int) ((long) size[0] * longSide / shortSide);
        return w <= h ? new int[] {newLong, size[0]} : new int[] {size[0], newLong};
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("Resize", image);
        if (s[1] == 0 || s[2] == 0) {
            throw new IllegalArgumentException("Resize: cannot resize an empty image of " + s[1] + "x" + s[2]);
        }
        int[] o = outputSize(s[1], s[2]);
        return ImageOps.resize(image, o[0], o[1], mode);
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        int[] s = ImageOps.chw("Resize", mask);
        int[] o = outputSize(s[1], s[2]);
        return ImageOps.resize(mask, o[0], o[1], Interpolation.NEAREST);
    }

    @Override
    public String toString() {
        return "Resize(" + java.util.Arrays.toString(size) + ", " + mode + ")";
    }
}
