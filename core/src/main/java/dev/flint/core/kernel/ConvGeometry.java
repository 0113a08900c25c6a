package dev.flint.core.kernel;

/**
 * Shapes of one 2-D convolution (NCHW input, weight [out, in/groups, kH, kW]) and the output
 * size rule of torch.nn.Conv2d: {@code out = floor((in + 2*pad - dil*(k-1) - 1) / stride) + 1}.
 */
public record ConvGeometry(int batch, int inChannels, int inH, int inW,
                           int outChannels, int kH, int kW,
                           int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {

    /** Output height. */
    public int outH() {
        return (inH + 2 * padH - dilH * (kH - 1) - 1) / strideH + 1;
    }

    /** Output width. */
    public int outW() {
        return (inW + 2 * padW - dilW * (kW - 1) - 1) / strideW + 1;
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
