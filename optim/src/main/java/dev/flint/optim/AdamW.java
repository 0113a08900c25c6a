package dev.flint.optim;

import dev.flint.core.Tensor;

import java.util.List;

/** Adam with decoupled weight decay, as torch.optim.AdamW (default weight decay 1e-2). */
public final class AdamW extends Adam {
    /** lr, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. */
    public AdamW(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /** The full form. */
    public AdamW(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
