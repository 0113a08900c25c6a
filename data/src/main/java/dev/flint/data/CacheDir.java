package dev.flint.data;

import java.nio.file.Path;

/** The one rule for where downloaded datasets live. */
final class CacheDir {
    private CacheDir() {
    }

    /**
     * {@code $FLINT_CACHE/<name>} or the {@code flint.cache} system property (which wins), else
     * {@code ~/.cache/flint/<name>}.
     */
    static Path of(String name) {
        String prop = System.getProperty("flint.cache");
        String env = System.getenv("FLINT_CACHE");
        String base = prop != null ? prop : env;
        Path root = base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache", "flint");
        return root.resolve(name);
    }
}
