package dev.flint.nn.viz;

import dev.flint.core.Tensor;
import dev.flint.nn.AtomicWrite;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.ImageIO;

/**
 * Pictures of tensors as PNG (javax.imageio): grids of filters and activation maps, saliency
 * maps, segmentation masks and overlays. Each tile is normalised on its own (min to black, max to
 * white) unless a shared range is asked for, so weak and strong channels are both visible.
 */
public final class Images {
    private Images() {
    }

    /** A 10-colour palette for classes 1..10 (class 0, background, is black), as in common segmentation viewers. */
    private static final int[] PALETTE = {0x000000, 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
        0xf032e6, 0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000};

    /** The colour of class {@code c} (0 is black). */
    public static int classColour(int c) {
        return PALETTE[Math.floorMod(c, PALETTE.length)];
    }

    /**
     * Tiles {@code maps} (N, H, W) into a grid of {@code cols} columns, {@code pad} pixels apart,
     * each map scaled up by {@code zoom}. {@code perTile}: normalise each map to its own range,
     * else to the range of all maps.
     */
    public static BufferedImage grid(Tensor maps, int cols, int pad, int zoom, boolean perTile) {
        if (maps.dim() != 3 || cols < 1 || pad < 0 || zoom < 1) {
            throw new IllegalArgumentException("Images.grid: expected maps (N, H, W), cols >= 1, pad >= 0, zoom >= 1; got shape "
                    + Arrays.toString(maps.shape()) + ", cols " + cols + ", pad " + pad + ", zoom " + zoom);
        }
        int n = maps.size(0);
        int h = maps.size(1);
        int w = maps.size(2);
        float[] v = maps.contiguous().toArray();
        int rows = (n + cols - 1) / cols;
        int tw = w * zoom;
        int th = h * zoom;
        BufferedImage img = new BufferedImage(Math.max(1, cols * tw + (cols + 1) * pad), Math.max(1, rows * th + (rows + 1) * pad),
                BufferedImage.TYPE_INT_RGB);
        fill(img, 0x404040);
        float[] all = range(v, 0, v.length);
        for (int k = 0; k < n; k++) {
            float[] r = perTile ? range(v, k * h * w, (k + 1) * h * w) : all;
            int x0 = pad + (k % cols) * (tw + pad);
            int y0 = pad + (k / cols) * (th + pad);
            for (int y = 0; y < th; y++) {
                for (int x = 0; x < tw; x++) {
                    int g = grey(v[k * h * w + (y / zoom) * w + x / zoom], r);
                    img.setRGB(x0 + x, y0 + y, g << 16 | g << 8 | g);
                }
            }
        }
        return img;
    }

    /**
     * The learned filters of a convolution weight (out, in, kH, kW): one tile per (output, input)
     * pair, a row per output channel, each filter normalised on its own.
     */
    public static BufferedImage filters(Tensor weight, int zoom) {
        if (weight.dim() != 4) {
            throw new IllegalArgumentException("Images.filters: expected a conv weight (out, in, kH, kW), got shape "
                    + Arrays.toString(weight.shape()));
        }
        int o = weight.size(0);
        int i = weight.size(1);
        return grid(weight.detach().reshape(o * i, weight.size(2), weight.size(3)), i, 1, zoom, true);
    }

    /** Activation maps of one sample (1, C, H, W) or (C, H, W): the first {@code maxChannels} channels, 4 or 8 per row. */
    public static BufferedImage activations(Tensor act, int maxChannels, int zoom) {
        Tensor a = act.dim() == 4 ? act.select(0, 0) : act;
        if (a.dim() != 3) {
            throw new IllegalArgumentException("Images.activations: expected (1, C, H, W) or (C, H, W), got shape "
                    + Arrays.toString(act.shape()));
        }
        int c = Math.min(maxChannels, a.size(0));
        return grid(a.detach().narrow(0, 0, c), c <= 16 ? 4 : 8, 2, zoom, true);
    }

    /** A saliency map: |gradient| of a (1, 1, H, W) / (H, W) tensor as a heat map (black, red, yellow, white). */
    public static BufferedImage saliency(Tensor grad, int zoom) {
        Tensor g = plane(grad.detach().abs());
        int h = g.size(0);
        int w = g.size(1);
        float[] v = g.contiguous().toArray();
        float[] r = range(v, 0, v.length);
        BufferedImage img = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * zoom; y++) {
            for (int x = 0; x < w * zoom; x++) {
                img.setRGB(x, y, heat(grey(v[(y / zoom) * w + x / zoom], r) / 255f));
            }
        }
        return img;
    }

    /** A label map (H x W labels) in the class palette. */
    public static BufferedImage mask(int[] labels, int h, int w, int zoom) {
        if (labels.length != h * w) {
            throw new IllegalArgumentException("Images.mask: " + labels.length + " labels for a " + h + "x" + w + " map");
        }
        BufferedImage img = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * zoom; y++) {
            for (int x = 0; x < w * zoom; x++) {
                img.setRGB(x, y, classColour(labels[(y / zoom) * w + x / zoom]));
            }
        }
        return img;
    }

    /** A grey image (H, W) with its labels blended on top (background left untouched). */
    public static BufferedImage overlay(Tensor image, int[] labels, int zoom) {
        Tensor g = plane(image.detach());
        int h = g.size(0);
        int w = g.size(1);
        float[] v = g.contiguous().toArray();
        float[] r = range(v, 0, v.length);
        BufferedImage img = new BufferedImage(w * zoom, h * zoom, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h * zoom; y++) {
            for (int x = 0; x < w * zoom; x++) {
                int p = (y / zoom) * w + x / zoom;
                int gr = grey(v[p], r);
                int rgb = gr << 16 | gr << 8 | gr;
                if (labels[p] > 0) {
                    rgb = blend(rgb, classColour(labels[p]), 0.6f);
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** Places images side by side with {@code pad} pixels between them (e.g. input | prediction | truth). */
    public static BufferedImage row(int pad, BufferedImage... images) {
        int w = pad;
        int h = 0;
        for (BufferedImage i : images) {
            w += i.getWidth() + pad;
            h = Math.max(h, i.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + 2 * pad, BufferedImage.TYPE_INT_RGB);
        fill(out, 0xffffff);
        int x = pad;
        for (BufferedImage i : images) {
            out.getGraphics().drawImage(i, x, pad, null);
            x += i.getWidth() + pad;
        }
        return out;
    }

    /** Stacks images vertically. */
    public static BufferedImage column(int pad, BufferedImage... images) {
        int w = 0;
        int h = pad;
        for (BufferedImage i : images) {
            w = Math.max(w, i.getWidth());
            h += i.getHeight() + pad;
        }
        BufferedImage out = new BufferedImage(w + 2 * pad, h, BufferedImage.TYPE_INT_RGB);
        fill(out, 0xffffff);
        int y = pad;
        for (BufferedImage i : images) {
            out.getGraphics().drawImage(i, pad, y, null);
            y += i.getHeight() + pad;
        }
        return out;
    }

    /** Writes a PNG atomically (temporary file in the same directory, then a move); creates parent directories. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicWrite.write(file, tmp -> {
            if (!ImageIO.write(image, "png", tmp.toFile())) {
                throw new IOException("Images.writePng: no PNG writer available");
            }
        });
    }

    /** PNG bytes of an image (for embedding in HTML). */
    public static byte[] pngBytes(BufferedImage image) {
        try (var out = new java.io.ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The first (H, W) plane of a tensor with leading singleton dims such as (1, 1, H, W). */
    private static Tensor plane(Tensor t) {
        Tensor g = t;
        while (g.dim() > 2) {
            g = g.select(0, 0);
        }
        return g;
    }

    static float[] range(float[] v, int from, int to) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (Float.isFinite(v[i])) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        return lo > hi ? new float[] {0, 1} : new float[] {lo, hi};
    }

    /** Maps v in [lo, hi] to 0..255; a constant map is mid-grey. */
    static int grey(float v, float[] r) {
        if (!(r[1] > r[0])) {
            return 128;
        }
        float t = (v - r[0]) / (r[1] - r[0]);
        return Math.round(Math.min(Math.max(t, 0f), 1f) * 255);
    }

    private static int heat(float t) {
        int r = Math.round(Math.min(1f, 3 * t) * 255);
        int g = Math.round(Math.min(1f, Math.max(0f, 3 * t - 1)) * 255);
        int b = Math.round(Math.min(1f, Math.max(0f, 3 * t - 2)) * 255);
        return r << 16 | g << 8 | b;
    }

    private static int blend(int a, int b, float alpha) {
        int r = Math.round((a >> 16 & 255) * (1 - alpha) + (b >> 16 & 255) * alpha);
        int g = Math.round((a >> 8 & 255) * (1 - alpha) + (b >> 8 & 255) * alpha);
        int bl = Math.round((a & 255) * (1 - alpha) + (b & 255) * alpha);
        return r << 16 | g << 8 | bl;
    }

    private static void fill(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                img.setRGB(x, y, rgb);
            }
        }
    }
}
