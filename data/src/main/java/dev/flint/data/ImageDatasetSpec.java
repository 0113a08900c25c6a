package dev.flint.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What identifies an MNIST-format dataset: its four files with checksums, its mirrors, its
 * normalisation constants and its cache folder name.
 */
public record ImageDatasetSpec(String name, Downloader.RemoteFile trainImages, Downloader.RemoteFile trainLabels,
                               Downloader.RemoteFile testImages, Downloader.RemoteFile testLabels,
                               List<String> mirrors, float mean, float std) {

    /** The four files. */
    public List<Downloader.RemoteFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /**
     * Where downloads go by default: {@code $FLINT_CACHE/<name>} or the {@code flint.cache} system
     * property, else {@code ~/.cache/flint/<name>}.
     */
    public Path defaultCacheDir() {
        return CacheDir.of(name);
    }
}
