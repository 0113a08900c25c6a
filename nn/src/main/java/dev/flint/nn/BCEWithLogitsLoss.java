package dev.flint.nn;

import dev.flint.core.Tensor;

/** Binary cross-entropy on logits for multi-label outputs, as torch.nn.BCEWithLogitsLoss. */
public final class BCEWithLogitsLoss {
    private final Reduction reduction;

    /** Mean reduction. */
    public BCEWithLogitsLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public BCEWithLogitsLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code logits} against 0/1 (or soft) {@code targets}. */
    public Tensor forward(Tensor logits, Tensor targets) {
        return F.binaryCrossEntropyWithLogits(logits, targets, reduction);
    }

    @Override
    public String toString() {
        return "BCEWithLogitsLoss()";
    }
}
