package dev.flint.nn;

import dev.flint.core.Tensor;

/** Local response normalisation across channels (AlexNet 2012), as torch.nn.LocalResponseNorm. */
public class LocalResponseNorm extends Module {
    private final int size;
    private final float alpha;
    private final float beta;
    private final float k;

    /** PyTorch's defaults: alpha 1e-4, beta 0.75, k 1. */
    public LocalResponseNorm(int size) {
        this(size, 1e-4f, 0.75f, 1f);
    }

    /** The full form. */
    public LocalResponseNorm(int size, float alpha, float beta, float k) {
        if (size < 1) {
            throw new IllegalArgumentException("LocalResponseNorm: size must be >= 1, got " + size);
        }
        this.size = size;
        this.alpha = alpha;
        this.beta = beta;
        this.k = k;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.localResponseNorm(input, size, alpha, beta, k);
    }

    @Override
    protected String extraRepr() {
        return size + ", alpha=" + pyFloat(alpha) + ", beta=" + pyFloat(beta) + ", k=" + pyFloat(k);
    }

    /** A float as Python's repr prints it for these magnitudes (0.0001, 0.75, 1.0). */
    static String pyFloat(float v) {
        String s = new java.math.BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
