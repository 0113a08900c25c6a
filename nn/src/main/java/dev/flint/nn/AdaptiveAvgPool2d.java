package dev.flint.nn;

import dev.flint.core.Tensor;

/** Adaptive average pooling to a fixed output size, as torch.nn.AdaptiveAvgPool2d; (1, 1) is global pooling. */
public class AdaptiveAvgPool2d extends Module {
    private final int outH;
    private final int outW;

    /** Square output size. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    /** Output size (outH, outW). */
    public AdaptiveAvgPool2d(int outH, int outW) {
        this.outH = outH;
        this.outW = outW;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.adaptiveAvgPool2d(input, outH, outW);
    }

    @Override
    protected String extraRepr() {
        return "output_size=" + Conv2d.tuple(outH, outW);
    }
}
