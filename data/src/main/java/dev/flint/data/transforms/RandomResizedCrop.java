package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * A random region of random area and aspect ratio, resized to (h, w), as
 * torchvision.transforms.RandomResizedCrop (the same sampling: 10 tries, then a central crop).
 */
public final class RandomResizedCrop implements Transform {
    private final int[] size;
    private final double[] scale;
    private final double[] ratio;
    private final Interpolation mode;

    /** torchvision's defaults: scale [0.08, 1], ratio [3/4, 4/3], bilinear. */
    public RandomResizedCrop(int... size) {
        this(size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0, Interpolation.BILINEAR);
    }

    /** With the area fraction in [scaleMin, scaleMax] and the aspect ratio (w/h) in [ratioMin, ratioMax]. */
    public RandomResizedCrop(int[] size, double scaleMin, double scaleMax, double ratioMin, double ratioMax, Interpolation mode) {
        this.size = ImageOps.size("RandomResizedCrop", size);
        this.scale = ImageOps.range("RandomResizedCrop", "scale", scaleMin, scaleMax, 0, Double.MAX_VALUE);
        this.ratio = ImageOps.range("RandomResizedCrop", "ratio", ratioMin, ratioMax, Double.MIN_VALUE, Double.MAX_VALUE);
        if (mode == null) {
            throw new IllegalArgumentException("RandomResizedCrop: interpolation is null");
        }
        this.mode = mode;
    }

    /** The region (top, left, h, w) for an image of height x width. */
    int[] region(int height, int width, RandomGenerator rng) {
        double area = (double) height * width;
        double logLo = Math.log(ratio[0]);
        double logHi = Math.log(ratio[1]);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, scale[0], scale[1]);
            double aspect = Math.exp(uniform(rng, logLo, logHi));
            int w = ImageOps.pyRound(Math.sqrt(target * aspect));
            int h = ImageOps.pyRound(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int top = rng.nextInt(height - h + 1);
                int left = rng.nextInt(width - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double in = (double) width / height;
        int w;
        int h;
        if (in < ratio[0]) {
            w = width;
            h = ImageOps.pyRound(w / ratio[0]);
        } else if (in > ratio[1]) {
            h = height;
            w = ImageOps.pyRound(h * ratio[1]);
        } else {
            w = width;
            h = height;
        }
        return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        return cropResize(image, rng, mode);
    }

    @Override
    public Tensor applyToMask(Tensor mask, RandomGenerator rng) {
        return cropResize(mask, rng, Interpolation.NEAREST);
    }

    private Tensor cropResize(Tensor image, RandomGenerator rng, Interpolation m) {
        int[] s = ImageOps.chw("RandomResizedCrop", image);
        if (s[1] == 0 || s[2] == 0) {
            throw new IllegalArgumentException("RandomResizedCrop: empty image " + s[1] + "x" + s[2]);
        }
        int[] r = region(s[1], s[2], rng);
        return ImageOps.resize(ImageOps.crop(image, r[0], r[1], r[2], r[3]), size[0], size[1], m);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(" + size[0] + ", " + size[1] + ", scale=[" + scale[0] + ", " + scale[1] + "], ratio=[" + ratio[0] + ", "
                + ratio[1] + "], " + mode + ")";
    }
}
