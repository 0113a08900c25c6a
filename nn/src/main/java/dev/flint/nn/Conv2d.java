package dev.flint.nn;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** 2-D convolution layer, as torch.nn.Conv2d: weight (out, in/groups, kH, kW), bias (out). */
public class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /** Square kernel, stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    /** Square kernel with stride and padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1, true, Generator.defaultGenerator());
    }

    /** The full form; weights drawn from {@code rng} with PyTorch's default initialisation. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public Conv2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups,
                  boolean bias, RandomGenerator rng) {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: in_channels " + inChannels + " and out_channels " + outChannels
                    + " must be positive and divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = F.pair("Conv2d", "kernel_size", kernel, 1);
        this.stride = F.pair("Conv2d", "stride", stride, 1);
        this.padding = F.pair("Conv2d", "padding", padding, 0);
        this.dilation = F.pair("Conv2d", "dilation", dilation, 1);
        this.groups = groups;
        this.weight = registerParameter("weight", Tensor.zeros(outChannels, inChannels / groups, this.kernel[0], this.kernel[1]));
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
        if (input.dim() >= 3 && input.size(-3) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + extraRepr() + "): expected input with " + inChannels
                    + " channels, got shape " + java.util.Arrays.toString(input.shape()));
        }
        return F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }

    @Override
    protected String extraRepr() {
        return describe(inChannels, outChannels, kernel, stride, padding, dilation, groups, bias != null);
    }

    /** PyTorch's extra_repr of a convolution (1-D and 2-D): defaults (no padding, dilation 1, one group, bias) are omitted. */
    static String describe(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, int groups, boolean bias) {
        StringBuilder sb = new StringBuilder();
        sb.append(in).append(", ").append(out).append(", kernel_size=").append(tuple(kernel))
                .append(", stride=").append(tuple(stride));
        if (java.util.Arrays.stream(padding).anyMatch(v -> v != 0)) {
            sb.append(", padding=").append(tuple(padding));
        }
        if (java.util.Arrays.stream(dilation).anyMatch(v -> v != 1)) {
            sb.append(", dilation=").append(tuple(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }

    static String tuple(int... v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
