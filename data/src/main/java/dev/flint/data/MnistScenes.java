package dev.flint.data;

import dev.flint.core.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * "MNIST scenes" for semantic segmentation: square canvases with a few MNIST digits placed at
 * random, and a per-pixel label map: {@code digit class + 1} where a digit's ink is on (above
 * {@link #INK}), 0 for background. Overlapping digits combine by maximum, and a pixel takes the
 * class of the digit that gives it its value, so the mask always agrees with the image.
 * Deterministic for a seed: the same source digits, seed and sizes give the same scenes.
 */
public final class MnistScenes {
    /** Intensity above which a digit pixel counts as ink (on the [0, 1] scale). */
    public static final float INK = 0.5f;
    /** Number of classes of the masks: background plus ten digits. */
    public static final int NUM_CLASSES = 11;

    private final Tensor images;
    private final int[] masks;
    private final int size;

    private MnistScenes(Tensor images, int[] masks, int size) {
        this.images = images;
        this.masks = masks;
        this.size = size;
    }

    /**
     * Generates {@code count} scenes of {@code size x size} pixels with {@code minDigits} to
     * {@code maxDigits} digits each, drawn from {@code digits} (un-normalised MNIST-style images
     * (N, 1, 28, 28) in [0, 1] with their labels). A placement is retried (up to 20 times) while
     * more than 10% of its ink would land on ink already placed, so digits stay readable.
     */
    public static MnistScenes generate(TensorDataset digits, int count, int size, int minDigits, int maxDigits, long seed) {
        int[] shape = digits.inputs().shape();
        if (shape.length != 4 || shape[1] != 1) {
            throw new IllegalArgumentException("MnistScenes: expected digit images (N, 1, H, W), got shape " + Arrays.toString(shape));
        }
        int dh = shape[2];
        int dw = shape[3];
        if (size < Math.max(dh, dw) || count < 0 || minDigits < 1 || maxDigits < minDigits) {
            throw new IllegalArgumentException("MnistScenes: invalid canvas " + size + " (digits are " + dh + "x" + dw
                    + "), count " + count + " or digits per scene [" + minDigits + ", " + maxDigits + "]");
        }
        float[] src = digits.inputs().contiguous().toArray();
        int[] labels = digits.labels();
        int plane = size * size;
        float[] img = new float[count * plane];
        int[] mask = new int[count * plane];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int s = 0; s < count; s++) {
            int k = minDigits + rng.nextInt(maxDigits - minDigits + 1);
            int base = s * plane;
            for (int d = 0; d < k; d++) {
                int which = rng.nextInt(labels.length);
                int off = which * dh * dw;
                int top = 0;
                int left = 0;
                for (int attempt = 0; attempt < 20; attempt++) {
                    top = rng.nextInt(size - dh + 1);
                    left = rng.nextInt(size - dw + 1);
                    if (overlap(img, base, size, src, off, dh, dw, top, left) <= 0.1) {
                        break;
                    }
                }
                for (int y = 0; y < dh; y++) {
                    for (int x = 0; x < dw; x++) {
                        float v = src[off + y * dw + x];
                        int p = base + (top + y) * size + left + x;
                        if (v > img[p]) {
                            img[p] = v;
                            if (v > INK) {
                                mask[p] = labels[which] + 1;
                            }
                        }
                    }
                }
            }
        }
        return new MnistScenes(Tensor.wrap(img, count, 1, size, size), mask, size);
    }

    /** Fraction of the digit's ink pixels that would fall on ink already on the canvas. */
    private static double overlap(float[] img, int base, int size, float[] src, int off, int dh, int dw, int top, int left) {
        int ink = 0;
        int clash = 0;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                if (src[off + y * dw + x] > INK) {
                    ink++;
                    if (img[base + (top + y) * size + left + x] > INK) {
                        clash++;
                    }
                }
            }
        }
        return ink == 0 ? 0 : clash / (double) ink;
    }

    /** The images (count, 1, size, size), values in [0, 1]. */
    public Tensor images() {
        return images;
    }

    /** All masks, scene after scene, row-major (count * size * size labels in [0, 10]). */
    public int[] masks() {
        return masks.clone();
    }

    /** The mask of scene {@code i} (size * size labels). */
    public int[] mask(int i) {
        return Arrays.copyOfRange(masks, i * size * size, (i + 1) * size * size);
    }

    /**
     * The scenes as a dataset: inputs (count, 1, size, size) and {@link Target.ClassMap} targets
     * (size, size), collated by the loader to {@link Targets.ClassMaps} of shape (B, size, size).
     */
    public TensorDataset dataset() {
        return new TensorDataset(images, new Targets.ClassMaps(masks, new int[] {count(), size, size}));
    }

    /** Number of scenes. */
    public int count() {
        return masks.length / (size * size);
    }

    /** Canvas side in pixels. */
    public int size() {
        return size;
    }
}
