package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.testing.ChildJvm;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    /** A 2x3 ubyte IDX file holding 0..5, optionally with its payload cut or extended. */
    private static byte[] idx(int payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3});
        for (int i = 0; i < payload; i++) {
            b.write(i);
        }
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    private static IdxReader.Idx read(byte[] bytes) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(bytes), "test.idx");
    }

    @Test
    void readsRawAndGzipped() throws IOException {
        for (byte[] bytes : new byte[][] {idx(6), gzip(idx(6))}) {
            IdxReader.Idx r = read(bytes);
            assertArrayEquals(new int[] {2, 3}, r.shape());
            assertEquals(5, r.unsigned(5));
        }
        byte[] high = idx(6);
        high[high.length - 1] = (byte) 200;
        assertEquals(200, read(high).unsigned(5));
    }

    private static void assertFails(byte[] bytes, String... parts) {
        IOException e = assertThrows(IOException.class, () -> read(bytes));
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
        assertTrue(e.getMessage().contains("test.idx"), e.getMessage());
    }

    @Test
    void corruptFilesSayWhatIsWrong() throws IOException {
        assertFails(idx(5), "truncated", "6 values", "holds 5");
        assertFails(gzip(idx(5)), "truncated");
        assertFails(idx(7), "unexpected data after");
        byte[] magic = idx(6);
        magic[0] = 1;
        assertFails(magic, "bad magic number", "01 00 08 02");
        byte[] type = idx(6);
        type[2] = 0x0d;
        assertFails(type, "unsupported element type 0xd");
        assertFails(new byte[] {0, 0, 8}, "magic number");
        assertFails(new byte[] {0, 0, 8, 2, 0, 0, 0, 2, 0}, "header", "size 1 of 2");
        byte[] rank = idx(6);
        rank[3] = 0;
        assertFails(rank, "rank 0");
    }

    /** A header of rank {@code dims.length} with these sizes and no values. */
    static byte[] header(int... dims) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            b.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        return b.toByteArray();
    }

    @Test
    void sizesWhoseProductOverflowsAreRefused() {
        // 2^64 wraps to 0 in unchecked long arithmetic: the file would read as an empty 4-d array
        assertFails(header(65536, 65536, 65536, 65536), "[65536, 65536, 65536, 65536]", "overflow");
        assertFails(header(65536, 65536), "[65536, 65536]", "4294967296 values");
    }

    @Test
    void aRawFileShorterThanItsHeaderSaysFailsBeforeAllocating() throws IOException {
        Path f = Files.write(dir.resolve("claims.idx"), header(1, Integer.MAX_VALUE - 8));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("claims.idx: truncated: the header promises 2147483639 values")
                && e.getMessage().contains("holds 0 bytes after its 12-byte header"), e.getMessage());
    }

    @Test
    void truncatedAndCorruptGzipSayWhatIsWrong() throws IOException {
        byte[] gz = gzip(idx(6));
        byte[] cut = Arrays.copyOf(gz, gz.length - 10); // inside the deflate data or its trailer
        assertFails(cut, "truncated gzip stream", "decompressed bytes");
        assertFails(Arrays.copyOf(gz, 5), "truncated gzip stream", "inside the IDX header");
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 1; // the CRC-32 in the trailer
        assertFails(crc, "corrupt gzip stream", "after 18 decompressed bytes", "promises 18");
        byte[] method = gz.clone();
        method[2] = 7; // not deflate
        assertFails(method, "corrupt gzip stream");
    }

    @Test
    void aStreamLongerThanOneBufferReadsWhole() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header(300, 1001));
        for (int i = 0; i < 300 * 1001; i++) {
            b.write(i * 7);
        }
        for (byte[] bytes : List.of(b.toByteArray(), gzip(b.toByteArray()))) {
            IdxReader.Idx r = read(bytes);
            assertArrayEquals(new int[] {300, 1001}, r.shape());
            assertEquals((300 * 1001 - 1) * 7 & 0xff, r.unsigned(300 * 1001 - 1));
            assertEquals(123 * 7 & 0xff, r.unsigned(123));
        }
    }

    /** The child of {@link #headersThatPromise2GiBDoNotAllocateIt}: reads each file, prints what happened. */
    public static void main(String[] args) {
        for (String a : args) {
            try {
                IdxReader.read(Path.of(a));
                System.out.println("read");
            } catch (IOException e) {
                System.out.println("IOException " + e.getMessage());
            } catch (OutOfMemoryError e) {
                System.out.println("OutOfMemoryError " + e.getMessage());
            }
        }
    }

    @Test
    void headersThatPromise2GiBDoNotAllocateIt() throws Exception {
        byte[] claim = header(1, Integer.MAX_VALUE - 8);
        Path raw = Files.write(dir.resolve("raw.idx"), claim);
        ByteArrayOutputStream withData = new ByteArrayOutputStream();
        withData.writeBytes(claim);
        withData.writeBytes(new byte[100_000]);
        Path gz = Files.write(dir.resolve("claim.idx.gz"), gzip(withData.toByteArray()));
        Process p = ChildJvm.builder(true, List.of("-Xmx64m"), IdxReaderTest.class, raw.toString(), gz.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> out;
        try (InputStream in = p.getInputStream()) {
            out = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, out.size(), out.toString());
        assertTrue(out.get(0).startsWith("IOException") && out.get(0).contains("holds 0 bytes"), out.get(0));
        assertTrue(out.get(1).startsWith("IOException") && out.get(1).contains("the file holds 100000"), out.get(1));
    }
}
