package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flint.core.testing.ChildJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AtomicWrite: temp names, stale temps, permissions and symbolic links. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private static void write(Path file, String content) throws IOException {
        AtomicWrite.write(file, tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The pid of a process that has exited: no live process can own a temp with it. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder(ChildJvm.javaBinary(), "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        assertTrue(ProcessHandle.of(p.pid()).isEmpty());
        return p.pid();
    }

    private Path fakeTemp(String target, long pid) throws IOException {
        Path p = dir.resolve(AtomicWrite.tempStem(target) + pid + "-deadbeef" + AtomicWrite.TEMP_SUFFIX);
        Files.writeString(p, "half-written");
        return p;
    }

    @Test
    void theTempFileIsShortHiddenInTheSameDirectoryAndNamedAfterTheTarget() throws IOException {
        String name = "checkpoint-".repeat(20) + "final.safetensors";
        AtomicReference<Path> seen = new AtomicReference<>();
        AtomicWrite.write(dir.resolve(name), tmp -> {
            seen.set(tmp);
            Files.writeString(tmp, "x");
        });
        Path tmp = seen.get();
        String t = tmp.getFileName().toString();
        assertEquals(dir.toAbsolutePath(), tmp.getParent());
        assertTrue(t.startsWith("." + name.substring(0, 40) + "."), t);
        assertTrue(t.startsWith(AtomicWrite.tempStem(name) + ProcessHandle.current().pid() + "-"), t);
        assertTrue(t.endsWith(AtomicWrite.TEMP_SUFFIX), t);
        assertTrue(t.length() <= 80, t.length() + ": " + t);
        assertEquals(List.of(name), names());
    }

    @Test
    void aTargetNameOf250CharactersWorks() throws IOException {
        String ascii = "w".repeat(246) + ".bin";
        String twoByte = "é".repeat(120) + ".bin"; // 244 bytes of UTF-8
        String fourByte = "\uD83D\uDE00".repeat(60) + ".bin"; // 244 bytes: the prefix is cut at code points
        for (String name : List.of(ascii, twoByte, fourByte)) {
            write(dir.resolve(name), "first");
            write(dir.resolve(name), "second");
            assertEquals("second", Files.readString(dir.resolve(name)));
        }
        assertEquals(250, ascii.length());
        assertEquals(3, names().size(), names().toString());
    }

    @Test
    void aStaleTempOfTheTargetIsRemovedByTheNextSaveAndOnlyThatTargetsTemps() throws Exception {
        // the two targets share their first 40 characters: only the hash in the temp name tells them apart
        String a = "resnet18-imagenet-finetuned-epoch-0001-of-0090-a.safetensors";
        String b = "resnet18-imagenet-finetuned-epoch-0001-of-0090-b.safetensors";
        assertEquals(a.substring(0, 40), b.substring(0, 40));
        long dead = deadPid();
        Path staleA = fakeTemp(a, dead);
        Path staleB = fakeTemp(b, dead);
        Path liveA = fakeTemp(a, ProcessHandle.current().parent().orElseThrow().pid()); // a running process's save
        Path unrelated = Files.writeString(dir.resolve(AtomicWrite.tempStem(a) + "backup" + AtomicWrite.TEMP_SUFFIX), "keep");
        write(dir.resolve(b), "b");
        assertFalse(Files.exists(staleB), "b's stale temp is removed by the save of b");
        assertTrue(Files.exists(staleA), "a's temp is not b's to remove");
        write(dir.resolve(a), "a");
        assertFalse(Files.exists(staleA), "a's stale temp is removed by the save of a");
        assertTrue(Files.exists(liveA), "the temp of a live process may be a save in progress");
        assertTrue(Files.exists(unrelated));
        assertEquals("a", Files.readString(dir.resolve(a)));
    }

    @Test
    void aTempOfThisJvmThatIsNotInFlightIsStale() throws IOException {
        Path own = fakeTemp("model.bin", ProcessHandle.current().pid());
        write(dir.resolve("model.bin"), "m");
        assertFalse(Files.exists(own));
        assertEquals(List.of("model.bin"), names());
    }

    @Test
    void anExistingTargetKeepsItsPermissions() throws IOException {
        assumeTrue(posix());
        Path f = dir.resolve("secret.safetensors");
        write(f, "v1");
        Set<PosixFilePermission> own = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(f, own);
        write(f, "v2");
        assertEquals(own, Files.getPosixFilePermissions(f));
        Set<PosixFilePermission> group = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(f, group);
        write(f, "v3");
        assertEquals(group, Files.getPosixFilePermissions(f));
        assertEquals("v3", Files.readString(f));
    }

    @Test
    void aNewFileGetsTheDefaultsOfAnyNewFile() throws IOException {
        assumeTrue(posix());
        Path reference = Files.createFile(dir.resolve("reference"));
        Path f = dir.resolve("new.bin");
        write(f, "x");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(f));
        assertTrue(Files.getPosixFilePermissions(f).contains(PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetIsReplaced() throws IOException {
        Path realDir = Files.createDirectories(dir.resolve("store"));
        Path linkDir = Files.createDirectories(dir.resolve("links"));
        Path real = Files.writeString(realDir.resolve("weights.bin"), "old");
        Path link;
        try {
            link = Files.createSymbolicLink(linkDir.resolve("latest.bin"), Path.of("..", "store", "weights.bin"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
            return;
        }
        Path chain = Files.createSymbolicLink(linkDir.resolve("current.bin"), Path.of("latest.bin"));
        write(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("..", "store", "weights.bin"), Files.readSymbolicLink(link));
        assertEquals("new", Files.readString(real));
        write(chain, "newer");
        assertTrue(Files.isSymbolicLink(chain) && Files.isSymbolicLink(link));
        assertEquals("newer", Files.readString(real));
        // a dangling link: its target is created
        Path dangling = Files.createSymbolicLink(linkDir.resolve("next.bin"), Path.of("..", "store", "next.bin"));
        write(dangling, "created");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("created", Files.readString(realDir.resolve("next.bin")));
        try (Stream<Path> s = Files.list(realDir); Stream<Path> l = Files.list(linkDir)) {
            assertEquals(2, s.count(), "no temp left next to the targets");
            assertEquals(3, l.count(), "no temp left next to the links");
        }
    }

    @Test
    void aFailingWriterLeavesTheTargetAndNoTemp() throws IOException {
        Path f = dir.resolve("report.html");
        write(f, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.write(f, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good", Files.readString(f));
        assertEquals(List.of("report.html"), names());
    }

    @Test
    void missingParentDirectoriesAreCreated() throws IOException {
        Path f = dir.resolve("a").resolve("b").resolve("c.txt");
        write(f, "deep");
        assertEquals("deep", Files.readString(f));
    }
}
