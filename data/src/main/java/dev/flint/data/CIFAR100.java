package dev.flint.data;

import dev.flint.data.transforms.Transform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CIFAR-100 (50,000 train / 10,000 test 32x32 colour images; 100 fine classes in 20 coarse
 * ones), as torchvision.datasets.CIFAR100 (which uses the fine labels), read from the official
 * binary version: {@code train.bin} and {@code test.bin}, 3074-byte records (coarse label, fine
 * label, then 3072 image bytes). Directory, cache and download rules as {@link CIFAR10}.
 */
public final class CIFAR100 extends Cifar {
    /** Which label is the target. */
    public enum Labels {
        /** The 100 fine classes (torchvision's targets). */
        FINE,
        /** The 20 superclasses. */
        COARSE
    }

    static final CifarSpec SPEC = spec("https://www.cs.toronto.edu/~kriz/",
            "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", 50000, 10000);

    private final int[] coarse;
    private final int[] fine;

    /** The release's layout with another checksum, mirror and record counts (tests use it on small files). */
    static CifarSpec spec(String mirror, String sha256, int trainRecords, int testRecords) {
        return new CifarSpec("cifar100", new Downloader.RemoteFile("cifar-100-binary.tar.gz", sha256), List.of(mirror),
                "cifar-100-binary", List.of(new CifarSpec.Part("train.bin", trainRecords)),
                List.of(new CifarSpec.Part("test.bin", testRecords)), 2, List.of("fine_label_names.txt", "coarse_label_names.txt"));
    }

    private CIFAR100(Cifar.Loaded d, Labels which, Transform transform, boolean train) {
        super(d, which == Labels.FINE ? 1 : 0, which == Labels.FINE
                ? names(d, "fine_label_names.txt", numbered("class", 100))
                : names(d, "coarse_label_names.txt", numbered("superclass", 20)), transform, train);
        this.coarse = d.labels()[0];
        this.fine = d.labels()[1];
    }

    private static List<String> numbered(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + "_" + i).toList();
    }

    /** The training split with fine labels; see {@link CIFAR10#train} for {@code dir}. */
    public static CIFAR100 train(Path dir, Transform transform) throws IOException {
        return load(SPEC, dir, true, Labels.FINE, transform);
    }

    /** The test split with fine labels. */
    public static CIFAR100 test(Path dir, Transform transform) throws IOException {
        return load(SPEC, dir, false, Labels.FINE, transform);
    }

    /** A split with the chosen labels as targets. */
    public static CIFAR100 load(Path dir, boolean train, Labels labels, Transform transform) throws IOException {
        return load(SPEC, dir, train, labels, transform);
    }

    static CIFAR100 load(CifarSpec spec, Path dir, boolean train, Labels labels, Transform transform) throws IOException {
        if (labels == null) {
            throw new IllegalArgumentException("CIFAR100: labels is null");
        }
        Cifar.Loaded d = Cifar.load(spec, dir, train);
        checkLabels("CIFAR-100 coarse", d.labels()[0], 20);
        checkLabels("CIFAR-100 fine", d.labels()[1], 100);
        return new CIFAR100(d, labels, transform, train);
    }

    /** Every sample's superclass (a copy). */
    public int[] coarseLabels() {
        return coarse.clone();
    }

    /** Every sample's fine class (a copy). */
    public int[] fineLabels() {
        return fine.clone();
    }
}
