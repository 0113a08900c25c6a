package dev.flint.optim;

import dev.flint.core.Autograd;
import dev.flint.core.Tensor;

import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_. */
public final class ClipGrad {
    private ClipGrad() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}
     * (by {@code maxNorm / (norm + 1e-6)} when above); returns the norm before clipping.
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        // A negative bound would scale the gradients by a negative factor (reversing the step), NaN would skip clipping.
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        }
        double sq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                for (float v : p.grad().denseData()) {
                    sq += (double) v * v;
                }
            }
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            try (var g = Autograd.noGrad()) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.grad().mul_((float) coef);
                    }
                }
            }
        }
        return norm;
    }
}
