package dev.flint.nn;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** 1-D convolution layer over (N, C, L), as torch.nn.Conv1d: weight (out, in/groups, k). */
public class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /** Kernel with stride and padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, kernel, stride, padding, 1, 1, true, Generator.defaultGenerator());
    }

    /** The full form; weights drawn from {@code rng} with PyTorch's default initialisation. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public Conv1d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, RandomGenerator rng) {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv1d: in_channels " + inChannels + " and out_channels " + outChannels
                    + " must be positive and divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, kernel));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outChannels) : null);
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
        return F.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return Conv2d.describe(inChannels, outChannels, new int[] {kernel}, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, groups, bias != null);
    }
}
