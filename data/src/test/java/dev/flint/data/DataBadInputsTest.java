package dev.flint.data;

import static dev.flint.core.testing.BadInput.bad;

import dev.flint.core.Tensor;
import dev.flint.core.testing.BadInput;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * data's catalogue of bad inputs: malformed IDX files (raw and gzipped), MNIST-format directories
 * whose files do not pair up, and DataLoader / TensorDataset misuse. Files are made by their row,
 * in a temporary directory.
 */
class DataBadInputsTest {
    @TempDir
    static Path dir;

    /** An IDX header: magic {@code 00 00 type rank}, then the sizes. */
    private static byte[] idx(int type, int[] dims, int values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        for (int i = 0; i < values; i++) {
            b.write(i % 10);
        }
        return b.toByteArray();
    }

    /** A valid 2x3 file of ubytes. */
    private static byte[] good() {
        return idx(8, new int[] {2, 3}, 6);
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return b.toByteArray();
    }

    private static byte[] with(byte[] bytes, int at, int value) {
        byte[] c = bytes.clone();
        c[at < 0 ? c.length + at : at] = (byte) value;
        return c;
    }

    /** Reads {@code bytes} from a file called {@code name}. */
    private static void read(String name, byte[] bytes) throws IOException {
        IdxReader.read(Files.write(dir.resolve(name), bytes));
    }

    /**
     * Loads the training split of a dataset whose four files are these gzipped IDX files (the test
     * split repeats the training one), with checksums that match: only the pairing is wrong.
     */
    private static void mnist(String tag, byte[] images, byte[] labels) throws IOException {
        Path d = Files.createDirectories(dir.resolve(tag));
        Downloader.RemoteFile[] f = new Downloader.RemoteFile[4];
        String[] names = {"train-images.gz", "train-labels.gz", "test-images.gz", "test-labels.gz"};
        for (int i = 0; i < 4; i++) {
            Path p = Files.write(d.resolve(names[i]), gzip(i % 2 == 0 ? images : labels));
            f[i] = new Downloader.RemoteFile(names[i], Downloader.sha256(p));
        }
        MnistFamily.load(new ImageDatasetSpec(tag, f[0], f[1], f[2], f[3], List.of(), 0f, 1f), d, true, false);
    }

    private static TensorDataset four() {
        return new TensorDataset(Tensor.zeros(4, 2), new int[4]);
    }

    /** A dataset whose sample 2 has another shape than the others. */
    private static Dataset ragged() {
        return new Dataset() {
            @Override
            public int size() {
                return 4;
            }

            @Override
            public Sample get(int index) {
                return new Sample(Tensor.zeros(index == 2 ? 3 : 2), 0);
            }
        };
    }

    static Stream<BadInput> cases() {
        byte[] gz = gzip(good());
        return Stream.of(
                // --- IDX header ---
                bad("IDX bad magic", IOException.class, "magic.idx: bad magic number 01 00 08 02",
                        () -> read("magic.idx", with(good(), 0, 1))),
                bad("IDX float element type", IOException.class, "float.idx: unsupported element type 0xd (only unsigned bytes",
                        () -> read("float.idx", with(good(), 2, 0x0d))),
                bad("IDX int16 element type", IOException.class, "unsupported element type 0xb",
                        () -> read("short.idx", with(good(), 2, 0x0b))),
                bad("IDX rank 0", IOException.class, "rank0.idx: rank 0 is out of range [1, 4]",
                        () -> read("rank0.idx", with(good(), 3, 0))),
                bad("IDX rank 5", IOException.class, "rank 5 is out of range [1, 4]",
                        () -> read("rank5.idx", idx(8, new int[] {1, 1, 1, 1, 1}, 1))),
                bad("IDX empty file", IOException.class, "empty.idx: file ends inside the 4-byte magic number",
                        () -> read("empty.idx", new byte[0])),
                bad("IDX ends inside the sizes", IOException.class, "file ends inside the header (size 1 of 2)",
                        () -> read("cutheader.idx", Arrays.copyOf(good(), 9))),
                bad("IDX size over 2^31", IOException.class, "size 0 is negative or over 2^31: 4294967295",
                        () -> read("negsize.idx", idx(8, new int[] {-1}, 0))),
                bad("IDX sizes whose product overflows", IOException.class,
                        "overflow.idx: the sizes [65536, 65536, 65536, 65536] multiply out to more than 2^63 values (overflow)",
                        () -> read("overflow.idx", idx(8, new int[] {65536, 65536, 65536, 65536}, 0))),
                bad("IDX more values than an array holds", IOException.class,
                        "shape [65536, 65536] holds 4294967296 values, more than a Java array holds",
                        () -> read("toomany.idx", idx(8, new int[] {65536, 65536}, 0))),
                // --- IDX size vs data ---
                bad("IDX declares more than the raw file holds", IOException.class,
                        "claims.idx: truncated: the header promises 2147483639 values for shape [1, 2147483639] but the file holds 0 bytes",
                        () -> read("claims.idx", idx(8, new int[] {1, Integer.MAX_VALUE - 8}, 0))),
                bad("IDX truncated values, raw", IOException.class, "promises 6 values for shape [2, 3] but the file holds 5 bytes",
                        () -> read("cut.idx", idx(8, new int[] {2, 3}, 5))),
                bad("IDX truncated values, from a stream", IOException.class, "stream.idx: truncated: the header promises 6 values",
                        () -> IdxReader.read(new ByteArrayInputStream(idx(8, new int[] {2, 3}, 4)), "stream.idx")),
                bad("IDX data after the values", IOException.class, "long.idx: unexpected data after the 6 values of shape [2, 3]",
                        () -> read("long.idx", idx(8, new int[] {2, 3}, 7))),
                bad("IDX gzipped, values truncated", IOException.class, "cutvalues.idx.gz: truncated: the header promises 6 values",
                        () -> read("cutvalues.idx.gz", gzip(idx(8, new int[] {2, 3}, 2)))),
                // --- gzip ---
                bad("gzip stream cut short", IOException.class, "cutgz.idx.gz: truncated gzip stream",
                        () -> read("cutgz.idx.gz", Arrays.copyOf(gz, gz.length - 10))),
                bad("gzip cut inside its own header", IOException.class, "truncated gzip stream (the compressed data ends early) after 0 decompressed bytes, inside the IDX header",
                        () -> read("gzheader.idx.gz", Arrays.copyOf(gz, 5))),
                bad("gzip with a wrong CRC", IOException.class,
                        "crc.idx.gz: corrupt gzip stream (Corrupt GZIP trailer) after 18 decompressed bytes; the header promises 18",
                        () -> read("crc.idx.gz", with(gz, -6, gz[gz.length - 6] ^ 1))),
                bad("gzip with an unknown compression method", IOException.class, "corrupt gzip stream (Unsupported compression method)",
                        () -> read("method.idx.gz", with(gz, 2, 7))),
                bad("gzip with an invalid deflate block", IOException.class, "block.idx.gz: corrupt gzip stream (invalid block type)",
                        () -> read("block.idx.gz", with(gz, 10, 0xff))),
                bad("IDX file missing", NoSuchFileException.class, "nofile.idx",
                        () -> IdxReader.read(dir.resolve("nofile.idx"))),
                // --- MNIST-format datasets ---
                bad("images of rank 2", IOException.class, "images of shape [3, 4] and labels of shape [3] do not pair up",
                        () -> mnist("rank2", idx(8, new int[] {3, 4}, 12), idx(8, new int[] {3}, 3))),
                bad("labels of rank 2", IOException.class, "labels of shape [3, 1] do not pair up (expected (N, H, W) and (N))",
                        () -> mnist("labels2", idx(8, new int[] {3, 2, 2}, 12), idx(8, new int[] {3, 1}, 3))),
                bad("fewer labels than images", IOException.class, "images of shape [3, 2, 2] and labels of shape [2] do not pair up",
                        () -> mnist("count", idx(8, new int[] {3, 2, 2}, 12), idx(8, new int[] {2}, 2))),
                bad("a label outside [0, 9]", IOException.class, "label 10 at index 1 is not a class in [0, 9]",
                        () -> mnist("label10", idx(8, new int[] {2, 2, 2}, 8), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 3, 10})),
                bad("a dataset file with the wrong checksum", IOException.class, "t10k-labels-idx1-ubyte.gz has SHA-256", () -> {
                    Path d = Files.createDirectories(dir.resolve("sha"));
                    for (Downloader.RemoteFile f : MNIST.SPEC.files()) {
                        Files.write(d.resolve(f.name()), gz);
                    }
                    MNIST.test(d, false);
                }),
                bad("a dataset file missing", IOException.class, "train-images-idx3-ubyte.gz is missing",
                        () -> MNIST.train(Files.createDirectories(dir.resolve("none")), false)),
                // --- DataLoader ---
                bad("DataLoader batch size 0", IllegalArgumentException.class, "DataLoader: batchSize must be positive, got 0",
                        () -> new DataLoader(four(), 0, false, 0, false)),
                bad("DataLoader negative batch size", IllegalArgumentException.class, "batchSize must be positive, got -5",
                        () -> new DataLoader(four(), -5, true, 1, true)),
                bad("DataLoader null dataset", IllegalArgumentException.class, "DataLoader: dataset is null",
                        () -> new DataLoader(null, 2, false, 0, false)),
                bad("DataLoader next() past the epoch", NoSuchElementException.class, "all 2 batches of this epoch were taken", () -> {
                    Iterator<DataLoader.Batch> it = new DataLoader(four(), 2, false, 0, false).iterator();
                    it.next();
                    it.next();
                    it.next();
                }),
                bad("DataLoader samples of different shapes", IllegalStateException.class, "DataLoader: sample 2 has shape [3], sample 0 has [2]",
                        () -> new DataLoader(ragged(), 4, false, 0, false).iterator().next()),
                bad("DataLoader worker's shape error reaches the loop", IllegalStateException.class, "DataLoader: sample 2 has shape [3], sample 0 has [2]",
                        () -> new DataLoader(ragged(), 4, false, 0, false).prefetch(true).iterator().next()),
                // --- TensorDataset ---
                bad("TensorDataset labels vs inputs", IllegalArgumentException.class, "inputs of shape [4, 2] do not match 3 targets",
                        () -> new TensorDataset(Tensor.zeros(4, 2), new int[3])),
                bad("TensorDataset of a scalar", IllegalArgumentException.class, "TensorDataset: inputs of shape [] do not match 1 targets",
                        () -> new TensorDataset(Tensor.scalar(1f), new int[1])),
                bad("TensorDataset.head negative", IllegalArgumentException.class, "TensorDataset.head: -1 is out of range [0, 4]",
                        () -> four().head(-1)),
                bad("TensorDataset.head too long", IllegalArgumentException.class, "TensorDataset.head: 5 is out of range [0, 4]",
                        () -> four().head(5)),
                bad("TensorDataset.range reversed", IllegalArgumentException.class, "TensorDataset.range: [3, 1) is out of range [0, 4]",
                        () -> four().range(3, 1)),
                bad("TensorDataset.range past the end", IllegalArgumentException.class, "[2, 9) is out of range [0, 4]",
                        () -> four().range(2, 9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsClearly(BadInput c) {
        c.check();
    }
}
