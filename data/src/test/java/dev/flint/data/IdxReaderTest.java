package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class IdxReaderTest {
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
}
