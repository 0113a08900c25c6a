package dev.flint.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The MNIST handwritten digits (60,000 train / 10,000 test), as torchvision.datasets.MNIST.
 * Load from a directory holding the four original gzipped IDX files, or pass null to use the
 * cache directory ({@code ~/.cache/flint/mnist}), downloading from public mirrors with SHA-256
 * verification.
 */
public final class MNIST extends MnistFamily {
    /** Mean of the training pixels in [0, 1] (torchvision's normalisation constant). */
    public static final float MEAN = 0.1307f;
    /** Standard deviation of the training pixels in [0, 1]. */
    public static final float STD = 0.3081f;

    /** Files, checksums and mirrors. */
    public static final ImageDatasetSpec SPEC = new ImageDatasetSpec("mnist",
            new Downloader.RemoteFile("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new Downloader.RemoteFile("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new Downloader.RemoteFile("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new Downloader.RemoteFile("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "http://yann.lecun.com/exdb/mnist/"),
            MEAN, STD);

    private MNIST(MnistFamily d) {
        super(d.spec(), d.isTrain(), d.inputs(), d.labels());
    }

    /** The training split from {@code dir} (null: cache, downloading if needed), optionally normalised. */
    public static MNIST train(Path dir, boolean normalize) throws IOException {
        return new MNIST(load(SPEC, resolve(SPEC, dir), true, normalize));
    }

    /** The test split from {@code dir} (null: cache, downloading if needed), optionally normalised. */
    public static MNIST test(Path dir, boolean normalize) throws IOException {
        return new MNIST(load(SPEC, resolve(SPEC, dir), false, normalize));
    }
}
