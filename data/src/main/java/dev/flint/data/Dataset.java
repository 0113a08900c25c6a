package dev.flint.data;

import dev.flint.core.Tensor;

/** A finite, indexable collection of labelled samples (as torch.utils.data.Dataset). */
public interface Dataset {
    /** One sample: its input tensor and its class label. */
    record Sample(Tensor input, int label) {
    }

    /** Number of samples. */
    int size();

    /** Sample {@code index}, in [0, size()). */
    Sample get(int index);
}
