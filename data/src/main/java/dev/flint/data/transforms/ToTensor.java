package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * An (H, W, C) image with values 0-255 (as a decoded picture or a numpy array) to a (C, H, W)
 * tensor in [0, 1], as torchvision.transforms.ToTensor. Flint's image datasets already give
 * (C, H, W) tensors in [0, 1], so pipelines on them start without it; an input that is not
 * (H, W, C) with C in {1, 3, 4} and values in [0, 255] is refused rather than silently permuted.
 */
public final class ToTensor implements Transform {
    /** The transform (it has no settings). */
    public ToTensor() {
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        if (image == null || image.dim() != 3 || !(image.size(2) == 1 || image.size(2) == 3 || image.size(2) == 4)) {
            throw new IllegalArgumentException("ToTensor: expected an (H, W, C) image with C in {1, 3, 4}, got shape "
                    + (image == null ? "null" : Arrays.toString(image.shape()))
                    + "; images from Flint's datasets are already (C, H, W) in [0, 1]");
        }
        int h = image.size(0);
        int w = image.size(1);
        int c = image.size(2);
        float[] x = ImageOps.data(image);
        float[] out = new float[x.length];
        for (int p = 0; p < h * w; p++) {
            for (int ch = 0; ch < c; ch++) {
                float v = x[p * c + ch];
                if (!(v >= 0f && v <= 255f)) {
                    throw new IllegalArgumentException("ToTensor: value " + v + " at pixel " + p + " is outside [0, 255]");
                }
                out[ch * h * w + p] = v / 255f;
            }
        }
        return Tensor.wrap(out, c, h, w);
    }

    @Override
    public String toString() {
        return "ToTensor()";
    }
}
