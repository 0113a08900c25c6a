package dev.flint.benchmarks;

import dev.flint.data.DataLoader;
import dev.flint.data.ImageDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The image-folder input pipeline on its own: one shuffled pass of a {@link DataLoader} (batch 64)
 * over an {@code ImageFolder} of {@value #IMAGES} Fashion-MNIST images upscaled to
 * {@code side x side} and tinted, in one format, each decoded with javax.imageio, randomly
 * resized-cropped to 7/8 of the side, flipped and normalised ({@link ImageFolders#folder}).
 * {@code decode} times the decoding alone on one thread. The score is images per second. The same
 * work in torchvision:
 * benchmarks/compare/imagefolder_interleave.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ImageFolderBench {
    static final int IMAGES = 512;

    /** File format of every image in the folder. */
    @Param({"png", "jpg"})
    public String format;

    /** Loader threads decoding and transforming. */
    @Param({"1", "2"})
    public int workers;

    /** Side of the square images in the folder. */
    @Param({"64"})
    public int side;

    Path dir;
    DataLoader loader;
    List<Path> files;

    @Setup
    public void setup() throws IOException {
        dir = Files.createTempDirectory("flint-imagefolder-bench");
        ImageFolders.make(dir, IMAGES, side, format);
        loader = new DataLoader(ImageFolders.folder(dir, side), 64, true, 1, false).numWorkers(workers);
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        loader.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** One pass over the folder; the score counts images. */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public double pass() {
        double sink = 0;
        for (DataLoader.Batch b : loader) {
            sink += b.inputs().get(0, 0, 0, 0);
        }
        return sink;
    }

    /** Decoding alone, on the calling thread (the {@code workers} parameter does not apply). */
    @Benchmark
    @OperationsPerInvocation(IMAGES)
    public double decode() throws IOException {
        double sink = 0;
        for (Path f : files) {
            sink += ImageDecoder.decode(f, 3).get(0, 0, 0);
        }
        return sink;
    }
}
