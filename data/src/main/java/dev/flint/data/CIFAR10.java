package dev.flint.data;

import dev.flint.data.transforms.Transform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * CIFAR-10 (50,000 train / 10,000 test 32x32 colour images in 10 classes), as
 * torchvision.datasets.CIFAR10, read from the official binary version: {@code data_batch_1..5.bin}
 * and {@code test_batch.bin}, 3073-byte records (label, then 1024 red, green and blue bytes).
 * Pass a directory holding those files (or the folder {@code cifar-10-batches-bin}, or the
 * archive), or null for the cache ({@code ~/.cache/flint/cifar10}), downloading the archive with
 * SHA-256 verification. Inputs are (3, 32, 32) tensors in [0, 1], then the transform.
 */
public final class CIFAR10 extends Cifar {
    /** The class names in label order. */
    public static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
            "ship", "truck");
    /** Per-channel mean of the training images in [0, 1] (the usual normalisation constants). */
    public static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    /** Per-channel standard deviation of the training images in [0, 1]. */
    public static final float[] STD = {0.2470f, 0.2435f, 0.2616f};

    static final CifarSpec SPEC = spec("https://www.cs.toronto.edu/~kriz/",
            "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", 10000);

    /** The release's layout with another checksum, mirror and record count (tests use it on small files). */
    static CifarSpec spec(String mirror, String sha256, int recordsPerFile) {
        return new CifarSpec("cifar10", new Downloader.RemoteFile("cifar-10-binary.tar.gz", sha256), List.of(mirror),
                "cifar-10-batches-bin",
                List.of(new CifarSpec.Part("data_batch_1.bin", recordsPerFile), new CifarSpec.Part("data_batch_2.bin", recordsPerFile),
                        new CifarSpec.Part("data_batch_3.bin", recordsPerFile), new CifarSpec.Part("data_batch_4.bin", recordsPerFile),
                        new CifarSpec.Part("data_batch_5.bin", recordsPerFile)),
                List.of(new CifarSpec.Part("test_batch.bin", recordsPerFile)), 1, List.of("batches.meta.txt"));
    }

    private CIFAR10(Cifar.Loaded d, Transform transform, boolean train) {
        super(d, 0, names(d, "batches.meta.txt", CLASSES), transform, train);
    }

    /** The training split from {@code dir} (null: cache, downloading if needed); {@code transform} may be null. */
    public static CIFAR10 train(Path dir, Transform transform) throws IOException {
        return load(SPEC, dir, true, transform);
    }

    /** The test split from {@code dir} (null: cache, downloading if needed); {@code transform} may be null. */
    public static CIFAR10 test(Path dir, Transform transform) throws IOException {
        return load(SPEC, dir, false, transform);
    }

    static CIFAR10 load(CifarSpec spec, Path dir, boolean train, Transform transform) throws IOException {
        Cifar.Loaded d = Cifar.load(spec, dir, train);
        checkLabels("CIFAR-10", d.labels()[0], 10);
        return new CIFAR10(d, transform, train);
    }
}
