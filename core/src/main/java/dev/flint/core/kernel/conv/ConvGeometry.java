package dev.flint.core.kernel.conv;

import java.util.Arrays;

/**
 * Shapes of one 2-D convolution (NCHW input, weight [out, in/groups, kH, kW]) and the output
 * size rule of torch.nn.Conv2d: {@code out = floor((in + 2*pad - dil*(k-1) - 1) / stride) + 1}.
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int kH, int kW,
                           int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {

    /**
     * Checks that the geometry is a convolution at all and that every buffer the kernels size from
     * it (input, output, one sample's im2col matrix) fits an int, so that no size can wrap around.
     *
     * @throws IllegalArgumentException naming the offending values
     */
    public ConvGeometry {
        if (batch < 0 || inChannels < 1 || inH < 1 || inW < 1 || outChannels < 0 || kH < 1 || kW < 1 || strideH < 1
                || strideW < 1 || padH < 0 || padW < 0 || dilH < 1 || dilW < 1 || groups < 1
                || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("convolution: invalid geometry " + describe(batch, inChannels, inH, inW,
                    outChannels, kH, kW, strideH, strideW, padH, padW, dilH, dilW, groups));
        }
        long oh = outSize(inH, kH, strideH, padH, dilH);
        long ow = outSize(inW, kW, strideW, padW, dilW);
        long colRows = product(inChannels / groups, kH, kW);
        long input = product(batch, inChannels, inH, inW);
        long output = product(batch, outChannels, oh, ow);
        long cols = product(colRows, oh, ow);
        long weight = product(outChannels, colRows);
        String what = oh < 1 || ow < 1 || oh > Integer.MAX_VALUE || ow > Integer.MAX_VALUE ? "output size " + oh + "x" + ow
                : input > Integer.MAX_VALUE ? "input of " + input + " elements"
                : output > Integer.MAX_VALUE ? "output of " + output + " elements"
                : cols > Integer.MAX_VALUE ? "im2col matrix of " + colRows + " x " + oh * ow + " elements per sample"
                : weight > Integer.MAX_VALUE ? "weight of " + weight + " elements"
                : null;
        if (what != null) {
            throw new IllegalArgumentException("convolution: " + what + " (at most " + Integer.MAX_VALUE
                    + " elements per buffer) for geometry " + describe(batch, inChannels, inH, inW, outChannels, kH, kW,
                    strideH, strideW, padH, padW, dilH, dilW, groups));
        }
    }

    /**
     * The geometry of {@code op} (conv2d) on an input of shape [N, C, H, W] with a weight
     * [O, C/groups, kH, kW] and a bias [O] (null: none), stride, padding and dilation given as
     * (H, W) pairs, checked as torch.nn.functional.conv2d checks them.
     *
     * @throws IllegalArgumentException naming {@code op} and the offending shapes or values
     */
    public static ConvGeometry conv2d(String op, int[] x, int[] w, int[] bias, int[] s, int[] p, int[] d, int groups) {
        checkKernel(op, w);
        if (groups < 1 || w[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": groups=" + groups + " must be >= 1 and divide the " + w[0]
                    + " output channels of weight " + Arrays.toString(w));
        }
        if (x[1] != w[1] * groups) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x) + " has " + x[1]
                    + " channels, but weight of shape " + Arrays.toString(w) + " with groups=" + groups + " expects "
                    + (w[1] * groups));
        }
        checkBias(op, bias, w[0]);
        long oh = outSize(x[2], w[2], s[0], p[0], d[0]);
        long ow = outSize(x[3], w[3], s[1], p[1], d[1]);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x) + " is too small for kernel "
                    + w[2] + "x" + w[3] + " with padding " + Arrays.toString(p) + " and dilation " + Arrays.toString(d)
                    + " (the output would be " + oh + "x" + ow + ")");
        }
        return new ConvGeometry(x[0], x[1], x[2], x[3], w[0], w[2], w[3], s[0], s[1], p[0], p[1], d[0], d[1], groups);
    }

    /**
     * The geometry of the convolution that {@code op} (convTranspose2d) transposes: its output
     * is the transposed convolution's input [N, C, H, W], its input the transposed convolution's
     * output, of size {@code (in - 1) * stride - 2 * padding + dilation * (k - 1) + outputPadding + 1}.
     * The weight is [C, O/groups, kH, kW], the bias [O] (null: none); pairs are (H, W). Checked
     * as torch.nn.functional.conv_transpose2d checks them.
     *
     * @throws IllegalArgumentException naming {@code op} and the offending shapes or values
     */
    public static ConvGeometry transposed(String op, int[] x, int[] w, int[] bias, int[] s, int[] p, int[] outputPadding,
                                          int[] d, int groups) {
        checkKernel(op, w);
        if (groups < 1 || w[0] % groups != 0 || x[1] != w[0]) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x) + " does not fit weight of shape "
                    + Arrays.toString(w) + " with groups=" + groups + " (weight dim 0 must equal the input's channels and be divisible by groups)");
        }
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= s[i] && outputPadding[i] >= d[i]) {
                throw new IllegalArgumentException(op + ": output_padding " + Arrays.toString(outputPadding)
                        + " must be smaller than either stride " + Arrays.toString(s) + " or dilation " + Arrays.toString(d));
            }
        }
        int outChannels = w[1] * groups;
        checkBias(op, bias, outChannels);
        long oh = (x[2] - 1L) * s[0] - 2L * p[0] + (long) d[0] * (w[2] - 1) + outputPadding[0] + 1;
        long ow = (x[3] - 1L) * s[1] - 2L * p[1] + (long) d[1] * (w[3] - 1) + outputPadding[1] + 1;
        if (oh <= 0 || ow <= 0 || oh > Integer.MAX_VALUE || ow > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x) + " with padding "
                    + Arrays.toString(p) + " gives an " + (oh <= 0 || ow <= 0 ? "empty" : "oversized") + " output " + oh + "x" + ow);
        }
        return new ConvGeometry(x[0], outChannels, (int) oh, (int) ow, w[0], w[2], w[3], s[0], s[1], p[0], p[1], d[0], d[1], groups);
    }

    /** A weight [*, *, kH, kW] with an empty kernel or no channels is no convolution. */
    private static void checkKernel(String op, int[] w) {
        if (w[1] < 1 || w[2] < 1 || w[3] < 1) {
            throw new IllegalArgumentException(op + ": weight of shape " + Arrays.toString(w)
                    + " has an empty kernel (kernel size and channels per group must be positive)");
        }
    }

    private static void checkBias(String op, int[] bias, int outChannels) {
        if (bias != null && (bias.length != 1 || bias[0] != outChannels)) {
            throw new IllegalArgumentException(op + ": bias of shape " + Arrays.toString(bias) + " does not match "
                    + outChannels + " output channels");
        }
    }

    /**
     * The output size along one axis, {@code floor((in + 2*pad - dil*(k-1) - 1) / stride) + 1},
     * in long arithmetic so that no argument can make it wrap around; below 1 when the input is too
     * small for the kernel.
     */
    public static long outSize(int in, int k, int stride, int pad, int dil) {
        return Math.floorDiv((long) in + 2L * pad - (long) dil * (k - 1) - 1, stride) + 1;
    }

    /** A product of non-negative factors, saturated at Long.MAX_VALUE instead of wrapping around. */
    private static long product(long... factors) {
        long n = 1;
        for (long f : factors) {
            if (f == 0) {
                return 0;
            }
        }
        for (long f : factors) {
            n = f > Long.MAX_VALUE / n ? Long.MAX_VALUE : n * f;
        }
        return n;
    }

    private static String describe(int batch, int inChannels, int inH, int inW, int outChannels, int kH, int kW,
                                   int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {
        return "input [" + batch + ", " + inChannels + ", " + inH + ", " + inW + "], " + outChannels + " output channels, kernel "
                + kH + "x" + kW + ", stride " + strideH + "x" + strideW + ", padding " + padH + "x" + padW + ", dilation "
                + dilH + "x" + dilW + ", groups " + groups;
    }

    /** Output height. */
    public int outH() {
        return (int) outSize(inH, kH, strideH, padH, dilH);
    }

    /** Output width. */
    public int outW() {
        return (int) outSize(inW, kW, strideW, padW, dilW);
    }

    /** Input channels per group. */
    public int groupInChannels() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int groupOutChannels() {
        return outChannels / groups;
    }

    /** Rows of the im2col matrix of one group: (in/groups) * kH * kW. */
    public int colRows() {
        return groupInChannels() * kH * kW;
    }

    /** Columns of the im2col matrix: outH * outW. */
    public int colCols() {
        return outH() * outW();
    }
}
