package dev.flint.data.transforms;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Random brightness, contrast, saturation and hue changes in a random order, as
 * torchvision.transforms.ColorJitter on float images in [0, 1]: each factor is drawn uniformly
 * from [max(0, 1 - x), 1 + x] (hue from [-h, h], h &lt;= 0.5), and results are clamped to [0, 1].
 */
public final class ColorJitter implements Transform {
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;

    /** Strengths (0 disables each). */
    public ColorJitter(double brightness, double contrast, double saturation, double hue) {
        for (double v : new double[] {brightness, contrast, saturation}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("ColorJitter: brightness, contrast and saturation must be finite and >= 0, got "
                        + brightness + ", " + contrast + ", " + saturation);
            }
        }
        if (!(hue >= 0 && hue <= 0.5)) {
            throw new IllegalArgumentException("ColorJitter: hue must be in [0, 0.5], got " + hue);
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
    }

    @Override
    public Tensor apply(Tensor image, RandomGenerator rng) {
        int[] s = ImageOps.chw("ColorJitter", image);
        if (s[0] != 1 && s[0] != 3) {
            throw new IllegalArgumentException("ColorJitter: expected 1 or 3 channels, got shape " + Arrays.toString(s));
        }
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        float b = factor(rng, brightness);
        float c = factor(rng, contrast);
        float sat = factor(rng, saturation);
        float h = hue > 0 ? (float) (-hue + 2 * hue * rng.nextDouble()) : 0f;
        float[] x = ImageOps.data(image);
        for (int op : order) {
            switch (op) {
                case 0 -> {
                    if (brightness > 0) {
                        x = adjustBrightness(x, b);
                    }
                }
                case 1 -> {
                    if (contrast > 0) {
                        x = adjustContrast(x, s[0], s[1], s[2], c);
                    }
                }
                case 2 -> {
                    if (saturation > 0) {
                        x = adjustSaturation(x, s[0], s[1], s[2], sat);
                    }
                }
                default -> {
                    if (hue > 0) {
                        x = adjustHue(x, s[0], s[1], s[2], h);
                    }
                }
            }
        }
        return Tensor.wrap(x, s);
    }

    private static float factor(RandomGenerator rng, double strength) {
        if (strength <= 0) {
            return 1f;
        }
        double lo = Math.max(0, 1 - strength);
        return (float) (lo + (1 + strength - lo) * rng.nextDouble());
    }

    /** clamp(f * x), as torchvision's adjust_brightness. */
    static float[] adjustBrightness(float[] x, float f) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = ImageOps.clamp01(f * x[i]);
        }
        return out;
    }

    /** Blend with the mean grey level, as adjust_contrast. */
    static float[] adjustContrast(float[] x, int c, int h, int w, float f) {
        float[] g = c == 3 ? ImageOps.gray(x, h, w) : x;
        double sum = 0;
        for (int i = 0; i < h * w; i++) {
            sum += g[i];
        }
        float mean = (float) (sum / Math.max(1, h * w));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = ImageOps.clamp01(f * x[i] + (1f - f) * mean);
        }
        return out;
    }

    /** Blend with the pixel's grey level, as adjust_saturation (grey images unchanged). */
    static float[] adjustSaturation(float[] x, int c, int h, int w, float f) {
        if (c == 1) {
            return x;
        }
        int plane = h * w;
        float[] g = ImageOps.gray(x, h, w);
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = ImageOps.clamp01(f * x[i] + (1f - f) * g[i % plane]);
        }
        return out;
    }

    /** Hue rotated by {@code f} of a turn through HSV, as adjust_hue (grey images unchanged). */
    static float[] adjustHue(float[] x, int c, int h, int w, float f) {
        if (c == 1) {
            return x;
        }
        int plane = h * w;
        float[] out = new float[x.length];
        for (int p = 0; p < plane; p++) {
            float r = x[p];
            float g = x[plane + p];
            float b = x[2 * plane + p];
            float maxc = Math.max(r, Math.max(g, b));
            float minc = Math.min(r, Math.min(g, b));
            boolean eq = maxc == minc;
            float cr = maxc - minc;
            float sat = cr / (eq ? 1f : maxc);
            float div = eq ? 1f : cr;
            float rc = (maxc - r) / div;
            float gc = (maxc - g) / div;
            float bc = (maxc - b) / div;
            float hh;
            if (maxc == r) {
                hh = bc - gc;
            } else if (maxc == g) {
                hh = 2f + rc - bc;
            } else {
                hh = 4f + gc - rc;
            }
            hh = floorMod(hh / 6f + 1f);
            hh = floorMod(hh + f);
            float v = maxc;
            float i6 = (float) Math.floor(hh * 6f);
            float fr = hh * 6f - i6;
            int i = Math.floorMod((int) i6, 6);
            float pp = ImageOps.clamp01(v * (1f - sat));
            float q = ImageOps.clamp01(v * (1f - sat * fr));
            float t = ImageOps.clamp01(v * (1f - sat * (1f - fr)));
            float[] rgb = switch (i) {
                case 0 -> new float[] {v, t, pp};
                case 1 -> new float[] {q, v, pp};
                case 2 -> new float[] {pp, v, t};
                case 3 -> new float[] {pp, q, v};
                case 4 -> new float[] {t, pp, v};
                default -> new float[] {v, pp, q};
            };
            out[p] = rgb[0];
            out[plane + p] = rgb[1];
            out[2 * plane + p] = rgb[2];
        }
        return out;
    }

    /** v mod 1 into [0, 1), as torch's % on floats. */
    private static float floorMod(float v) {
        float m = v - (float) Math.floor(v);
        return m >= 1f ? 0f : m;
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness=" + brightness + ", contrast=" + contrast + ", saturation=" + saturation + ", hue=" + hue + ")";
    }
}
