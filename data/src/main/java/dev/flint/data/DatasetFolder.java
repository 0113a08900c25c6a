package dev.flint.data;

import dev.flint.core.Tensor;
import dev.flint.data.transforms.Transform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Samples stored one file each, one sub-folder per class, as torchvision.datasets.DatasetFolder:
 * classes are the sorted sub-folder names (hidden ones skipped), their indices follow that order,
 * and samples are each class's files (sub-folders included, links followed) in sorted path order,
 * filtered by extension (case-insensitive; hidden files skipped). Files are read only when a
 * sample is requested, so a folder larger than memory works.
 */
public class DatasetFolder implements Dataset {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetFolder.class);

    /** Reads one file into an input tensor. */
    @FunctionalInterface
    public interface Loader {
        /** The input stored in {@code file}. */
        Tensor load(Path file) throws IOException;
    }

    /** Checks one file when the folder is listed (for skipping unreadable ones). */
    @FunctionalInterface
    public interface Probe {
        /** Throws when {@code file} cannot be used. */
        void check(Path file) throws IOException;
    }

    /** A sample's file and its class index. */
    public record Entry(Path path, int classIndex) {
    }

    private final Path root;
    private final List<String> classes;
    private final Map<String, Integer> classToIdx;
    private final List<Entry> samples;
    private final Loader loader;
    private final Transform transform;

    /**
     * Lists {@code root}. {@code transform} (may be null) is applied to each loaded input. With a
     * {@code probe}, files it rejects are left out, with one logged warning naming them; without
     * one every matching file is a sample and a file that fails to load fails its sample.
     */
    public DatasetFolder(Path root, Loader loader, List<String> extensions, Transform transform, Probe probe) throws IOException {
        if (root == null || loader == null || extensions == null || extensions.isEmpty()) {
            throw new IllegalArgumentException("DatasetFolder: root, loader and at least one extension are needed");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("DatasetFolder: " + root.toAbsolutePath() + " is not a directory");
        }
        this.root = root;
        this.loader = loader;
        this.transform = transform;
        List<String> ext = extensions.stream().map(e -> e.toLowerCase(Locale.ROOT)).toList();
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(names::add);
        }
        Collections.sort(names);
        if (names.isEmpty()) {
            throw new IOException("DatasetFolder: no class folders in " + root.toAbsolutePath());
        }
        LinkedHashMap<String, Integer> idx = new LinkedHashMap<>();
        List<Entry> list = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (String name : names) {
            int c = idx.size();
            idx.put(name, c);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root.resolve(name), FileVisitOption.FOLLOW_LINKS)) {
                s.filter(p -> !hidden(root.resolve(name), p) && Files.isRegularFile(p) && matches(p, ext)).forEach(files::add);
            }
            files.sort(null);
            int kept = 0;
            for (Path f : files) {
                if (probe != null) {
                    try {
                        probe.check(f);
                    } catch (IOException | RuntimeException e) {
                        rejected.add(root.relativize(f) + " (" + e.getMessage() + ")");
                        continue;
                    }
                }
                list.add(new Entry(f, c));
                kept++;
            }
            if (kept == 0) {
                empty.add(name);
            }
        }
        if (!rejected.isEmpty()) {
            LOG.warn("DatasetFolder: skipped {} unreadable file(s) in {}: {}", rejected.size(), root,
                    String.join(", ", rejected.subList(0, Math.min(10, rejected.size()))) + (rejected.size() > 10 ? ", ..." : ""));
        }
        if (!empty.isEmpty()) {
            throw new IOException("DatasetFolder: found no valid file for the classes " + empty + " in " + root.toAbsolutePath()
                    + "; supported extensions are " + ext);
        }
        this.classes = List.copyOf(names);
        this.classToIdx = Collections.unmodifiableMap(idx);
        this.samples = List.copyOf(list);
    }

    private static boolean hidden(Path classDir, Path p) {
        for (Path part : classDir.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Path p, List<String> ext) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : ext) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    /** The folder listed. */
    public Path root() {
        return root;
    }

    /** Class names, sorted; index i is class i. */
    public List<String> classes() {
        return classes;
    }

    /** Class name to index. */
    public Map<String, Integer> classToIdx() {
        return classToIdx;
    }

    /** Every sample's file and class, in sample order. */
    public List<Entry> samples() {
        return samples;
    }

    /** Every sample's class index (a copy). */
    public int[] targets() {
        int[] t = new int[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).classIndex();
        }
        return t;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public Sample get(int index) {
        return get(index, SampleSeed.of(0, 0, index));
    }

    @Override
    public Sample get(int index, RandomGenerator rng) {
        if (index < 0 || index >= samples.size()) {
            throw new IndexOutOfBoundsException("DatasetFolder.get: index " + index + " is out of range [0, " + samples.size() + ")");
        }
        Entry e = samples.get(index);
        Tensor x;
        try {
            x = loader.load(e.path());
        } catch (IOException ex) {
            throw new UncheckedIOException("DatasetFolder: sample " + index + ": " + ex.getMessage(), ex);
        }
        if (transform != null) {
            x = transform.apply(x, new SplittableRandom(rng.nextLong()));
        }
        return new Sample(x, e.classIndex());
    }
}
