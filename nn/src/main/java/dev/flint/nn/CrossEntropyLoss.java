package dev.flint.nn;

import dev.flint.core.Tensor;

/** Cross-entropy of logits (N, C) against class indices, as torch.nn.CrossEntropyLoss (mean by default). */
public final class CrossEntropyLoss {
    private final Reduction reduction;

    /** Mean reduction. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public CrossEntropyLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code logits} for {@code targets}. */
    public Tensor forward(Tensor logits, int[] targets) {
        return F.crossEntropy(logits, targets, reduction);
    }

    @Override
    public String toString() {
        return "CrossEntropyLoss()";
    }
}
