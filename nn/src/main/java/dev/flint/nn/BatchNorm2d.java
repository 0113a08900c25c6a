package dev.flint.nn;

import dev.flint.core.Tensor;

/**
 * Batch normalisation over (N, C, H, W), as torch.nn.BatchNorm2d: learnable weight (ones) and
 * bias (zeros); buffers running_mean, running_var and num_batches_tracked. Training normalises
 * with batch statistics and updates the running ones; eval uses the running ones.
 */
public class BatchNorm2d extends Module {
    private final int numFeatures;
    private final float eps;
    private final float momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** eps 1e-5, momentum 0.1, affine. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f);
    }

    /** The full form (always affine, always tracking running statistics). */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public BatchNorm2d(int numFeatures, float eps, float momentum) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("BatchNorm2d: num_features must be >= 1, got " + numFeatures);
        }
        // A negative eps can make var + eps negative, and its square root NaN, with no error.
        if (!(eps >= 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException("BatchNorm2d: eps must be finite and >= 0, got " + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: momentum must be in [0, 1], got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(numFeatures));
        this.bias = registerParameter("bias", Tensor.zeros(numFeatures));
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.scalar(0));
    }

    /** The scale parameter (gamma). */
    public Tensor weight() {
        return weight;
    }

    /** The shift parameter (beta). */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() != 4 || input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + "): expected input (N, " + numFeatures
                    + ", H, W), got shape " + java.util.Arrays.toString(input.shape()));
        }
        if (isTraining()) {
            try (var g = dev.flint.core.Autograd.noGrad()) {
                numBatchesTracked.add_(1f);
            }
        }
        return F.batchNorm(input, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + (eps == 1e-5f ? "1e-05" : Float.toString(eps)) + ", momentum=" + momentum
                + ", affine=True, track_running_stats=True";
    }
}
