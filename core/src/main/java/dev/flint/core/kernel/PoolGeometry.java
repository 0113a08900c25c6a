package dev.flint.core.kernel;

/**
 * Shapes of one 2-D pooling over {@code planes} = batch * channels planes, with torch's output
 * rule: {@code out = floor_or_ceil((in + 2*pad - dil*(k-1) - 1) / stride) + 1}, where in ceil mode
 * a last window that would start in the right padding is dropped.
 */
public record PoolGeometry(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                           int padH, int padW, int dilH, int dilW, boolean ceilMode) {

    /** Output height. */
    public int outH() {
        return outSize(inH, kH, strideH, padH, dilH);
    }

    /** Output width. */
    public int outW() {
        return outSize(inW, kW, strideW, padW, dilW);
    }

    private int outSize(int in, int k, int s, int p, int d) {
        int span = in + 2 * p - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0);
        int out = Math.floorDiv(span, s) + 1;
        if (ceilMode && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }
}
