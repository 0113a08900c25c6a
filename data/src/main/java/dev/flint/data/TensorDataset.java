package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.Arrays;

/**
 * Samples held in memory: {@code inputs[i]} (the first dim indexes samples) with target
 * {@code targets.get(i)}. The DataLoader copies batches straight out of its contiguous storage.
 */
public class TensorDataset implements Dataset {
    private final Tensor inputs;
    private final Targets targets;

    /** Inputs (N, ...) labelled with N class indices. */
    public TensorDataset(Tensor inputs, int[] labels) {
        this(inputs, new Targets.Classes(checkNotNull(labels).clone()));
    }

    /** Inputs (N, ...) with targets of any kind for N samples. */
    public TensorDataset(Tensor inputs, Targets targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException("TensorDataset: inputs and targets must not be null");
        }
        if (inputs.dim() < 1 || inputs.size(0) != targets.size()) {
            throw new IllegalArgumentException("TensorDataset: inputs of shape " + Arrays.toString(inputs.shape())
                    + " do not match " + targets.size() + " targets");
        }
        this.inputs = inputs.contiguous();
        this.targets = targets;
    }

    private static int[] checkNotNull(int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("TensorDataset: labels must not be null");
        }
        return labels;
    }

    @Override
    public int size() {
        return targets.size();
    }

    @Override
    public Sample get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("TensorDataset.get: index " + index + " is out of range [0, " + size() + ")");
        }
        return new Sample(inputs.select(0, index), targets.get(index));
    }

    /** All inputs (N, ...). */
    public Tensor inputs() {
        return inputs;
    }

    /** All targets. */
    public Targets targets() {
        return targets;
    }

    /** All class labels (a copy); throws when the targets are not class indices. */
    public int[] labels() {
        if (targets instanceof Targets.Classes c) {
            return c.indices().clone();
        }
        throw new IllegalStateException("TensorDataset.labels: the targets are " + targets + ", not class indices; use targets()");
    }

    /** The first {@code n} samples (inputs are a view), e.g. a quick subset. */
    public TensorDataset head(int n) {
        if (n < 0 || n > size()) {
            throw new IllegalArgumentException("TensorDataset.head: " + n + " is out of range [0, " + size() + "]");
        }
        return range(0, n);
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive). */
    public TensorDataset range(int from, int to) {
        if (from < 0 || to < from || to > size()) {
            throw new IllegalArgumentException("TensorDataset.range: [" + from + ", " + to + ") is out of range [0, " + size() + "]");
        }
        int[] order = new int[to - from];
        Arrays.setAll(order, i -> from + i);
        return new TensorDataset(inputs.narrow(0, from, to - from), targets.gather(order, 0, order.length));
    }
}
