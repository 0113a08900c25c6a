package dev.flint.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What identifies a CIFAR release in its binary version: the archive with its checksum and
 * mirrors, the folder inside it, each split's files with their record counts, and the bytes of
 * label that precede each 3072-byte image (1 for CIFAR-10; 2, coarse then fine, for CIFAR-100).
 */
record CifarSpec(String name, Downloader.RemoteFile archive, List<String> mirrors, String folder,
                 List<Part> train, List<Part> test, int labelBytes, List<String> metaFiles) {
    /** One file of a split and the number of records it holds. */
    record Part(String file, int records) {
    }

    /** Bytes of one image: 3 planes of 32 x 32. */
    static final int IMAGE_BYTES = 3 * 32 * 32;

    int recordBytes() {
        return labelBytes + IMAGE_BYTES;
    }

    List<Part> split(boolean isTrain) {
        return isTrain ? train : test;
    }

    /** The cache directory, as for the MNIST family. */
    Path cacheDir() {
        return CacheDir.of(name);
    }
}
