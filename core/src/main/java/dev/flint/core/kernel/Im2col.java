package dev.flint.core.kernel;

import java.util.Arrays;

/**
 * im2col and col2im for 2-D convolution: the patches of {@code channels} input planes become the
 * rows of a [channels*kH*kW, outH*outW] matrix, so convolution is one GEMM. Padding reads as 0.
 */
public final class Im2col {
    private Im2col() {
    }

    /** Fills {@code cols} from {@code channels} planes of g.inH x g.inW starting at x[xOff]. */
    public static void im2col(ConvGeometry g, int channels, float[] x, int xOff, float[] cols) {
        int oh = g.outH();
        int ow = g.outW();
        int len = oh * ow;
        int h = g.inH();
        int w = g.inW();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * h * w;
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++, row++) {
                    int base = row * len;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                        int dst = base + oy * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * w;
                        int ix0 = -g.padW() + kj * g.dilW();
                        if (g.strideW() == 1 && ix0 >= 0 && ix0 + ow <= w) {
                            System.arraycopy(x, src + ix0, cols, dst, ow);
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() + ix0;
                            cols[dst + ox] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds {@code cols} back into {@code channels} planes at gx[gxOff] (the adjoint of im2col). */
    public static void col2im(ConvGeometry g, int channels, float[] cols, float[] gx, int gxOff) {
        int oh = g.outH();
        int ow = g.outW();
        int len = oh * ow;
        int h = g.inH();
        int w = g.inW();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = gxOff + c * h * w;
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++, row++) {
                    int base = row * len;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = plane + iy * w;
                        int src = base + oy * ow;
                        int ix0 = -g.padW() + kj * g.dilW();
                        for (int ox = 0; ox < ow; ox++) {
                            int ix = ox * g.strideW() + ix0;
                            if (ix >= 0 && ix < w) {
                                gx[dst + ix] += cols[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
