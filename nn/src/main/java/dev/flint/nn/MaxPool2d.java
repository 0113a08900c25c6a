package dev.flint.nn;

import dev.flint.core.Tensor;

/** Max pooling layer, as torch.nn.MaxPool2d (stride defaults to the kernel size). */
public class MaxPool2d extends Module {
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean ceilMode;

    /** Non-overlapping windows: stride = kernel. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Windows of {@code kernel} every {@code stride} (overlapping when stride &lt; kernel). */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1, false);
    }

    /** The full form. */
    public MaxPool2d(int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        F.poolParams("MaxPool2d", new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {dilation});
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.ceilMode = ceilMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.maxPool2d(input, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {dilation}, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }
}
