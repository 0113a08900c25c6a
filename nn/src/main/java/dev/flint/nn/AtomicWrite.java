package dev.flint.nn;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that no half-written version is ever visible: the content goes to a temporary
 * file in the target's directory, which is forced to disk and then replaces the target with an
 * atomic move (a plain move where the file system has none); the directory is forced afterwards so
 * the rename survives a power loss. Used by safetensors, PNG and report output.
 *
 * <ul>
 *   <li>A symbolic link is followed: its final target is replaced and the link stays a link.
 *   <li>An existing target keeps its POSIX permissions; a new file gets the defaults of any newly
 *       created file (rw-rw-rw- less the umask, usually rw-r--r--).
 *   <li>The temporary file is {@code .<up to 40 chars of the name>.<hash of the name>.<pid>-<random>.flint-tmp}:
 *       short whatever the target's name length, hidden, and recognisably that target's. A save
 *       removes the temporary files of the same target left by processes that no longer run (a
 *       killed earlier save); temporaries of live processes, including concurrent saves, and of
 *       other targets are left alone. On a normal JVM exit (or SIGTERM) a shutdown hook removes
 *       the temporaries of saves still in progress.
 * </ul>
 */
public final class AtomicWrite {
    /** The suffix of every temporary file. */
    public static final String TEMP_SUFFIX = ".flint-tmp";
    private static final int PREFIX_CODE_POINTS = 40;
    private static final int MAX_LINKS = 40;
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    /** Temporary files of this JVM's saves in progress. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private AtomicWrite() {
    }

    /** Writes a file's content given its path. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code tmp} (an empty file that already exists). */
        void write(Path tmp) throws IOException;
    }

    /**
     * Writes {@code file} through {@code writer}; creates missing parent directories. Exceptions of
     * the writer propagate, and then the target is unchanged and the temporary file removed.
     *
     * @throws IOException if {@code file} is a directory, its symbolic links loop, or writing,
     *                     forcing or moving fails
     */
    public static void write(Path file, Writer writer) throws IOException {
        Objects.requireNonNull(file, "AtomicWrite.write: file is null");
        Objects.requireNonNull(writer, "AtomicWrite.write: writer is null");
        Path target = followLinks(file.toAbsolutePath(), file);
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IllegalArgumentException("AtomicWrite.write: " + file + " names no file (it is a root)");
        }
        String name = target.getFileName().toString();
        Files.createDirectories(dir);
        if (Files.isDirectory(target)) {
            throw new IOException("AtomicWrite.write: " + file + " is a directory, not a file");
        }
        Set<PosixFilePermission> keep = permissions(target);
        removeStale(dir, name);
        Path tmp = createTemp(dir, name);
        try {
            writer.write(tmp);
            if (!Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("AtomicWrite.write: the writer for " + file + " left no regular file at " + tmp);
            }
            if (keep != null) {
                Files.setPosixFilePermissions(tmp, keep);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // the data must be on disk before the rename can be
            }
            forceDirectory(dir); // and the temp's directory entry, so the rename has a durable source
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } finally {
                IN_FLIGHT.remove(tmp);
            }
        }
    }

    /** The final target of a chain of symbolic links (the path itself if it is none). */
    private static Path followLinks(Path p, Path original) throws IOException {
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new IOException("AtomicWrite.write: " + original + ": more than " + MAX_LINKS
                        + " levels of symbolic links (a loop?)");
            }
            // Relative links are relative to the link's directory; not normalised, as ".." after a
            // linked directory is the OS's to resolve.
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        return p;
    }

    private static Set<PosixFilePermission> permissions(Path target) throws IOException {
        try {
            return Files.readAttributes(target, PosixFileAttributes.class).permissions();
        } catch (NoSuchFileException | UnsupportedOperationException e) {
            return null; // a new file, or no POSIX permissions to keep
        }
    }

    /** {@code .<prefix>.<hash>.}: what every temporary of a target starts with. */
    static String tempStem(String name) {
        int end = name.offsetByCodePoints(0, Math.min(PREFIX_CODE_POINTS, name.codePointCount(0, name.length())));
        return "." + name.substring(0, end) + "." + hash(name) + ".";
    }

    /** 8 hex digits of the name's SHA-256: tells targets that share a 40-character prefix apart. */
    private static String hash(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        String stem = tempStem(name) + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(stem + String.format("%08x", ThreadLocalRandom.current().nextInt()) + TEMP_SUFFIX);
            // registered before it exists, so a concurrent save in this JVM never takes it for stale
            if (!Cleanup.register(tmp)) {
                continue; // the same name drawn by another thread of this JVM
            }
            try {
                // no explicit permissions: the file gets the umask's defaults, as any new file
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (IOException e) {
                IN_FLIGHT.remove(tmp);
                if (!(e instanceof FileAlreadyExistsException)) {
                    throw e;
                }
                if (attempt == 100) {
                    throw new IOException("AtomicWrite.write: no free temporary file name in " + dir + " after 100 tries", e);
                }
            }
        }
    }

    /**
     * Deletes the temporaries of {@code name} whose process is gone. Best effort: a temporary that
     * cannot be listed or deleted must not fail the save.
     */
    private static void removeStale(Path dir, String name) {
        String stem = tempStem(name);
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String f = p.getFileName().toString();
                if (!f.startsWith(stem) || !f.endsWith(TEMP_SUFFIX)) {
                    continue;
                }
                String rest = f.substring(stem.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, Math.max(dash, 0)));
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                boolean stale = pid == self ? !IN_FLIGHT.contains(p) : ProcessHandle.of(pid).isEmpty();
                if (stale) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // left for a later save
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // listing failed: nothing to clean this time
        }
    }

    /** Forces a directory's entries (the rename) to disk. */
    private static void forceDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            if (WINDOWS) {
                return; // Windows cannot open a directory as a file; NTFS journals the rename
            }
            throw e;
        }
        try (ch) {
            ch.force(true);
        }
    }

    /** The shutdown hook that removes the temporaries of saves still running when the JVM exits. */
    private static final class Cleanup {
        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    for (Path p : IN_FLIGHT) {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            // exiting anyway; the next save of the target removes it
                        }
                    }
                }, "flint-atomic-write-cleanup"));
            } catch (IllegalStateException e) {
                // already shutting down: the writes in progress will not finish either
            }
        }

        static boolean register(Path tmp) {
            return IN_FLIGHT.add(tmp);
        }
    }
}
