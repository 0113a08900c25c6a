package dev.flint.data.transforms;

import dev.flint.core.Tensor;
import dev.flint.core.kernel.resize.Resize;

import java.util.Arrays;

/**
 * The pixel work behind the transforms, on contiguous (C, H, W) float images, with torchvision's
 * tensor semantics (torchvision/transforms/functional_tensor.py).
 */
final class ImageOps {
    private ImageOps() {
    }

    /** The (C, H, W) sizes of an image, or an error naming the transform. */
    static int[] chw(String op, Tensor image) {
        if (image == null) {
            throw new IllegalArgumentException(op + ": image is null");
        }
        if (image.dim() != 3) {
            throw new IllegalArgumentException(op + ": expected an image (C, H, W), got shape " + Arrays.toString(image.shape()));
        }
        return image.shape();
    }

    static float[] data(Tensor image) {
        return image.toArray();
    }

    /** Rows [top, top + h) and columns [left, left + w); parts outside the image are 0 (torchvision's crop). */
    static Tensor crop(Tensor image, int top, int left, int h, int w) {
        int[] s = image.shape();
        int c = s[0];
        int ih = s[1];
        int iw = s[2];
        float[] x = data(image);
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(c, h), w)];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                int y = top + i;
                if (y < 0 || y >= ih) {
                    continue;
                }
                int x0 = Math.max(0, -left);
                int x1 = Math.min(w, iw - left);
                if (x1 > x0) {
                    System.arraycopy(x, (ch * ih + y) * iw + left + x0, out, (ch * h + i) * w + x0, x1 - x0);
                }
            }
        }
        return Tensor.wrap(out, c, h, w);
    }

    /** Pads left, top, right, bottom. */
    static Tensor pad(String op, Tensor image, int left, int top, int right, int bottom, PaddingMode mode, float fill) {
        int[] s = image.shape();
        int c = s[0];
        int ih = s[1];
        int iw = s[2];
        if (left < 0 || top < 0 || right < 0 || bottom < 0) {
            throw new IllegalArgumentException(op + ": padding must be non-negative, got [" + left + ", " + top + ", " + right + ", " + bottom + "]");
        }
        if ((mode == PaddingMode.REFLECT && (Math.max(left, right) >= iw || Math.max(top, bottom) >= ih))
                || ((mode == PaddingMode.EDGE || mode == PaddingMode.SYMMETRIC) && (ih == 0 || iw == 0))
                || (mode == PaddingMode.SYMMETRIC && (Math.max(left, right) > iw || Math.max(top, bottom) > ih))) {
            throw new IllegalArgumentException(op + ": " + mode.name().toLowerCase() + " padding [" + left + ", " + top + ", " + right
                    + ", " + bottom + "] is too large for an image of " + ih + "x" + iw);
        }
        int oh = Math.addExact(ih, top + bottom);
        int ow = Math.addExact(iw, left + right);
        float[] x = data(image);
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(c, oh), ow)];
        int[] rows = new int[oh];
        int[] cols = new int[ow];
        for (int i = 0; i < oh; i++) {
            rows[i] = source(i - top, ih, mode);
        }
        for (int j = 0; j < ow; j++) {
            cols[j] = source(j - left, iw, mode);
        }
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < oh; i++) {
                int dst = (ch * oh + i) * ow;
                if (rows[i] < 0) {
                    Arrays.fill(out, dst, dst + ow, fill);
                    continue;
                }
                int src = (ch * ih + rows[i]) * iw;
                for (int j = 0; j < ow; j++) {
                    out[dst + j] = cols[j] < 0 ? fill : x[src + cols[j]];
                }
            }
        }
        return Tensor.wrap(out, c, oh, ow);
    }

    /** The source index of padded position p (relative to the image), or -1 for the fill value. */
    private static int source(int p, int n, PaddingMode mode) {
        if (p >= 0 && p < n) {
            return p;
        }
        return switch (mode) {
            case CONSTANT -> -1;
            case EDGE -> p < 0 ? 0 : n - 1;
            case REFLECT -> p < 0 ? -p : 2 * (n - 1) - p;
            case SYMMETRIC -> p < 0 ? -p - 1 : 2 * n - 1 - p;
        };
    }

    /** Reverses the last dimension (horizontal) or the middle one (vertical). */
    static Tensor flip(Tensor image, boolean horizontal) {
        int[] s = image.shape();
        int c = s[0];
        int h = s[1];
        int w = s[2];
        float[] x = data(image);
        float[] out = new float[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                int src = (ch * h + (horizontal ? i : h - 1 - i)) * w;
                int dst = (ch * h + i) * w;
                if (horizontal) {
                    for (int j = 0; j < w; j++) {
                        out[dst + j] = x[src + w - 1 - j];
                    }
                } else {
                    System.arraycopy(x, src, out, dst, w);
                }
            }
        }
        return Tensor.wrap(out, c, h, w);
    }

    /** Resampled to oh x ow, as F.interpolate (align_corners=False, no antialiasing). */
    static Tensor resize(Tensor image, int oh, int ow, Interpolation mode) {
        int[] s = image.shape();
        int c = s[0];
        int ih = s[1];
        int iw = s[2];
        if (ih == oh && iw == ow) {
            return image;
        }
        float[] x = data(image);
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(c, oh), ow)];
        double sh = Resize.coordinateScale(ih, oh, false, 0);
        double sw = Resize.coordinateScale(iw, ow, false, 0);
        if (mode == Interpolation.NEAREST) {
            Resize.nearest(c, ih, iw, oh, ow, sh, sw, x, out);
        } else {
            Resize.bilinear(c, ih, iw, oh, ow, false, sh, sw, x, out);
        }
        return Tensor.wrap(out, c, oh, ow);
    }

    /**
     * Rotated by {@code degrees} counter-clockwise about the image centre, keeping the size, as
     * torchvision's rotate on tensors: an affine grid and grid_sample (align_corners=False), with
     * the same float32 arithmetic, so that nearest sampling breaks ties as it does. Pixels from
     * outside are 0; with a {@code fill} (non-null), torchvision also samples a coverage mask and
     * blends toward the fill (nearest: mask below 0.5 takes the fill).
     */
    static Tensor rotate(Tensor image, double degrees, Interpolation mode, Float fill) {
        int[] s = image.shape();
        int c = s[0];
        int h = s[1];
        int w = s[2];
        float[] x = data(image);
        float[] out = new float[x.length];
        double rot = Math.toRadians(-degrees);
        float cos = (float) StrictMath.cos(rot);
        float sin = (float) StrictMath.sin(rot);
        // theta = [[cos, sin, 0], [-sin, cos, 0]]; its transpose divided by (w/2, h/2), in float.
        float r00 = cos / (0.5f * w);
        float r01 = -sin / (0.5f * h);
        float r10 = sin / (0.5f * w);
        float r11 = cos / (0.5f * h);
        for (int i = 0; i < h; i++) {
            float by = -h * 0.5f + 0.5f + i;
            for (int j = 0; j < w; j++) {
                float bx = -w * 0.5f + 0.5f + j;
                float gx = bx * r00 + by * r10;
                float gy = bx * r01 + by * r11;
                float ix = ((gx + 1f) * w - 1f) / 2f;
                float iy = ((gy + 1f) * h - 1f) / 2f;
                if (mode == Interpolation.NEAREST) {
                    int sx = (int) Math.rint(ix);
                    int sy = (int) Math.rint(iy);
                    boolean in = sx >= 0 && sx < w && sy >= 0 && sy < h;
                    for (int ch = 0; ch < c; ch++) {
                        out[(ch * h + i) * w + j] = in ? x[(ch * h + sy) * w + sx] : (fill != null ? fill : 0f);
                    }
                } else {
                    int x0 = (int) Math.floor(ix);
                    int y0 = (int) Math.floor(iy);
                    float fx0 = ix - x0;
                    float fy0 = iy - y0;
                    float fx1 = (x0 + 1) - ix;
                    float fy1 = (y0 + 1) - iy;
                    // Corner weights (nw, ne, sw, se), zero for corners outside the image.
                    boolean inX0 = x0 >= 0 && x0 < w;
                    boolean inX1 = x0 + 1 >= 0 && x0 + 1 < w;
                    boolean inY0 = y0 >= 0 && y0 < h;
                    boolean inY1 = y0 + 1 >= 0 && y0 + 1 < h;
                    float wNw = inX0 && inY0 ? fx1 * fy1 : 0f;
                    float wNe = inX1 && inY0 ? fx0 * fy1 : 0f;
                    float wSw = inX0 && inY1 ? fx1 * fy0 : 0f;
                    float wSe = inX1 && inY1 ? fx0 * fy0 : 0f;
                    float cover = 0f;
                    cover += wNw;
                    cover += wNe;
                    cover += wSw;
                    cover += wSe;
                    for (int ch = 0; ch < c; ch++) {
                        int base = ch * h * w;
                        float v = 0f;
                        if (inX0 && inY0) {
                            v += wNw * x[base + y0 * w + x0];
                        }
                        if (inX1 && inY0) {
                            v += wNe * x[base + y0 * w + x0 + 1];
                        }
                        if (inX0 && inY1) {
                            v += wSw * x[base + (y0 + 1) * w + x0];
                        }
                        if (inX1 && inY1) {
                            v += wSe * x[base + (y0 + 1) * w + x0 + 1];
                        }
                        out[(ch * h + i) * w + j] = fill == null ? v : v * cover + (1f - cover) * fill;
                    }
                }
            }
        }
        return Tensor.wrap(out, c, h, w);
    }

    /** 0.2989 R + 0.587 G + 0.114 B per pixel (torchvision's rgb_to_grayscale), one plane. */
    static float[] gray(float[] x, int h, int w) {
        int plane = h * w;
        float[] g = new float[plane];
        for (int p = 0; p < plane; p++) {
            g[p] = 0.2989f * x[p] + 0.587f * x[plane + p] + 0.114f * x[2 * plane + p];
        }
        return g;
    }

    static float clamp01(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    /** The (round-half-even) rounding of Python's round(), used by torchvision's size arithmetic. */
    static int pyRound(double v) {
        return (int) Math.rint(v);
    }

    /** A size argument: one value (square) or (h, w). */
    static int[] size(String op, int... size) {
        if (size == null || size.length < 1 || size.length > 2) {
            throw new IllegalArgumentException(op + ": size must be one value or (h, w), got " + Arrays.toString(size));
        }
        int h = size[0];
        int w = size.length == 2 ? size[1] : size[0];
        if (h <= 0 || w <= 0) {
            throw new IllegalArgumentException(op + ": size must be positive, got " + Arrays.toString(size));
        }
        return new int[] {h, w};
    }

    /** A [min, max] range argument with min <= max, both within [lo, hi]. */
    static double[] range(String op, String what, double min, double max, double lo, double hi) {
        if (!(min <= max) || min < lo || max > hi) {
            throw new IllegalArgumentException(op + ": " + what + " must be a range [min, max] within [" + lo + ", " + hi + "], got ["
                    + min + ", " + max + "]");
        }
        return new double[] {min, max};
    }
}
