package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.flint.core.Tensor;
import dev.flint.data.transforms.RandomHorizontalFlip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR readers on small files written here in the releases' exact binary and archive formats. */
class CifarTest {
    @TempDir
    Path dir;

    /** Record r of a file: label bytes, then 3072 image bytes with pixel value (seed + r * 7 + i) mod 256. */
    private static byte[] records(int n, int seed, int... labelsPerRecord) {
        int lb = labelsPerRecord.length / n;
        byte[] out = new byte[n * (lb + 3072)];
        for (int r = 0; r < n; r++) {
            int base = r * (lb + 3072);
            for (int l = 0; l < lb; l++) {
                out[base + l] = (byte) labelsPerRecord[r * lb + l];
            }
            for (int i = 0; i < 3072; i++) {
                out[base + lb + i] = (byte) (seed + r * 7 + i);
            }
        }
        return out;
    }

    /** A POSIX ustar archive of the given files (with a directory entry first, as tar writes). */
    static byte[] tar(String folder, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, folder + "/", 0, '5');
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            header(out, folder + "/" + e.getKey(), e.getValue().length, '0');
            out.write(e.getValue());
            out.write(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    private static void header(ByteArrayOutputStream out, String name, long size, char type) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, 1_600_000_000L);
        h[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 255;
        }
        octal(h, 148, 7, sum);
        out.writeBytes(h);
    }

    private static void octal(byte[] h, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(b);
        }
        return bo.toByteArray();
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** CIFAR-10 files with 3 records each; test labels 9, 0, 4. */
    private static Map<String, byte[]> cifar10Files() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        for (int b = 1; b <= 5; b++) {
            f.put("data_batch_" + b + ".bin", records(3, b, b, b + 1, b + 2));
        }
        f.put("test_batch.bin", records(3, 100, 9, 0, 4));
        f.put("batches.meta.txt", String.join("\n", CIFAR10.CLASSES).toUpperCase().concat("\n\n").getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void cifar10FromBinaryFilesMatchesTheRecords() throws Exception {
        for (Map.Entry<String, byte[]> e : cifar10Files().entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        CifarSpec spec = CIFAR10.spec("http://unused/", "0".repeat(64), 3);
        CIFAR10 train = CIFAR10.load(spec, dir, true, null);
        CIFAR10 test = CIFAR10.load(spec, dir, false, null);
        assertEquals(15, train.size());
        assertEquals(3, test.size());
        assertArrayEquals(new int[] {1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6, 5, 6, 7}, train.targets());
        assertArrayEquals(new int[] {9, 0, 4}, test.targets());
        assertEquals("AIRPLANE", train.classes().get(0), "names come from batches.meta.txt");
        // Sample 4 is record 1 of data_batch_2: channel c, row y, column x is byte c*1024 + y*32 + x.
        Tensor x = train.get(4).input();
        assertArrayEquals(new int[] {3, 32, 32}, x.shape());
        assertEquals(((2 + 7 + 1024 + 5 * 32 + 6) & 255) / 255f, x.get(1, 5, 6));
        assertEquals(((2 + 7) & 255) / 255f, x.get(0, 0, 0));
        assertEquals(((2 + 7 + 3071) & 255) / 255f, x.get(2, 31, 31));
        assertEquals(3, train.get(4).label());
    }

    @Test
    void cifar10FromTheArchiveAndItsFolderGiveTheSameData() throws Exception {
        byte[] archive = gzip(tar("cifar-10-batches-bin", cifar10Files()));
        Files.write(dir.resolve("cifar-10-binary.tar.gz"), archive);
        CifarSpec spec = CIFAR10.spec("http://unused/", sha(archive), 3);
        CIFAR10 fromArchive = CIFAR10.load(spec, dir, true, null);
        Path folder = Files.createDirectories(dir.resolve("x/cifar-10-batches-bin"));
        for (Map.Entry<String, byte[]> e : cifar10Files().entrySet()) {
            Files.write(folder.resolve(e.getKey()), e.getValue());
        }
        CIFAR10 fromFolder = CIFAR10.load(spec, dir.resolve("x"), true, null);
        assertArrayEquals(fromFolder.targets(), fromArchive.targets());
        for (int i = 0; i < 15; i++) {
            assertArrayEquals(fromFolder.image(i).toArray(), fromArchive.image(i).toArray());
        }
        IOException bad = assertThrows(IOException.class, () -> CIFAR10.load(CIFAR10.spec("http://unused/", "f".repeat(64), 3), dir, true, null));
        assertTrue(bad.getMessage().contains("cifar-10-binary.tar.gz has SHA-256 " + sha(archive)), bad.getMessage());
    }

    @Test
    void damagedFilesAreRefusedNamingTheFile() throws Exception {
        Map<String, byte[]> f = cifar10Files();
        for (Map.Entry<String, byte[]> e : f.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        CifarSpec spec = CIFAR10.spec("http://unused/", "0".repeat(64), 3);
        Files.write(dir.resolve("data_batch_3.bin"), java.util.Arrays.copyOf(f.get("data_batch_3.bin"), 3 * 3073 - 1));
        IOException shortFile = assertThrows(IOException.class, () -> CIFAR10.load(spec, dir, true, null));
        assertTrue(shortFile.getMessage().contains("data_batch_3.bin has 9218 bytes, expected 9219"), shortFile.getMessage());
        Files.write(dir.resolve("test_batch.bin"), records(3, 100, 9, 10, 4));
        IOException label = assertThrows(IOException.class, () -> CIFAR10.load(spec, dir, false, null));
        assertTrue(label.getMessage().contains("label 10 of sample 1 is not a class in [0, 9]"), label.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        IOException none = assertThrows(IOException.class, () -> CIFAR10.load(spec, empty, true, null));
        assertTrue(none.getMessage().contains("neither the binary files"), none.getMessage());

        byte[] archive = gzip(tar("cifar-10-batches-bin", cifar10Files()));
        Path cut = Files.createDirectories(dir.resolve("cut")).resolve("cifar-10-binary.tar.gz");
        byte[] half = java.util.Arrays.copyOf(archive, archive.length / 2);
        Files.write(cut, half);
        IOException trunc = assertThrows(IOException.class,
                () -> CIFAR10.load(CIFAR10.spec("http://unused/", sha(half), 3), cut.getParent(), true, null));
        assertTrue(trunc.getMessage().contains("cifar-10-binary.tar.gz"), trunc.getMessage());
    }

    @Test
    void cifar100HasCoarseAndFineLabels() throws Exception {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("train.bin", records(4, 3, 19, 99, 0, 0, 5, 42, 7, 8));
        f.put("test.bin", records(2, 9, 1, 2, 3, 4));
        StringBuilder fine = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            fine.append("fine").append(i).append('\n');
        }
        f.put("fine_label_names.txt", fine.toString().getBytes(StandardCharsets.UTF_8));
        byte[] archive = gzip(tar("cifar-100-binary", f));
        Files.write(dir.resolve("cifar-100-binary.tar.gz"), archive);
        CifarSpec spec = CIFAR100.spec("http://unused/", sha(archive), 4, 2);
        CIFAR100 train = CIFAR100.load(spec, dir, true, CIFAR100.Labels.FINE, null);
        assertArrayEquals(new int[] {99, 0, 42, 8}, train.targets());
        assertArrayEquals(new int[] {19, 0, 5, 7}, train.coarseLabels());
        assertEquals("fine42", train.classes().get(42));
        CIFAR100 coarse = CIFAR100.load(spec, dir, false, CIFAR100.Labels.COARSE, null);
        assertArrayEquals(new int[] {1, 3}, coarse.targets());
        assertEquals(20, coarse.classes().size());
        assertEquals(((9 + 7 + 100) & 255) / 255f, coarse.get(1).input().get(0, 3, 4));
    }

    @Test
    void downloadsTheArchiveIntoTheCacheFromALoopbackMirror() throws Exception {
        byte[] archive = gzip(tar("cifar-10-batches-bin", cifar10Files()));
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/kriz/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, archive.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(archive);
            }
        });
        server.start();
        String old = System.getProperty("flint.cache");
        System.setProperty("flint.cache", dir.toString());
        try {
            CifarSpec spec = CIFAR10.spec("http://127.0.0.1:" + server.getAddress().getPort() + "/kriz/", sha(archive), 3);
            CIFAR10 test = CIFAR10.load(spec, null, false, new RandomHorizontalFlip(1.0));
            assertArrayEquals(new int[] {9, 0, 4}, test.targets());
            assertTrue(Files.isRegularFile(dir.resolve("cifar10/cifar-10-binary.tar.gz")));
            // The transform ran: a certain flip mirrors each row.
            assertEquals(test.image(0).get(0, 0, 31), test.get(0).input().get(0, 0, 0));
            CIFAR10.load(spec, null, true, null);
            assertEquals(1, requests.get(), "a cached, verified archive is not fetched again");
        } finally {
            server.stop(0);
            if (old == null) {
                System.clearProperty("flint.cache");
            } else {
                System.setProperty("flint.cache", old);
            }
        }
        server.stop(0);
        IOException offline = assertThrows(IOException.class, () -> {
            System.setProperty("flint.cache", dir.resolve("other").toString());
            try {
                CIFAR10.load(CIFAR10.spec("http://127.0.0.1:9/kriz/", sha(archive), 3), null, true, null);
            } finally {
                System.clearProperty("flint.cache");
                if (old != null) {
                    System.setProperty("flint.cache", old);
                }
            }
        });
        assertTrue(offline.getMessage().contains("could not download cifar-10-binary.tar.gz"), offline.getMessage());
        assertTrue(List.of(offline.getMessage().split("\n")).stream().anyMatch(l -> l.contains("offline")), offline.getMessage());
    }
}
