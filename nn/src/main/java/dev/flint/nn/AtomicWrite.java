package dev.flint.nn;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that no half-written version is ever visible: the content goes to a temporary
 * file in the same directory, which then replaces the target with an atomic move (a plain move
 * where the file system has none). Used by safetensors, PNG and report output.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Writes a file's content given its path. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code tmp}. */
        void write(Path tmp) throws IOException;
    }

    /** Writes {@code file} through {@code writer}; creates missing parent directories. */
    public static void write(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            writer.write(tmp);
            // createTempFile makes the file private (0600); give it ordinary file permissions.
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the defaults
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
