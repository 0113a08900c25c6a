package dev.flint.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando; 60,000 train / 10,000 test 28x28 clothing images, 10 classes), a
 * drop-in replacement for MNIST, as torchvision.datasets.FashionMNIST.
 */
public final class FashionMNIST extends MnistFamily {
    /** Mean of the training pixels in [0, 1]. */
    public static final float MEAN = 0.2860f;
    /** Standard deviation of the training pixels in [0, 1]. */
    public static final float STD = 0.3530f;

    /** Files, checksums and mirrors. */
    public static final ImageDatasetSpec SPEC = new ImageDatasetSpec("fashion-mnist",
            new Downloader.RemoteFile("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new Downloader.RemoteFile("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new Downloader.RemoteFile("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new Downloader.RemoteFile("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/"),
            MEAN, STD);

    private FashionMNIST(MnistFamily d) {
        super(d.spec(), d.isTrain(), d.inputs(), d.labels());
    }

    /** The training split from {@code dir} (null: cache, downloading if needed), optionally normalised. */
    public static FashionMNIST train(Path dir, boolean normalize) throws IOException {
        return new FashionMNIST(load(SPEC, resolve(SPEC, dir), true, normalize));
    }

    /** The test split from {@code dir} (null: cache, downloading if needed), optionally normalised. */
    public static FashionMNIST test(Path dir, boolean normalize) throws IOException {
        return new FashionMNIST(load(SPEC, resolve(SPEC, dir), false, normalize));
    }
}
