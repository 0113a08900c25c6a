package dev.flint.nn;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/**
 * Transposed 2-D convolution layer, as torch.nn.ConvTranspose2d: weight (in, out/groups, kH, kW),
 * bias (out); output size {@code (in - 1) * stride - 2 * padding + dilation * (k - 1) +
 * output_padding + 1}. U-Net's and FCN's learned upsampling.
 */
public class ConvTranspose2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernel;
    private final int[] stride;
    private final int[] padding;
    private final int[] outputPadding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /** Square kernel with stride, no padding, with bias (e.g. U-Net's 2x2, stride 2 up-convolution). */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride) {
        this(inChannels, outChannels, kernel, stride, 0, 0);
    }

    /** Square kernel with stride, padding and output padding, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding, int outputPadding) {
        this(inChannels, outChannels, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {outputPadding},
                1, true, new int[] {1}, Generator.defaultGenerator());
    }

    /** The full form, in PyTorch's argument order; weights drawn from {@code rng} with PyTorch's default initialisation. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernel, int[] stride, int[] padding, int[] outputPadding,
                           int groups, boolean bias, int[] dilation, RandomGenerator rng) {
        if (inChannels <= 0 || outChannels <= 0 || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("ConvTranspose2d: in_channels " + inChannels + " and out_channels " + outChannels
                    + " must be positive and divisible by groups " + groups);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = F.pair("ConvTranspose2d", "kernel_size", kernel, 1);
        this.stride = F.pair("ConvTranspose2d", "stride", stride, 1);
        this.padding = F.pair("ConvTranspose2d", "padding", padding, 0);
        this.outputPadding = F.pair("ConvTranspose2d", "output_padding", outputPadding, 0);
        this.dilation = F.pair("ConvTranspose2d", "dilation", dilation, 1);
        this.groups = groups;
        this.weight = registerParameter("weight", Tensor.zeros(inChannels, outChannels / groups, this.kernel[0], this.kernel[1]));
        this.bias = registerParameter("bias", bias ? Tensor.zeros(outChannels) : null);
        // torch's _ConvNd.reset_parameters: fan_in from weight dim 1, here out/groups * kH * kW.
        Init.torchDefault(weight, this.bias, rng);
    }

    /** The weight parameter (in, out/groups, kH, kW). */
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
            throw new IllegalArgumentException("ConvTranspose2d(" + extraRepr() + "): expected input with " + inChannels
                    + " channels, got shape " + java.util.Arrays.toString(input.shape()));
        }
        return F.convTranspose2d(input, weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    @Override
    protected String extraRepr() {
        String s = Conv2d.describe(inChannels, outChannels, kernel, stride, padding, dilation, groups, bias != null);
        if (outputPadding[0] != 0 || outputPadding[1] != 0) {
            // PyTorch prints output_padding after dilation, before groups
            int at = s.indexOf(", groups=");
            at = at < 0 ? s.indexOf(", bias=") : at;
            String op = ", output_padding=" + Conv2d.tuple(outputPadding);
            s = at < 0 ? s + op : s.substring(0, at) + op + s.substring(at);
        }
        return s;
    }
}
