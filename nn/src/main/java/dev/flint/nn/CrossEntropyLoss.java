package dev.flint.nn;

import dev.flint.core.Tensor;

/** Cross-entropy of logits (N, C) against class indices, as torch.nn.CrossEntropyLoss (mean by default). */
public final class CrossEntropyLoss {
    private final Reduction reduction;
    private final float labelSmoothing;

    /** Mean reduction, no label smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction, no label smoothing. */
    public CrossEntropyLoss(Reduction reduction) {
        this(reduction, 0f);
    }

    /**
     * The given reduction and label smoothing (torch's {@code label_smoothing}).
     *
     * @param labelSmoothing in [0, 1]
     */
    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        F.checkLabelSmoothing("CrossEntropyLoss", labelSmoothing);
        this.reduction = java.util.Objects.requireNonNull(reduction, "CrossEntropyLoss: reduction is null");
        this.labelSmoothing = labelSmoothing;
    }

    /** The loss of {@code logits} for {@code targets}. */
    public Tensor forward(Tensor logits, int[] targets) {
        return F.crossEntropy(logits, targets, reduction, labelSmoothing);
    }

    @Override
    public String toString() {
        return labelSmoothing == 0f ? "CrossEntropyLoss()" : "CrossEntropyLoss(label_smoothing=" + labelSmoothing + ")";
    }
}
