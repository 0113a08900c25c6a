package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.Arrays;

/**
 * Samples held in memory: {@code inputs[i]} (the first dim indexes samples) with {@code labels[i]}.
 * The DataLoader copies batches straight out of its contiguous storage.
 */
public class TensorDataset implements Dataset {
    private final Tensor inputs;
    private final int[] labels;

    /** Wraps inputs (N, ...) and N labels. */
    public TensorDataset(Tensor inputs, int[] labels) {
        if (inputs.dim() < 1 || inputs.size(0) != labels.length) {
            throw new IllegalArgumentException("TensorDataset: inputs of shape " + Arrays.toString(inputs.shape())
                    + " do not match " + labels.length + " labels");
        }
        this.inputs = inputs.contiguous();
        this.labels = labels.clone();
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public Sample get(int index) {
        return new Sample(inputs.select(0, index), labels[index]);
    }

    /** All inputs (N, ...). */
    public Tensor inputs() {
        return inputs;
    }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    int label(int index) {
        return labels[index];
    }

    /** The first {@code n} samples (a view; no copy), e.g. a quick subset. */
    public TensorDataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("TensorDataset.head: " + n + " is out of range [0, " + size() + "]");
        }
        return new TensorDataset(inputs.narrow(0, 0, n), Arrays.copyOf(labels, n));
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public TensorDataset range(int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException("TensorDataset.range: [" + from + ", " + to + ") is out of range [0, " + size() + "]");
        }
        return new TensorDataset(inputs.narrow(0, from, to - from), Arrays.copyOfRange(labels, from, to));
    }
}
