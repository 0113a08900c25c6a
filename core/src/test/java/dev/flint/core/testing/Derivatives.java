package dev.flint.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.flint.core.Function;

/**
 * The coverage gates' view of the op inventory: the {@link Function} classes an op family
 * declares, and the rows of docs/derivatives.md, so that a new op without a documented gradient
 * fails the build.
 */
public final class Derivatives {
    private Derivatives() {
    }

    /** Simple names of the {@link Function} subclasses declared inside each of {@code families}. */
    public static Set<String> functionClasses(List<Class<?>> families) {
        Set<String> names = new TreeSet<>();
        for (Class<?> family : families) {
            for (Class<?> k : family.getDeclaredClasses()) {
                if (Function.class.isAssignableFrom(k)) {
                    names.add(k.getSimpleName());
                }
            }
        }
        return names;
    }

    /** The op names in the first column of every table row of docs/derivatives.md. */
    public static Set<String> documentedOps() {
        String root = System.getProperty("flint.repo.root");
        if (root == null) {
            throw new IllegalStateException("-Dflint.repo.root is not set (the build sets it to the repository's root)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(root, "docs", "derivatives.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> ops = new TreeSet<>();
        for (String line : lines) {
            if (!line.startsWith("| ")) {
                continue;
            }
            String first = line.substring(2, line.indexOf('|', 2)).trim();
            if (!first.equals("op") && !first.startsWith("-")) {
                ops.add(first);
            }
        }
        return ops;
    }

    /** The names among {@code ops} with no row in docs/derivatives.md. */
    public static Set<String> undocumented(Set<String> ops) {
        Set<String> missing = new TreeSet<>(ops);
        missing.removeAll(documentedOps());
        return missing;
    }
}
