package dev.flint.nn;

import dev.flint.core.Tensor;

/** Mean squared error (the quadratic loss), as torch.nn.MSELoss; shapes must match. */
public final class MSELoss {
    private final Reduction reduction;

    /** Mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** The loss of {@code input} against {@code target}. */
    public Tensor forward(Tensor input, Tensor target) {
        return F.mseLoss(input, target, reduction);
    }

    @Override
    public String toString() {
        return "MSELoss()";
    }
}
