package dev.flint.nn;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** Fully connected layer y = x W^T + b, as torch.nn.Linear: weight (out, in), bias (out). */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** With bias, from the default generator. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true, Generator.defaultGenerator());
    }

    /** The full form; PyTorch's default initialisation from {@code rng}. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public Linear(int inFeatures, int outFeatures, boolean bias, RandomGenerator rng) {
        if (inFeatures <= 0 || outFeatures <= 0) {
            throw new IllegalArgumentException("Linear: sizes must be positive, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outFeatures) : null);
        Init.torchDefault(weight, this.bias, rng);
    }

    /** The weight parameter. */
    public Tensor weight() {
        return weight;
    }

    /** The bias parameter, or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + extraRepr() + "): expected input with last dim " + inFeatures
                    + ", got shape " + java.util.Arrays.toString(input.shape()));
        }
        return F.linear(input, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null ? "True" : "False");
    }
}
