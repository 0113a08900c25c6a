package dev.flint.data;

import dev.flint.core.Tensor;
import dev.flint.data.transforms.Transform;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A CIFAR split in memory as bytes (3 x 32 x 32 per image, the file's own layout), served as
 * (3, 32, 32) tensors in [0, 1] passed through an optional transform. Base of {@link CIFAR10}
 * and {@link CIFAR100}.
 */
public class Cifar implements Dataset {
    private final byte[] images;
    private final int[][] labels; // [labelByte][sample]
    private final int labelIndex;
    private final List<String> classes;
    private final Transform transform;
    private final boolean train;

    Cifar(Cifar.Loaded data, int labelIndex, List<String> classes, Transform transform, boolean train) {
        this.images = data.images;
        this.labels = data.labels;
        this.labelIndex = labelIndex;
        this.classes = classes;
        this.transform = transform;
        this.train = train;
    }

    /** The class names, index i naming class i. */
    public List<String> classes() {
        return classes;
    }

    /** True for the training split. */
    public boolean isTrain() {
        return train;
    }

    /** Every sample's class (a copy). */
    public int[] targets() {
        return labels[labelIndex].clone();
    }

    @Override
    public int size() {
        return labels[labelIndex].length;
    }

    /** Image {@code index} as a (3, 32, 32) tensor in [0, 1], before any transform. */
    public Tensor image(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("CIFAR: index " + index + " is out of range [0, " + size() + ")");
        }
        float[] x = new float[CifarSpec.IMAGE_BYTES];
        int base = index * CifarSpec.IMAGE_BYTES;
        for (int i = 0; i < x.length; i++) {
            x[i] = (images[base + i] & 255) / 255f;
        }
        return Tensor.wrap(x, 3, 32, 32);
    }

    @Override
    public Sample get(int index) {
        return get(index, SampleSeed.of(0, 0, index));
    }

    @Override
    public Sample get(int index, RandomGenerator rng) {
        Tensor x = image(index);
        if (transform != null) {
            x = transform.apply(x, new SplittableRandom(rng.nextLong()));
        }
        return new Sample(x, labels[labelIndex][index]);
    }

    /** The bytes read from a split's files. */
    record Loaded(byte[] images, int[][] labels, Map<String, String> meta) {
    }

    /**
     * Reads a split. With {@code dir} null: the cache directory, downloading and checking the
     * archive if needed. With a directory: it must hold the split's .bin files (directly or in
     * the archive's folder) or the archive itself (then checked against its SHA-256).
     */
    static Loaded load(CifarSpec spec, Path dir, boolean train) throws IOException {
        if (dir == null) {
            Path cache = spec.cacheDir();
            new Downloader().ensure(cache, List.of(spec.archive()), spec.mirrors());
            return fromArchive(spec, cache.resolve(spec.archive().name()), train);
        }
        for (Path d : new Path[] {dir, dir.resolve(spec.folder())}) {
            if (Files.isRegularFile(d.resolve(spec.split(train).get(0).file()))) {
                return fromFiles(spec, d, train);
            }
        }
        if (Files.isRegularFile(dir.resolve(spec.archive().name()))) {
            Downloader.verify(spec.name(), dir, List.of(spec.archive()));
            return fromArchive(spec, dir.resolve(spec.archive().name()), train);
        }
        throw new IOException(spec.name() + " in " + dir.toAbsolutePath() + ": neither the binary files ("
                + spec.split(train).stream().map(CifarSpec.Part::file).toList() + ", directly or in " + spec.folder()
                + "/) nor the archive " + spec.archive().name() + " is there");
    }

    private static Loaded fromFiles(CifarSpec spec, Path d, boolean train) throws IOException {
        Reader r = new Reader(spec, train);
        for (CifarSpec.Part p : spec.split(train)) {
            Path f = d.resolve(p.file());
            if (!Files.isRegularFile(f)) {
                throw new IOException(spec.name() + ": " + f.toAbsolutePath() + " is missing");
            }
            long expected = (long) p.records() * spec.recordBytes();
            if (Files.size(f) != expected) {
                throw new IOException(spec.name() + ": " + f.toAbsolutePath() + " has " + Files.size(f) + " bytes, expected " + expected
                        + " (" + p.records() + " records of " + spec.recordBytes() + ")");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                r.part(p, f.toString(), in::read);
            }
        }
        for (String m : spec.metaFiles()) {
            Path f = d.resolve(m);
            if (Files.isRegularFile(f)) {
                r.meta.put(m, Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return r.done();
    }

    private static Loaded fromArchive(CifarSpec spec, Path archive, boolean train) throws IOException {
        Reader r = new Reader(spec, train);
        Map<String, CifarSpec.Part> wanted = new HashMap<>();
        for (CifarSpec.Part p : spec.split(train)) {
            wanted.put(spec.folder() + "/" + p.file(), p);
        }
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
            TarReader tar = new TarReader(in, archive.toString());
            for (TarReader.Entry e = tar.next(); e != null; e = tar.next()) {
                String name = e.name().startsWith("./") ? e.name().substring(2) : e.name();
                CifarSpec.Part p = wanted.get(name);
                if (p != null) {
                    long expected = (long) p.records() * spec.recordBytes();
                    if (e.size() != expected) {
                        throw new IOException(spec.name() + ": " + name + " in " + archive + " has " + e.size() + " bytes, expected " + expected);
                    }
                    r.part(p, archive + "!" + name, tar::read);
                } else {
                    for (String m : spec.metaFiles()) {
                        if (name.equals(spec.folder() + "/" + m) && e.size() < 1 << 16) {
                            byte[] b = new byte[(int) e.size()];
                            int got = 0;
                            while (got < b.length) {
                                int n = tar.read(b, got, b.length - got);
                                if (n < 0) {
                                    break;
                                }
                                got += n;
                            }
                            r.meta.put(m, new String(b, 0, got, StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException(spec.name() + ": " + archive + " is not a complete gzip archive: " + e.getMessage(), e);
        }
        List<String> missing = new ArrayList<>();
        for (CifarSpec.Part p : spec.split(train)) {
            if (!r.seen.contains(p.file())) {
                missing.add(spec.folder() + "/" + p.file());
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(spec.name() + ": " + archive + " lacks " + missing);
        }
        return r.done();
    }

    @FunctionalInterface
    private interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /** Collects a split's records, part by part, in the spec's order. */
    private static final class Reader {
        private final CifarSpec spec;
        private final List<CifarSpec.Part> parts;
        private final byte[] images;
        private final int[][] labels;
        private final Map<String, String> meta = new HashMap<>();
        private final List<String> seen = new ArrayList<>();

        Reader(CifarSpec spec, boolean train) {
            this.spec = spec;
            this.parts = spec.split(train);
            long n = 0;
            for (CifarSpec.Part p : parts) {
                n += p.records();
            }
            this.images = new byte[Math.multiplyExact((int) n, CifarSpec.IMAGE_BYTES)];
            this.labels = new int[spec.labelBytes()][(int) n];
        }

        void part(CifarSpec.Part p, String where, Source src) throws IOException {
            int first = 0;
            for (CifarSpec.Part q : parts) {
                if (q.equals(p)) {
                    break;
                }
                first += q.records();
            }
            byte[] rec = new byte[spec.recordBytes()];
            for (int i = 0; i < p.records(); i++) {
                int got = 0;
                while (got < rec.length) {
                    int n = src.read(rec, got, rec.length - got);
                    if (n < 0) {
                        throw new IOException(spec.name() + ": " + where + " ends inside record " + i);
                    }
                    got += n;
                }
                for (int l = 0; l < spec.labelBytes(); l++) {
                    labels[l][first + i] = rec[l] & 255;
                }
                System.arraycopy(rec, spec.labelBytes(), images, (first + i) * CifarSpec.IMAGE_BYTES, CifarSpec.IMAGE_BYTES);
            }
            seen.add(p.file());
        }

        Loaded done() {
            return new Loaded(images, labels, meta);
        }
    }

    /** The class names from a meta file (one per line, blank lines dropped), else {@code fallback}. */
    static List<String> names(Loaded d, String metaFile, List<String> fallback) {
        String text = d.meta().get(metaFile);
        if (text == null) {
            return fallback;
        }
        List<String> names = Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return names.size() == fallback.size() ? names : fallback;
    }

    /** Refuses labels outside [0, classes). */
    static void checkLabels(String name, int[] labels, int classes) throws IOException {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classes) {
                throw new IOException(name + ": label " + labels[i] + " of sample " + i + " is not a class in [0, " + (classes - 1) + "]");
            }
        }
    }
}
