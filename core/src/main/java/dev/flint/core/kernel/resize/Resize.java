package dev.flint.core.kernel.resize;

import java.util.Arrays;

/**
 * Spatial resampling of [planes, H, W] arrays with PyTorch's coordinate rules
 * (aten/src/ATen/native/UpSample.h): nearest ({@code src = min(floor(dst * scale), in - 1)}) and
 * bilinear ({@code src = (dst + 0.5) * scale - 0.5} clamped at 0, or {@code dst * scale} with
 * aligned corners). {@code scale} is in/out, or 1/scale_factor when the caller gave one.
 * Backward passes scatter-add into a zeroed input gradient.
 */
public final class Resize {
    private Resize() {
    }

    /** PyTorch's area_pixel_compute_scale. {@code scaleFactor} &lt;= 0 means "from the sizes". */
    public static double coordinateScale(int in, int out, boolean alignCorners, double scaleFactor) {
        if (alignCorners) {
            return out > 1 ? (in - 1) / (double) (out - 1) : 0;
        }
        return scaleFactor > 0 ? 1 / scaleFactor : in / (double) out;
    }

    /** Source index of each output index for nearest ('nearest' mode, as PyTorch). */
    static int[] nearestIndex(int in, int out, double scale) {
        int[] idx = new int[out];
        float s = (float) scale; // ATen computes the index in float
        for (int o = 0; o < out; o++) {
            idx[o] = Math.min((int) Math.floor(o * s), in - 1);
        }
        return idx;
    }

    /** out[p, oh, ow] = x[p, ih(oh), iw(ow)]. */
    public static void nearest(int planes, int ih, int iw, int oh, int ow, double scaleH, double scaleW, float[] x, float[] out) {
        int[] rows = nearestIndex(ih, oh, scaleH);
        int[] cols = nearestIndex(iw, ow, scaleW);
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int src = (p * ih + rows[i]) * iw;
                int dst = (p * oh + i) * ow;
                for (int j = 0; j < ow; j++) {
                    out[dst + j] = x[src + cols[j]];
                }
            }
        }
    }

    /** The adjoint of {@link #nearest}: gx is overwritten. */
    public static void nearestBackward(int planes, int ih, int iw, int oh, int ow, double scaleH, double scaleW, float[] gy, float[] gx) {
        Arrays.fill(gx, 0f);
        int[] rows = nearestIndex(ih, oh, scaleH);
        int[] cols = nearestIndex(iw, ow, scaleW);
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                int src = (p * ih + rows[i]) * iw;
                int dst = (p * oh + i) * ow;
                for (int j = 0; j < ow; j++) {
                    gx[src + cols[j]] += gy[dst + j];
                }
            }
        }
    }

    /** Per output index along one axis: the two source indices and their weights. */
    private record Axis(int[] i0, int[] i1, float[] w0, float[] w1) {
        static Axis of(int in, int out, boolean alignCorners, double scale) {
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] w0 = new float[out];
            float[] w1 = new float[out];
            float s = (float) scale; // float arithmetic, as ATen's CPU kernel for float tensors
            for (int o = 0; o < out; o++) {
                float src = alignCorners ? s * o : Math.max(s * (o + 0.5f) - 0.5f, 0f);
                int lo = Math.min((int) Math.floor(src), in - 1);
                int hi = lo + (lo < in - 1 ? 1 : 0);
                float l1 = Math.min(Math.max(src - lo, 0f), 1f);
                i0[o] = lo;
                i1[o] = hi;
                w1[o] = l1;
                w0[o] = 1f - l1;
            }
            return new Axis(i0, i1, w0, w1);
        }
    }

    /** Bilinear resampling of each plane. */
    public static void bilinear(int planes, int ih, int iw, int oh, int ow, boolean alignCorners, double scaleH, double scaleW,
                                float[] x, float[] out) {
        Axis r = Axis.of(ih, oh, alignCorners, scaleH);
        Axis c = Axis.of(iw, ow, alignCorners, scaleW);
        for (int p = 0; p < planes; p++) {
            int base = p * ih * iw;
            for (int i = 0; i < oh; i++) {
                int top = base + r.i0[i] * iw;
                int bottom = base + r.i1[i] * iw;
                float h0 = r.w0[i];
                float h1 = r.w1[i];
                int dst = (p * oh + i) * ow;
                for (int j = 0; j < ow; j++) {
                    int a = c.i0[j];
                    int b = c.i1[j];
                    out[dst + j] = h0 * (c.w0[j] * x[top + a] + c.w1[j] * x[top + b])
                            + h1 * (c.w0[j] * x[bottom + a] + c.w1[j] * x[bottom + b]);
                }
            }
        }
    }

    /** The adjoint of {@link #bilinear}: gx is overwritten. */
    public static void bilinearBackward(int planes, int ih, int iw, int oh, int ow, boolean alignCorners, double scaleH,
                                        double scaleW, float[] gy, float[] gx) {
        Arrays.fill(gx, 0f);
        Axis r = Axis.of(ih, oh, alignCorners, scaleH);
        Axis c = Axis.of(iw, ow, alignCorners, scaleW);
        for (int p = 0; p < planes; p++) {
            int base = p * ih * iw;
            for (int i = 0; i < oh; i++) {
                int top = base + r.i0[i] * iw;
                int bottom = base + r.i1[i] * iw;
                float h0 = r.w0[i];
                float h1 = r.w1[i];
                int dst = (p * oh + i) * ow;
                for (int j = 0; j < ow; j++) {
                    float g = gy[dst + j];
                    int a = c.i0[j];
                    int b = c.i1[j];
                    gx[top + a] += h0 * c.w0[j] * g;
                    gx[top + b] += h0 * c.w1[j] * g;
                    gx[bottom + a] += h1 * c.w0[j] * g;
                    gx[bottom + b] += h1 * c.w1[j] * g;
                }
            }
        }
    }
}
