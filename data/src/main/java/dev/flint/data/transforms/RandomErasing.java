package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * With probability p, a random rectangle of random area and aspect ratio set to a value, as
 * torchvision.transforms.RandomErasing (same sampling; 10 tries, else unchanged). Applied to
 * normalised tensors, after {@link Normalize}. Class maps are left as they are.
 */
public final class RandomErasing implements Transform {
    private final double p;
    private final double[] scale;
    private final double[] ratio;
    private final float[] value; // null: random normal values
    private final boolean random;

    /** torchvision's defaults: p 0.5, scale [0.02, 0.33], ratio [0.3, 3.3], value 0. */
    public RandomErasing() {
        this(0.5, 0.02, 0.33, 0.3, 3.3, new float[] {0f});
    }

    /** Erased pixels set to {@code value} (one value, or one per channel). */
    public RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, float[] value) {
        this(p, scaleMin, scaleMax, ratioMin, ratioMax, value, false);
    }

    private RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, float[] value, boolean random) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("RandomErasing: p must be in [0, 1], got " + p);
        }
        this.scale = ImageOps.range("RandomErasing", "scale", scaleMin, scaleMax, 0, 1);
        this.ratio = ImageOps.range("RandomErasing", "ratio", ratioMin, ratioMax, Double.MIN_VALUE, Double.MAX_VALUE);
        if (!random && (value == null || value.length == 0)) {
            throw new IllegalArgumentException("RandomErasing: value needs one value or one per channel");
        }
        this.p = p;
        this.value = value == null ? null : value.clone();
        this.random = random;
    }

    /** Erased pixels drawn from a standard normal distribution (torchvision's value='random'). */
    public static RandomErasing randomValues(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        return new RandomErasing(p, scaleMin, scaleMax, ratioMin, ratioMax, null, true);
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("RandomErasing", image);
        int c = s[0];
        int ih = s[1];
        int iw = s[2];
        if (!random && value.length != 1 && value.length != c) {
            throw new IllegalArgumentException("RandomErasing: " + value.length + " values for an image of shape " + Arrays.toString(s));
        }
        if (rng.nextDouble() >= p) {
            return image;
        }
        double area = (double) ih * iw;
        double logLo = Math.log(ratio[0]);
        double logHi = Math.log(ratio[1]);
        for (int attempt = 0; attempt < 10; attempt++) {
            double erase = area * (scale[0] + (scale[1] - scale[0]) * rng.nextDouble());
            double aspect = Math.exp(logLo + (logHi - logLo) * rng.nextDouble());
            int h = ImageOps.pyRound(Math.sqrt(erase * aspect));
            int w = ImageOps.pyRound(Math.sqrt(erase / aspect));
            if (!(h < ih && w < iw)) {
                continue;
            }
            int top = rng.nextInt(ih - h + 1);
            int left = rng.nextInt(iw - w + 1);
            float[] x = ImageOps.data(image);
            for (int ch = 0; ch < c; ch++) {
                for (int i = top; i < top + h; i++) {
                    for (int j = left; j < left + w; j++) {
                        x[(ch * ih + i) * iw + j] = random ? (float) rng.nextGaussian() : value[value.length == 1 ? 0 : ch];
                    }
                }
            }
            return Tensor.wrap(x, s);
        }
        return image;
    }

    @Override
    public String toString() {
        return "RandomErasing(p=" + p + ", scale=" + Arrays.toString(scale) + ", ratio=" + Arrays.toString(ratio) + ")";
    }
}
