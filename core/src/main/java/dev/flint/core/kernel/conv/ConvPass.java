package dev.flint.core.kernel.conv;

/** The three computations of a 2-D convolution, each planned on its own ({@link ConvPlanner}). */
public enum ConvPass {
    /** out = conv(x, w) (+ bias). */
    FORWARD,
    /** d(loss)/d(x) from d(loss)/d(out). */
    INPUT_GRAD,
    /** d(loss)/d(w) from x and d(loss)/d(out). */
    WEIGHT_GRAD
}
