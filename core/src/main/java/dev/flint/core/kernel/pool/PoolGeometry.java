package dev.flint.core.kernel.pool;

import java.util.Arrays;

/**
 * Shapes of one 2-D pooling over {@code planes} = batch * channels planes, with torch's output
 * rule: {@code out = floor_or_ceil((in + 2*pad - dil*(k-1) - 1) / stride) + 1}, where in ceil mode
 * a last window that would start in the right padding is dropped.
 */
public record PoolGeometry(int planes, int inH, int inW, int kH, int kW, int strideH, int strideW,
                           int padH, int padW, int dilH, int dilW, boolean ceilMode) {

    /**
     * The geometry of {@code op} (a 2-D pooling) over an input of shape (C, H, W) or (N, C, H, W)
     * with window pairs (H, W) checked by {@link #checkWindow}: every plane pooled alike.
     *
     * @throws IllegalArgumentException naming {@code op} and the offending shape or values
     */
    public static PoolGeometry of(String op, int[] x, int[] k, int[] s, int[] p, int[] d, boolean ceilMode) {
        if (x.length != 3 && x.length != 4) {
            throw new IllegalArgumentException(op + ": expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got shape "
                    + Arrays.toString(x));
        }
        checkWindow(op, k, p);
        int h = x[x.length - 2];
        int w = x[x.length - 1];
        long planes = 1;
        for (int i = 0; i < x.length - 2; i++) {
            planes *= x[i];
        }
        PoolGeometry g = new PoolGeometry((int) planes, h, w, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], ceilMode);
        if (g.outH() <= 0 || g.outW() <= 0) {
            throw new IllegalArgumentException(op + ": input of shape " + Arrays.toString(x) + " is too small for kernel "
                    + Arrays.toString(k) + " with padding " + Arrays.toString(p) + " (the output would be "
                    + g.outH() + "x" + g.outW() + ")");
        }
        return g;
    }

    /**
     * torch's window rule: padding at most half the kernel on each axis (a window would otherwise
     * lie wholly in the padding).
     *
     * @throws IllegalArgumentException naming {@code op}, the padding and the kernel
     */
    public static void checkWindow(String op, int[] k, int[] p) {
        if (p[0] > k[0] / 2 || p[1] > k[1] / 2) {
            throw new IllegalArgumentException(op + ": padding " + Arrays.toString(p) + " must be at most half the kernel "
                    + Arrays.toString(k));
        }
    }

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
