package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.pointwise.VectorRows;
import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * im2col and col2im for 2-D convolution: the patches of {@code channels} input planes become the
 * rows of a [channels*kH*kW, outH*outW] matrix, so convolution is one GEMM. Padding reads as 0.
 * Both work on a band of output rows [oy0, oy1) (so a large plane's matrix is built a cache-sized
 * band at a time), and the band may be a block of columns of a wider matrix (leading dimension
 * {@code ld}), so several samples can sit side by side and share one GEMM.
 */
public final class Im2col {
    private Im2col() {
    }

    /**
     * Fills columns [colOff, colOff + (oy1-oy0)*outW) of {@code cols} (rows of length {@code ld})
     * with the patches of output rows [oy0, oy1), from {@code channels} planes of g.inH x g.inW
     * starting at x[xOff].
     */
    public static void im2col(ConvGeometry g, int channels, float[] x, int xOff, int oy0, int oy1,
                              float[] cols, int colOff, int ld) {
        int ow = g.outW();
        int h = g.inH();
        int w = g.inW();
        int sw = g.strideW();
        boolean vector = VectorSupport.enabled();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * h * w;
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++, row++) {
                    int base = colOff + row * ld;
                    // Outputs [lo, hi) of each row read inside the input row; the rest read padding.
                    // They depend on kj only, so they are computed once here, not per output row.
                    int ix0 = -g.padW() + kj * g.dilW();
                    int lo = ix0 >= 0 ? 0 : Math.min(ow, (-ix0 + sw - 1) / sw);
                    int hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - ix0, sw) + 1));
                    for (int oy = oy0; oy < oy1; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                        int dst = base + (oy - oy0) * ow;
                        if (iy < 0 || iy >= h) {
                            for (int ox = 0; ox < ow; ox++) {
                                cols[dst + ox] = 0f;
                            }
                            continue;
                        }
                        int src = plane + iy * w + ix0;
                        for (int ox = 0; ox < lo; ox++) {
                            cols[dst + ox] = 0f;
                        }
                        if (sw == 1 && vector) {
                            VectorRows.copy(x, src + lo, cols, dst + lo, hi - lo);
                        } else if (sw == 1) {
                            // A plain loop: these rows are short (10 to 56 floats), where arraycopy's call costs more.
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[dst + ox] = x[src + ox * sw];
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            cols[dst + ox] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds columns [colOff, colOff + (oy1-oy0)*outW) of {@code cols}, the patches of output rows
     * [oy0, oy1), back into {@code channels} planes at gx[gxOff] (the adjoint of im2col).
     */
    public static void col2im(ConvGeometry g, int channels, float[] cols, int colOff, int ld, int oy0, int oy1,
                              float[] gx, int gxOff) {
        int ow = g.outW();
        int h = g.inH();
        int w = g.inW();
        boolean vector = VectorSupport.enabled();
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = gxOff + c * h * w;
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++, row++) {
                    int base = colOff + row * ld;
                    int ix0 = -g.padW() + kj * g.dilW();
                    int sw = g.strideW();
                    int lo = ix0 >= 0 ? 0 : Math.min(ow, (-ix0 + sw - 1) / sw);
                    int hi = Math.max(lo, Math.min(ow, Math.floorDiv(w - 1 - ix0, sw) + 1));
                    for (int oy = oy0; oy < oy1; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int dst = plane + iy * w + ix0;
                        int src = base + (oy - oy0) * ow;
                        if (sw == 1 && vector) {
                            VectorRows.add(cols, src + lo, gx, dst + lo, hi - lo);
                            continue;
                        }
                        for (int ox = lo; ox < hi; ox++) {
                            gx[dst + ox * sw] += cols[src + ox];
                        }
                    }
                }
            }
        }
    }
}
