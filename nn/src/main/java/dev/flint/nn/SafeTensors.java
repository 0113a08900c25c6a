package dev.flint.nn;

import dev.flint.core.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes state dicts in the safetensors format, so PyTorch users can exchange weights
 * ({@code safetensors.torch.load_file / save_file}). Layout: an 8-byte little-endian header
 * length N, N bytes of JSON ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets":
 * [begin, end]}, "__metadata__": {..}}}), then the raw little-endian data. Flint writes F32 and
 * reads F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL, converting to float32 (so a
 * torchvision BatchNorm's int64 {@code num_batches_tracked} loads).
 *
 * <p>Writes go to a temporary file in the same directory, then move over the target, so a crash
 * never leaves a half-written file.
 */
public final class SafeTensors {
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** Writes {@code tensors} (in map order) to {@code file} atomically. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\",\"producer\":\"flint\"}");
        long offset = 0;
        List<float[]> data = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            float[] v = t.detach().denseData();
            data.add(v);
            long end = offset + 4L * v.length;
            header.append(',').append(Json.quote(e.getKey())).append(":{\"dtype\":\"F32\",\"shape\":[");
            int[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8; // the data starts 8-byte aligned, padded with spaces
        AtomicWrite.write(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(h);
                while (head.position() < head.capacity()) {
                    head.put((byte) ' ');
                }
                head.flip();
                writeFully(ch, head);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (float[] v : data) {
                    for (float f : v) {
                        if (buf.remaining() < 4) {
                            buf.flip();
                            writeFully(ch, buf);
                            buf.clear();
                        }
                        buf.putFloat(f);
                    }
                }
                buf.flip();
                writeFully(ch, buf);
                ch.force(true);
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
        byte[] bytes = Files.readAllBytes(file);
        String where = "safetensors file " + file;
        if (bytes.length < 8) {
            throw new IOException(where + " is " + bytes.length + " bytes long: too short for the 8-byte header length");
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong();
        if (n < 2 || n > MAX_HEADER || 8 + n > bytes.length) {
            throw new IOException(where + ": header length " + n + " does not fit the file of " + bytes.length + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": bad header: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> header)) {
            throw new IOException(where + ": the header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataLen = bytes.length - dataStart;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            if (!(e.getValue() instanceof Map<?, ?> info)) {
                throw new IOException(where + ": entry '" + name + "' is not an object");
            }
            String dtype = String.valueOf(info.get("dtype"));
            int width = width(dtype);
            if (width < 0) {
                throw new IOException(where + ": tensor '" + name + "' has unsupported dtype " + dtype);
            }
            int[] shape = ints(where, name, "shape", info.get("shape"));
            int[] offsets = ints(where, name, "data_offsets", info.get("data_offsets"));
            long numel = 1;
            for (int s : shape) {
                numel *= s;
            }
            if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLen
                    || offsets[1] - offsets[0] != numel * width) {
                throw new IOException(where + ": tensor '" + name + "' (" + dtype + " " + java.util.Arrays.toString(shape)
                        + ") has data_offsets " + java.util.Arrays.toString(offsets) + " that do not match its size "
                        + (numel * width) + " bytes within " + dataLen + " bytes of data");
            }
            out.put(name, Tensor.wrap(decode(dtype, bytes, (int) (dataStart + offsets[0]), (int) numel), shape));
        }
        return out;
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

    private static float[] decode(String dtype, byte[] bytes, int at, int n) {
        ByteBuffer b = ByteBuffer.wrap(bytes, at, bytes.length - at).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (dtype) {
                case "F32" -> b.getFloat();
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
        return v;
    }

    private static int[] ints(String where, String name, String field, Object v) throws IOException {
        if (!(v instanceof List<?> list)) {
            throw new IOException(where + ": tensor '" + name + "' lacks an integer list '" + field + "'");
        }
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new IOException(where + ": tensor '" + name + "' has a bad " + field + " entry " + list.get(i));
            }
            out[i] = (int) (long) l;
        }
        return out;
    }
}
