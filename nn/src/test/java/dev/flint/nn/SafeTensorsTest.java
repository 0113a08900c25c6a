package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format: metadata, every dtype, chunked and positional reads, files over 4 GiB. */
class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Tensor arange(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.25f - 7;
        }
        return Tensor.wrap(v, n);
    }

    @Test
    void metadataRoundTripsAndFormatPtIsAddedUnlessGiven() throws IOException {
        Map<String, Tensor> t = Map.of("w", arange(6).reshape(2, 3));
        Path f = dir.resolve("m.safetensors");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", "12");
        meta.put("note", "ünïcode \"quoted\" \\ \n ✓ \uD83D\uDE00");
        SafeTensors.save(t, f, meta);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("format", "pt");
        expected.putAll(meta);
        assertEquals(expected, SafeTensors.loadMetadata(f));
        try (SafeTensors.Reader r = SafeTensors.open(f)) {
            assertEquals(expected, r.metadata());
            assertEquals(List.of("w"), r.keys());
            assertEquals("F32", r.dtype("w"));
            assertArrayEquals(new int[] {2, 3}, r.shape("w"));
            assertArrayEquals(arange(6).toArray(), r.getTensor("w").toArray());
        }
        SafeTensors.save(t, f, Map.of("format", "flint"));
        assertEquals(Map.of("format", "flint"), SafeTensors.loadMetadata(f));
        SafeTensors.save(t, f);
        assertEquals(Map.of("format", "pt"), SafeTensors.loadMetadata(f));
        // a file without __metadata__ (as safetensors writes when metadata=None)
        Files.write(f, StFiles.bytes("{" + StFiles.entry("w", "F32", "[1]", 0, 4) + "}", StFiles.f32(1)));
        assertEquals(Map.of(), SafeTensors.loadMetadata(f));
    }

    @Test
    void theMetadataKeyIsRefusedAsATensorNameAtSave() {
        Path f = dir.resolve("bad.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", arange(2));
        t.put("__metadata__", arange(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.save(t, f));
        assertTrue(e.getMessage().contains("'__metadata__'") && e.getMessage().contains(f.toString()), e.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void roundTripsEmptyZeroSizeScalarAndMultiChunkTensors() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("big", arange(700_001)); // 2.8 MB: three positional reads of 1 MiB
        t.put("empty", Tensor.zeros(0, 3));
        t.put("scalar", Tensor.scalar(2.5f));
        t.put("view", arange(12).reshape(3, 4).transpose(0, 1)); // not contiguous: saved as its dense values
        t.put("ünï/códe.weight", arange(3));
        Path f = dir.resolve("rt.safetensors");
        SafeTensors.save(t, f);
        Map<String, Tensor> back = SafeTensors.load(f);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(back.keySet()));
        for (String k : t.keySet()) {
            assertArrayEquals(t.get(k).shape(), back.get(k).shape(), k);
            assertArrayEquals(t.get(k).toArray(), back.get(k).toArray(), k);
        }
        SafeTensors.save(Map.of(), f);
        assertEquals(Map.of(), SafeTensors.load(f));
    }

    @Test
    void readsEveryDtypeIncludingWideOnesAcrossChunks() throws IOException {
        int n = 300_000; // F64: 2.4 MB, read in 1 MiB chunks
        ByteBuffer d = ByteBuffer.allocate(8 * n + 8 * 2 + 4 * 2 + 2 * 2 + 2 * 2 + 2 * 2 + 2 + 2 + 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            d.putDouble(i * 0.5);
        }
        d.putLong(-3).putLong(1L << 40);
        d.putInt(-7).putInt(123456);
        d.putShort((short) -300).putShort((short) 300);
        d.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-0.25f));
        d.putShort((short) (Float.floatToIntBits(3.0f) >>> 16)).putShort((short) (Float.floatToIntBits(-2.0f) >>> 16));
        d.put((byte) -5).put((byte) 5);
        d.put((byte) 200).put((byte) 7);
        d.put((byte) 1).put((byte) 0);
        long o = 0;
        StringBuilder h = new StringBuilder("{");
        String[][] spec = {{"f64", "F64", "8", "" + n}, {"i64", "I64", "8", "2"}, {"i32", "I32", "4", "2"}, {"i16", "I16", "2", "2"},
            {"f16", "F16", "2", "2"}, {"bf16", "BF16", "2", "2"}, {"i8", "I8", "1", "2"}, {"u8", "U8", "1", "2"}, {"bool", "BOOL", "1", "2"}};
        for (String[] s : spec) {
            long len = Long.parseLong(s[2]) * Long.parseLong(s[3]);
            h.append(h.length() > 1 ? "," : "").append(StFiles.entry(s[0], s[1], "[" + s[3] + "]", o, o + len));
            o += len;
        }
        Path f = dir.resolve("dtypes.safetensors");
        Files.write(f, StFiles.bytes(h.append('}').toString(), d.array()));
        Map<String, Tensor> m = SafeTensors.load(f);
        float[] f64 = m.get("f64").toArray();
        assertEquals(n, f64.length);
        for (int i = 0; i < n; i += 997) {
            assertEquals(i * 0.5f, f64[i], "f64[" + i + "]");
        }
        assertEquals((n - 1) * 0.5f, f64[n - 1]);
        assertArrayEquals(new float[] {-3, 1L << 40}, m.get("i64").toArray());
        assertArrayEquals(new float[] {-7, 123456}, m.get("i32").toArray());
        assertArrayEquals(new float[] {-300, 300}, m.get("i16").toArray());
        assertArrayEquals(new float[] {1.5f, -0.25f}, m.get("f16").toArray());
        assertArrayEquals(new float[] {3, -2}, m.get("bf16").toArray());
        assertArrayEquals(new float[] {-5, 5}, m.get("i8").toArray());
        assertArrayEquals(new float[] {200, 7}, m.get("u8").toArray());
        assertArrayEquals(new float[] {1, 0}, m.get("bool").toArray());
    }

    @Test
    void theHeaderOrderNeedNotBeTheDataOrder() throws IOException {
        // safetensors (Rust) lists names sorted but lays data out by dtype alignment: offsets need not rise in header order
        String h = "{" + StFiles.entry("a", "F32", "[2]", 8, 16) + "," + StFiles.entry("b", "F32", "[2]", 0, 8) + "}";
        Path f = dir.resolve("order.safetensors");
        Files.write(f, StFiles.bytes(h, StFiles.f32(4)));
        Map<String, Tensor> m = SafeTensors.load(f);
        assertEquals(List.of("a", "b"), List.copyOf(m.keySet()));
        assertArrayEquals(new float[] {2, 3}, m.get("a").toArray());
        assertArrayEquals(new float[] {0, 1}, m.get("b").toArray());
    }

    /**
     * A sparse file of just over 4 GiB (it takes a few KB of disk): four 1 GiB U8 tensors of zeros,
     * then one whose data starts past 2^32 bytes, where an int offset would wrap to the start of
     * the data. Only the small tensors are read.
     */
    @Test
    void tensorsBeyondFourGibibytesAreReadWithLongOffsets() throws IOException {
        long pad = (1L << 30) + 4;
        StringBuilder h = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"},");
        h.append(StFiles.entry("head", "F32", "[2]", 0, 8));
        long o = 8;
        for (int i = 0; i < 4; i++) {
            h.append(',').append(StFiles.entry("pad" + i, "U8", "[" + pad + "]", o, o + pad));
            o += pad;
        }
        long tail = o;
        h.append(',').append(StFiles.entry("tail", "F32", "[3]", tail, tail + 12)).append('}');
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        long dataStart = 8 + header.length;
        Path f = dir.resolve("huge.safetensors");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length));
            ch.write(ByteBuffer.wrap(header));
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 1.5f).putFloat(4, -2.5f));
            ch.position(dataStart + tail); // everything before is a hole
            ch.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, 7f).putFloat(4, 8f).putFloat(8, 9f));
        }
        assertEquals(dataStart + tail + 12, Files.size(f));
        assertTrue(Files.size(f) > 1L << 32);
        try (SafeTensors.Reader r = SafeTensors.open(f)) {
            assertEquals(List.of("head", "pad0", "pad1", "pad2", "pad3", "tail"), r.keys());
            assertArrayEquals(new int[] {(int) pad}, r.shape("pad3"));
            assertEquals("U8", r.dtype("pad0"));
            assertArrayEquals(new float[] {7, 8, 9}, r.getTensor("tail").toArray());
            assertArrayEquals(new float[] {1.5f, -2.5f}, r.getTensor("head").toArray());
            assertEquals(Map.of("format", "pt"), r.metadata());
        }
    }

    @Test
    void aReaderReadsOnlyWhatIsAskedAndSaysWhatItHolds() throws IOException {
        Path f = dir.resolve("r.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", arange(4));
        t.put("b", arange(5));
        SafeTensors.save(t, f);
        SafeTensors.Reader r = SafeTensors.open(f);
        assertArrayEquals(arange(5).toArray(), r.getTensor("b").toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.getTensor("c"));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("[a, b]"), e.getMessage());
        r.close();
        assertThrows(IllegalStateException.class, () -> r.getTensor("a"));
    }
}
