package dev.flint.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the project's shared datasets (../shared/datasets from the repository root). */
final class TestData {
    private TestData() {
    }

    static Path dataset(String name) {
        String root = System.getProperty("flint.repo.root", ".");
        Path dir = Path.of(root).toAbsolutePath().normalize().resolveSibling("shared").resolve("datasets").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("test data missing: expected the " + name + " files in " + dir);
        }
        return dir;
    }
}
