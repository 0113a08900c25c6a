package dev.flint.nn;

import dev.flint.core.Tensor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes state dicts in the safetensors format, so PyTorch users can exchange weights
 * ({@code safetensors.torch.load_file / save_file / safe_open}). Layout: an 8-byte little-endian
 * header length N, N bytes of UTF-8 JSON ({@code {"name": {"dtype": "F32", "shape": [..],
 * "data_offsets": [begin, end]}, "__metadata__": {"key": "value", ..}}}), then the raw
 * little-endian data. Flint writes F32 and reads F32, F64, F16, BF16, I64, I32, I16, I8, U8 and
 * BOOL, converting to float32 (so a torchvision BatchNorm's int64 {@code num_batches_tracked}
 * loads).
 *
 * <p>Loading checks the file as the reference implementation does and fails with an
 * {@link IOException} naming the file and the tensor: the header must be strict UTF-8 JSON no
 * longer than the file (and at most 100 MiB); each tensor's byte range must match its dtype and
 * shape (whose element count must not overflow); the ranges must tile the data exactly, with no
 * overlap, no hole and no trailing bytes. Tensors are read one at a time with positional reads, so
 * files over 2 GiB load, and {@link #open} reads only the tensors asked for.
 *
 * <p>Writes go through {@link AtomicWrite}: a crash leaves either the old file or the new one.
 */
public final class SafeTensors {
    /** The header key that holds the string-to-string metadata; no tensor may have this name. */
    public static final String METADATA_KEY = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;
    /** Largest element count a Flint tensor (one float[]) can hold. */
    private static final long MAX_NUMEL = Integer.MAX_VALUE - 8;
    /** Bytes per positional read: a multiple of every dtype's width. */
    private static final int CHUNK = 1 << 20;

    private SafeTensors() {
    }

    /**
     * Writes {@code tensors} (in map order) to {@code file} atomically, with the metadata
     * {@code {"format": "pt"}} (what Hugging Face loaders check for).
     *
     * @throws IllegalArgumentException if a name is null, not valid Unicode or {@value #METADATA_KEY},
     *                                  or a tensor is null
     */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, file, Map.of());
    }

    /**
     * Writes {@code tensors} (in map order) to {@code file} atomically, with string metadata in the
     * header's {@value #METADATA_KEY} entry, as {@code safetensors.torch.save_file(tensors, filename,
     * metadata)}. {@code "format": "pt"} is added unless {@code metadata} sets {@code "format"}.
     * Read it back with {@link #loadMetadata} or {@link Reader#metadata()}.
     *
     * @throws IllegalArgumentException if a tensor name is null, not valid Unicode or
     *                                  {@value #METADATA_KEY}, a tensor is null, or a metadata key
     *                                  or value is null or not valid Unicode
     */
    public static void save(Map<String, Tensor> tensors, Path file, Map<String, String> metadata) throws IOException {
        String op = "SafeTensors.save to " + file;
        if (tensors == null || metadata == null) {
            throw new IllegalArgumentException(op + ": " + (tensors == null ? "tensors" : "metadata") + " is null");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException(op + ": metadata entry " + e.getKey() + "=" + e.getValue() + " has a null key or value");
            }
            checkUnicode(op, "metadata key", e.getKey());
            checkUnicode(op, "metadata value of '" + e.getKey() + "'", e.getValue());
            meta.put(e.getKey(), e.getValue());
        }
        StringBuilder header = new StringBuilder("{").append(Json.quote(METADATA_KEY)).append(":{");
        String sep = "";
        for (Map.Entry<String, String> e : meta.entrySet()) {
            header.append(sep).append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
            sep = ",";
        }
        header.append('}');
        long offset = 0;
        List<Tensor> data = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                throw new IllegalArgumentException(op + ": a tensor name is null");
            }
            if (name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException(op + ": the tensor name '" + METADATA_KEY
                        + "' is reserved for the header's metadata (load would reject the file); rename the tensor");
            }
            checkUnicode(op, "tensor name", name);
            Tensor t = e.getValue();
            if (t == null) {
                throw new IllegalArgumentException(op + ": tensor '" + name + "' is null");
            }
            data.add(t);
            long end = offset + 4L * t.numel();
            header.append(',').append(Json.quote(name)).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8); // exact: every string was checked above
        long padded = (h.length + 7L) / 8 * 8; // the data starts 8-byte aligned, padded with spaces
        if (padded > MAX_HEADER) {
            throw new IllegalArgumentException(op + ": the header would take " + padded + " bytes, over the " + MAX_HEADER
                    + "-byte limit that readers enforce");
        }
        AtomicWrite.write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + (int) padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(h);
                while (head.position() < head.capacity()) {
                    head.put((byte) ' ');
                }
                head.flip();
                writeFully(ch, head);
                ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : data) {
                    float[] v = t.detach().denseData();
                    for (int i = 0; i < v.length; ) {
                        int n = Math.min(v.length - i, buf.remaining() / 4);
                        buf.asFloatBuffer().put(v, i, n);
                        buf.position(buf.position() + 4 * n);
                        i += n;
                        if (buf.remaining() < 4) {
                            buf.flip();
                            writeFully(ch, buf);
                            buf.clear();
                        }
                    }
                }
                buf.flip();
                writeFully(ch, buf);
            }
        });
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Reads every tensor of a safetensors file, in header order, as float32. */
    public static Map<String, Tensor> load(Path file) throws IOException {
        try (Reader r = open(file)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : r.keys()) {
                out.put(name, r.getTensor(name));
            }
            return out;
        }
    }

    /**
     * The string metadata of a safetensors file (its header's {@value #METADATA_KEY} entry; empty if
     * there is none), as {@code safe_open(path).metadata()}. Reads and checks only the header.
     */
    public static Map<String, String> loadMetadata(Path file) throws IOException {
        try (Reader r = open(file)) {
            return r.metadata();
        }
    }

    /**
     * Opens a safetensors file, reading and checking its header (see the class comment), as
     * {@code safetensors.safe_open}; tensors are then read on demand with {@link Reader#getTensor}.
     * Close the reader when done.
     */
    public static Reader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("safetensors file " + file + " is a directory");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Reader(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** One tensor's header entry, checked against its dtype and shape. */
    private record Entry(String name, String dtype, int width, int[] shape, long numel, long begin, long end) {
        String describe() {
            return "tensor '" + name + "' (" + dtype + " " + Arrays.toString(shape) + ", data_offsets [" + begin + ", " + end + "])";
        }
    }

    /**
     * An open safetensors file whose header has been checked: its tensor names, metadata, dtypes and
     * shapes, and each tensor read on demand (positional reads, so several threads may read at
     * once). A file that changes while open can still fail a read with an {@link IOException}.
     */
    public static final class Reader implements Closeable {
        private final Path file;
        private final String where;
        private final FileChannel ch;
        private final long dataStart;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Reader(Path file, FileChannel ch) throws IOException {
            this.file = file;
            this.where = "safetensors file " + file;
            this.ch = ch;
            long size = ch.size();
            if (size < 8) {
                throw new IOException(where + " is " + size + " bytes long: too short for the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(len, 0, "the header length");
            long n = len.flip().getLong();
            if (n < 2 || n > MAX_HEADER) {
                throw new IOException(where + ": header length " + n + " is outside [2, " + MAX_HEADER + "] bytes");
            }
            if (n > size - 8) {
                throw new IOException(where + ": header length " + n + " does not fit the file of " + size + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(hb, 8, "the header");
            Object parsed;
            try {
                parsed = Json.parse(utf8(hb.flip()));
            } catch (IllegalArgumentException e) {
                throw new IOException(where + ": bad header: " + e.getMessage(), e);
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw new IOException(where + ": the header is not a JSON object");
            }
            dataStart = 8 + n;
            List<Entry> list = new ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals(METADATA_KEY)) {
                    readMetadata(e.getValue());
                    continue;
                }
                Entry entry = entry(name, e.getValue());
                entries.put(name, entry);
                list.add(entry);
            }
            checkLayout(list, size - dataStart, size);
        }

        /** Strict UTF-8: a malformed byte is an error, not a replacement character. */
        private String utf8(ByteBuffer bytes) throws IOException {
            CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            CharBuffer out = CharBuffer.allocate(bytes.remaining());
            CoderResult r = d.decode(bytes, out, true);
            if (!r.isError()) {
                r = d.flush(out);
            }
            if (r.isError()) {
                int at = bytes.position();
                String before = out.flip().toString();
                before = before.substring(Math.max(0, before.length() - 40));
                throw new IOException(where + ": the header is not valid UTF-8: malformed byte 0x"
                        + Integer.toHexString(bytes.get(at) & 0xff) + " at header byte " + at + ", after \"" + before
                        + "\" (a tensor name or metadata string with bytes that are not UTF-8)");
            }
            return out.flip().toString();
        }

        private void readMetadata(Object v) throws IOException {
            if (!(v instanceof Map<?, ?> m)) {
                throw new IOException(where + ": " + METADATA_KEY + " is not a JSON object of strings");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                if (!(e.getValue() instanceof String s)) {
                    throw new IOException(where + ": " + METADATA_KEY + " entry '" + key + "' is " + e.getValue()
                            + ", not a string (safetensors metadata maps strings to strings)");
                }
                checkUnicodeOnLoad("metadata key", key);
                checkUnicodeOnLoad("metadata value of '" + key + "'", s);
                metadata.put(key, s);
            }
        }

        private Entry entry(String name, Object value) throws IOException {
            checkUnicodeOnLoad("tensor name", name);
            if (!(value instanceof Map<?, ?> info)) {
                throw new IOException(where + ": entry '" + name + "' is not an object");
            }
            String dtype = String.valueOf(info.get("dtype"));
            int width = width(dtype);
            if (width < 0) {
                throw new IOException(where + ": tensor '" + name + "' has unsupported dtype " + dtype);
            }
            long[] dims = longs(name, "shape", info.get("shape"));
            long numel = 1;
            for (long s : dims) {
                try {
                    numel = Math.multiplyExact(numel, s);
                } catch (ArithmeticException overflow) {
                    throw new IOException(where + ": tensor '" + name + "' has shape " + Arrays.toString(dims)
                            + " whose element count overflows a 64-bit integer");
                }
            }
            int[] shape = new int[dims.length];
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] > Integer.MAX_VALUE) {
                    throw new IOException(where + ": tensor '" + name + "' has shape " + Arrays.toString(dims) + ": dimension "
                            + i + " exceeds 2^31 - 1, the most a Flint tensor dimension holds");
                }
                shape[i] = (int) dims[i];
            }
            if (numel > MAX_NUMEL) {
                throw new IOException(where + ": tensor '" + name + "' has shape " + Arrays.toString(dims) + " holding " + numel
                        + " elements, more than a Flint tensor holds (" + MAX_NUMEL + ")");
            }
            long[] offsets = longs(name, "data_offsets", info.get("data_offsets"));
            if (offsets.length != 2 || offsets[1] < offsets[0]) {
                throw new IOException(where + ": tensor '" + name + "' has data_offsets " + Arrays.toString(offsets)
                        + ", not a [begin, end] pair with begin <= end");
            }
            Entry entry = new Entry(name, dtype, width, shape, numel, offsets[0], offsets[1]);
            long bytes = numel * width; // <= 8 * MAX_NUMEL: no overflow
            if (offsets[1] - offsets[0] != bytes) {
                throw new IOException(where + ": " + entry.describe() + " spans " + (offsets[1] - offsets[0]) + " bytes, but "
                        + numel + " elements of " + dtype + " take " + bytes + " bytes");
            }
            return entry;
        }

        /** The tensors' byte ranges must tile the data section exactly, as the reference implementation requires. */
        private void checkLayout(List<Entry> list, long dataLen, long size) throws IOException {
            List<Entry> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expected = 0;
            Entry prev = null;
            for (Entry e : sorted) {
                if (e.begin() < expected) {
                    throw new IOException(where + ": " + e.describe() + " overlaps " + prev.describe());
                }
                if (e.begin() > expected) {
                    throw new IOException(where + ": a hole of " + (e.begin() - expected) + " unused data bytes ["
                            + expected + ", " + e.begin() + ") lies before " + e.describe()
                            + (prev == null ? " (the first tensor must start at 0)" : ", after " + prev.describe()));
                }
                expected = e.end();
                prev = e;
            }
            if (expected > dataLen) {
                throw new IOException(where + " is truncated: " + prev.describe() + " ends beyond the " + dataLen
                        + " bytes of data the file holds after its header (file size " + size + ")");
            }
            if (expected < dataLen) {
                throw new IOException(where + ": " + (dataLen - expected) + " trailing bytes after "
                        + (prev == null ? "the header (the file has no tensors)" : "the last tensor, " + prev.describe()));
            }
        }

        private long[] longs(String name, String field, Object v) throws IOException {
            if (!(v instanceof List<?> list)) {
                throw new IOException(where + ": tensor '" + name + "' lacks an integer list '" + field + "'");
            }
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(list.get(i) instanceof Long l) || l < 0) {
                    throw new IOException(where + ": tensor '" + name + "' has a bad " + field + " entry " + list.get(i)
                            + " (expected a non-negative integer)");
                }
                out[i] = l;
            }
            return out;
        }

        private void checkUnicodeOnLoad(String what, String s) throws IOException {
            int bad = unpairedSurrogate(s);
            if (bad >= 0) {
                throw new IOException(where + ": " + what + " " + printable(s) + " is not valid Unicode (unpaired surrogate \\u"
                        + Integer.toHexString(s.charAt(bad)) + " at index " + bad + ")");
            }
        }

        private void readFully(ByteBuffer b, long at, String what) throws IOException {
            long pos = at;
            while (b.hasRemaining()) {
                int n;
                try {
                    n = ch.read(b, pos);
                } catch (ClosedByInterruptException e) {
                    throw new IOException(where + ": interrupted while reading " + what + " (the reader is now closed)", e);
                } catch (ClosedChannelException e) {
                    throw new IllegalStateException("SafeTensors reader of " + file + " is closed", e);
                } catch (IOException e) {
                    throw new IOException(where + ": reading " + what + " at byte " + pos + " failed: " + e.getMessage(), e);
                }
                if (n < 0) {
                    throw new IOException(where + " ended at byte " + pos + " while reading " + what
                            + " (was it truncated while open?)");
                }
                pos += n;
            }
        }

        /** The file this reader reads. */
        public Path path() {
            return file;
        }

        /** The tensor names, in header order. */
        public List<String> keys() {
            return List.copyOf(entries.keySet());
        }

        /** The header's string metadata (empty if it has none). */
        public Map<String, String> metadata() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** The dtype of tensor {@code name} as written in the file, e.g. {@code "F32"} or {@code "I64"}. */
        public String dtype(String name) {
            return entry(name).dtype();
        }

        /** The shape of tensor {@code name}. */
        public int[] shape(String name) {
            return entry(name).shape().clone();
        }

        private Entry entry(String name) {
            Entry e = entries.get(name);
            if (e == null) {
                throw new IllegalArgumentException(where + " has no tensor '" + name + "'; it holds " + entries.keySet());
            }
            return e;
        }

        /**
         * Reads tensor {@code name} as float32 (converting from its dtype), as
         * {@code safe_open(..).get_tensor(name)}.
         *
         * @throws IllegalArgumentException if the file has no such tensor
         * @throws IllegalStateException    if the reader is closed
         */
        public Tensor getTensor(String name) throws IOException {
            Entry e = entry(name);
            if (!ch.isOpen()) {
                throw new IllegalStateException("SafeTensors reader of " + file + " is closed");
            }
            float[] v = new float[(int) e.numel()];
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
            long pos = dataStart + e.begin(); // long arithmetic all the way: data beyond 2 GiB
            int at = 0;
            while (at < v.length) {
                buf.clear().limit((int) Math.min(buf.capacity(), (long) (v.length - at) * e.width()));
                readFully(buf, pos, e.describe());
                pos += buf.limit();
                buf.flip();
                at = decode(e.dtype(), buf, v, at);
            }
            return Tensor.wrap(v, e.shape());
        }

        /** Closes the file. */
        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    /** Decodes all of {@code b} into {@code v} from index {@code at}; returns the next index. */
    private static int decode(String dtype, ByteBuffer b, float[] v, int at) {
        if (dtype.equals("F32")) {
            int n = b.remaining() / 4;
            b.asFloatBuffer().get(v, at, n);
            return at + n;
        }
        while (b.hasRemaining()) {
            v[at++] = switch (dtype) {
                case "F64" -> (float) b.getDouble();
                case "I64" -> (float) b.getLong();
                case "I32" -> (float) b.getInt();
                case "I16" -> b.getShort();
                case "F16" -> Float.float16ToFloat(b.getShort());
                case "BF16" -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                case "I8" -> b.get();
                case "U8", "BOOL" -> b.get() & 0xff;
                default -> throw new IllegalStateException(dtype);
            };
        }
        return at;
    }

    /** Index of the first unpaired surrogate in {@code s} (which UTF-8 cannot encode), or -1. */
    private static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} quoted for a message, surrogates and control characters escaped so they stay visible. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static void checkUnicode(String op, String what, String s) {
        int bad = unpairedSurrogate(s);
        if (bad >= 0) {
            throw new IllegalArgumentException(op + ": " + what + " " + printable(s) + " is not valid Unicode (unpaired surrogate \\u"
                    + Integer.toHexString(s.charAt(bad)) + " at index " + bad + "), so UTF-8 cannot store it");
        }
    }
}
