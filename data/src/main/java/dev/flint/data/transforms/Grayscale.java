package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * RGB to grey (0.2989 R + 0.587 G + 0.114 B), as torchvision.transforms.Grayscale, with one
 * or three (equal) output channels; a one-channel input is kept (or repeated to three).
 */
public final class Grayscale implements Transform {
    private final int outputChannels;

    /** One output channel. */
    public Grayscale() {
        this(1);
    }

    /** {@code outputChannels} 1 or 3. */
    public Grayscale(int outputChannels) {
        if (outputChannels != 1 && outputChannels != 3) {
            throw new IllegalArgumentException("Grayscale: output channels must be 1 or 3, got " + outputChannels);
        }
        this.outputChannels = outputChannels;
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("Grayscale", image);
        if (s[0] != 1 && s[0] != 3) {
            throw new IllegalArgumentException("Grayscale: expected 1 or 3 channels, got shape " + java.util.Arrays.toString(s));
        }
        int plane = s[1] * s[2];
        float[] x = ImageOps.data(image);
        float[] g = s[0] == 3 ? ImageOps.gray(x, s[1], s[2]) : x;
        float[] out = new float[outputChannels * plane];
        for (int c = 0; c < outputChannels; c++) {
            System.arraycopy(g, 0, out, c * plane, plane);
        }
        return Tensor.wrap(out, outputChannels, s[1], s[2]);
    }

    @Override
    public String toString() {
        return "Grayscale(" + outputChannels + ")";
    }
}
