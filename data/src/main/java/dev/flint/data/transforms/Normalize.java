package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** (x - mean[c]) / std[c] per channel, as torchvision.transforms.Normalize. */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    /** One mean and one std per channel (one value each applies to every channel). */
    public Normalize(float[] mean, float[] std) {
        if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: mean and std need one value per channel, got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        }
        for (float s : std) {
            if (s == 0f || !Float.isFinite(s)) {
                throw new IllegalArgumentException("Normalize: std must be finite and non-zero, got " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("Normalize", image);
        int c = s[0];
        if (mean.length != 1 && mean.length != c) {
            throw new IllegalArgumentException("Normalize: " + mean.length + " means for an image of shape " + Arrays.toString(s));
        }
        int plane = s[1] * s[2];
        float[] x = ImageOps.data(image);
        float[] out = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            float m = mean[mean.length == 1 ? 0 : ch];
            float d = std[std.length == 1 ? 0 : ch];
            for (int p = ch * plane; p < (ch + 1) * plane; p++) {
                out[p] = (x[p] - m) / d;
            }
        }
        return Tensor.wrap(out, s);
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
