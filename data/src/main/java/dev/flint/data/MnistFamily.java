package dev.flint.data;

import dev.flint.core.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A 28x28 greyscale image-classification dataset in MNIST's file format: images (N, 1, 28, 28)
 * scaled to [0, 1] and, optionally, normalised with the dataset's mean and std; labels in [0, 9].
 */
public class MnistFamily extends TensorDataset {
    private final ImageDatasetSpec spec;
    private final boolean train;

    MnistFamily(ImageDatasetSpec spec, boolean train, Tensor images, int[] labels) {
        super(images, labels);
        this.spec = spec;
        this.train = train;
    }

    /** The dataset's description. */
    public ImageDatasetSpec spec() {
        return spec;
    }

    /** True for the training split. */
    public boolean isTrain() {
        return train;
    }

    /**
     * Loads a split from {@code dir}, which must hold the dataset's four gzipped files with the
     * right checksums; the error names each missing or altered file.
     */
    static MnistFamily load(ImageDatasetSpec spec, Path dir, boolean train, boolean normalize) throws IOException {
        verify(spec, dir);
        Downloader.RemoteFile imgFile = train ? spec.trainImages() : spec.testImages();
        Downloader.RemoteFile lblFile = train ? spec.trainLabels() : spec.testLabels();
        IdxReader.Idx img = IdxReader.read(dir.resolve(imgFile.name()));
        IdxReader.Idx lbl = IdxReader.read(dir.resolve(lblFile.name()));
        if (img.shape().length != 3 || lbl.shape().length != 1 || img.shape()[0] != lbl.shape()[0]) {
            throw new IOException(spec.name() + ": images of shape " + Arrays.toString(img.shape()) + " and labels of shape "
                    + Arrays.toString(lbl.shape()) + " do not pair up (expected (N, H, W) and (N))");
        }
        int n = img.shape()[0];
        int h = img.shape()[1];
        int w = img.shape()[2];
        float[] pixels = new float[n * h * w];
        float scale = 1f / 255f;
        float mean = normalize ? spec.mean() : 0f;
        float inv = normalize ? 1f / spec.std() : 1f;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (img.unsigned(i) * scale - mean) * inv;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = lbl.unsigned(i);
            if (labels[i] > 9) {
                throw new IOException(spec.name() + ": label " + labels[i] + " at index " + i + " is not a class in [0, 9]");
            }
        }
        return new MnistFamily(spec, train, Tensor.wrap(pixels, n, 1, h, w), labels);
    }

    /** Checks every file's presence and SHA-256 in {@code dir}. */
    static void verify(ImageDatasetSpec spec, Path dir) throws IOException {
        Downloader.verify(spec.name(), dir, spec.files());
    }

    /**
     * The directory to read from: {@code dir} itself when given (it must hold valid files), else
     * the cache directory, downloading missing files from the mirrors.
     */
    static Path resolve(ImageDatasetSpec spec, Path dir) throws IOException {
        if (dir != null) {
            verify(spec, dir);
            return dir;
        }
        Path cache = spec.defaultCacheDir();
        new Downloader().ensure(cache, spec.files(), spec.mirrors());
        return cache;
    }
}
