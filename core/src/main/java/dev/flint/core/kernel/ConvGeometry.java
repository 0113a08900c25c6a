package dev.flint.core.kernel;

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
