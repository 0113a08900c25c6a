package dev.flint.nn;

import static dev.flint.core.testing.BadInput.bad;
import static dev.flint.nn.StFiles.entry;

import dev.flint.core.Tensor;
import dev.flint.core.testing.BadInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nn's catalogue of bad file inputs: malformed safetensors files (each an IOException naming the
 * file and the tensor), tensor dicts that cannot be saved, and misuses of AtomicWrite. Every file
 * is made by its row, in a temporary directory.
 */
class FileBadInputsTest {
    @TempDir
    static Path dir;

    /** Writes {@code bytes} to {@code name} in the temp directory. */
    private static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A file with this header (UTF-8) and data. */
    private static Path st(String name, String header, byte[] data) throws IOException {
        return file(name, StFiles.bytes(header, data));
    }

    /** A file whose first 8 bytes declare {@code headerLength}, followed by {@code rest}. */
    private static Path declared(String name, long headerLength, byte[] rest) throws IOException {
        return file(name, ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put(rest).array());
    }

    /** A header whose raw bytes are {@code prefix}, then {@code nameBytes} as the tensor name, then a valid entry. */
    private static Path rawName(String name, byte[] nameBytes) throws IOException {
        byte[] pre = "{\"".getBytes(StandardCharsets.UTF_8);
        byte[] post = "\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = ByteBuffer.allocate(pre.length + nameBytes.length + post.length).put(pre).put(nameBytes).put(post);
        return file(name, StFiles.bytes(h.array(), StFiles.f32(1)));
    }

    private static void load(Path f) throws IOException {
        SafeTensors.load(f);
    }

    private static Map<String, Tensor> one(String name) {
        Map<String, Tensor> m = new HashMap<>(); // allows a null name
        m.put(name, Tensor.zeros(2));
        return m;
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<BadInput> cases() {
        String w1 = entry("w", "F32", "[1]", 0, 4);
        return Stream.of(
                // --- the 8-byte header length ---
                bad("file of 3 bytes", IOException.class, "short.safetensors is 3 bytes long: too short for the 8-byte header length",
                        () -> load(file("short.safetensors", new byte[] {1, 2, 3}))),
                bad("empty file", IOException.class, "empty.safetensors is 0 bytes long",
                        () -> load(file("empty.safetensors", new byte[0]))),
                bad("header length larger than the file", IOException.class,
                        "hlen.safetensors: header length 1000 does not fit the file of 16 bytes",
                        () -> load(declared("hlen.safetensors", 1000, new byte[8]))),
                bad("header length negative", IOException.class, "header length -1 is outside [2, 104857600] bytes",
                        () -> load(declared("neg.safetensors", -1, "{}".getBytes(StandardCharsets.UTF_8)))),
                bad("header length over 100 MiB", IOException.class, "header length 209715200 is outside",
                        () -> load(declared("huge.safetensors", 200L << 20, "{}".getBytes(StandardCharsets.UTF_8)))),
                bad("header length 0", IOException.class, "zero.safetensors: header length 0 is outside",
                        () -> load(declared("zero.safetensors", 0, new byte[4]))),
                // --- the JSON header ---
                bad("header is not JSON", IOException.class, "nojson.safetensors: bad header: JSON: expected a string key",
                        () -> load(st("nojson.safetensors", "{oops}", new byte[0]))),
                bad("header is a JSON array", IOException.class, "array.safetensors: the header is not a JSON object",
                        () -> load(st("array.safetensors", "[1, 2]", new byte[0]))),
                bad("header has characters after the object", IOException.class, "bad header: JSON: trailing characters",
                        () -> load(st("trailing-json.safetensors", "{}xx", new byte[0]))),
                bad("header nests deeper than 64", IOException.class, "nesting deeper than 64",
                        () -> load(st("deep.safetensors", "{\"w\":" + deep(70) + "}", new byte[0]))),
                bad("a tensor name twice", IOException.class, "dup.safetensors: bad header: JSON: duplicate key 'w'",
                        () -> load(st("dup.safetensors", "{" + w1 + "," + w1 + "}", StFiles.f32(1)))),
                bad("a \\u escape that is not hex", IOException.class, "uzzz.safetensors: bad header",
                        () -> load(st("uzzz.safetensors", "{\"\\uzzzz\":1}", new byte[0]))),
                bad("an entry that is not an object", IOException.class, "entry 'w' is not an object",
                        () -> load(st("entry.safetensors", "{\"w\":3}", new byte[0]))),
                // --- names and metadata: strict UTF-8, valid Unicode, strings ---
                bad("name with a byte that is not UTF-8", IOException.class,
                        "ff.safetensors: the header is not valid UTF-8: malformed byte 0xff at header byte 3",
                        () -> load(rawName("ff.safetensors", new byte[] {'w', (byte) 0xff}))),
                bad("name in overlong UTF-8", IOException.class, "the header is not valid UTF-8: malformed byte 0xc0",
                        () -> load(rawName("overlong.safetensors", new byte[] {(byte) 0xc0, (byte) 0xaf}))),
                bad("name with a cut UTF-8 sequence", IOException.class, "not valid UTF-8: malformed byte 0xe2",
                        () -> load(rawName("cut-utf8.safetensors", new byte[] {'a', (byte) 0xe2, (byte) 0x82}))),
                bad("name escaping an unpaired surrogate", IOException.class,
                        "surrogate.safetensors: tensor name \"w\\ud800\" is not valid Unicode",
                        () -> load(st("surrogate.safetensors", "{\"w\\ud800\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                                StFiles.f32(1)))),
                bad("__metadata__ not an object", IOException.class, "meta-array.safetensors: __metadata__ is not a JSON object of strings",
                        () -> load(st("meta-array.safetensors", "{\"__metadata__\":[1]," + w1 + "}", StFiles.f32(1)))),
                bad("__metadata__ value not a string", IOException.class, "__metadata__ entry 'epoch' is 3, not a string",
                        () -> SafeTensors.loadMetadata(st("meta-num.safetensors", "{\"__metadata__\":{\"epoch\":3}}", new byte[0]))),
                // --- one tensor's entry ---
                bad("unknown dtype", IOException.class, "dtype.safetensors: tensor 'w' has unsupported dtype F8_E4M3",
                        () -> load(st("dtype.safetensors", "{" + entry("w", "F8_E4M3", "[2]", 0, 2) + "}", new byte[2]))),
                bad("missing dtype", IOException.class, "tensor 'w' has unsupported dtype null",
                        () -> load(st("nodtype.safetensors", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", StFiles.f32(1)))),
                bad("missing shape", IOException.class, "tensor 'w' lacks an integer list 'shape'",
                        () -> load(st("noshape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", StFiles.f32(1)))),
                bad("missing data_offsets", IOException.class, "tensor 'w' lacks an integer list 'data_offsets'",
                        () -> load(st("nooffsets.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", StFiles.f32(1)))),
                bad("negative dimension", IOException.class, "tensor 'w' has a bad shape entry -1",
                        () -> load(st("negdim.safetensors", "{" + entry("w", "F32", "[-1]", 0, 4) + "}", StFiles.f32(1)))),
                bad("fractional dimension", IOException.class, "tensor 'w' has a bad shape entry 2.5",
                        () -> load(st("fracdim.safetensors", "{" + entry("w", "F32", "[2.5]", 0, 4) + "}", StFiles.f32(1)))),
                bad("element count overflows 64 bits", IOException.class,
                        "overflow.safetensors: tensor 'w' has shape [4294967296, 4294967296] whose element count overflows",
                        () -> load(st("overflow.safetensors", "{" + entry("w", "F32", "[4294967296,4294967296]", 0, 4) + "}", StFiles.f32(1)))),
                bad("a dimension over 2^31 - 1", IOException.class, "tensor 'w' has shape [0, 4294967296]: dimension 1 exceeds 2^31 - 1",
                        () -> load(st("bigdim.safetensors", "{" + entry("w", "F32", "[0,4294967296]", 0, 0) + "}", new byte[0]))),
                bad("more elements than a tensor holds", IOException.class, "holding 4294967296 elements, more than a Flint tensor holds",
                        () -> load(st("numel.safetensors", "{" + entry("w", "U8", "[65536,65536]", 0, 1L << 32) + "}", new byte[0]))),
                bad("data_offsets with three numbers", IOException.class, "tensor 'w' has data_offsets [0, 4, 8], not a [begin, end] pair",
                        () -> load(st("three.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", StFiles.f32(1)))),
                bad("data_offsets reversed", IOException.class, "tensor 'w' has data_offsets [8, 4], not a [begin, end] pair",
                        () -> load(st("reversed.safetensors", "{" + entry("w", "F32", "[1]", 8, 4) + "}", StFiles.f32(3)))),
                bad("F32 byte size vs offsets", IOException.class,
                        "tensor 'w' (F32 [2, 2], data_offsets [0, 8]) spans 8 bytes, but 4 elements of F32 take 16 bytes",
                        () -> load(st("f32size.safetensors", "{" + entry("w", "F32", "[2,2]", 0, 8) + "}", StFiles.f32(2)))),
                bad("I64 byte size vs offsets", IOException.class, "2 elements of I64 take 16 bytes",
                        () -> load(st("i64size.safetensors", "{" + entry("n", "I64", "[2]", 0, 8) + "}", new byte[8]))),
                // --- how the tensors tile the data ---
                bad("overlapping tensors", IOException.class,
                        "overlap.safetensors: tensor 'b' (F32 [2], data_offsets [4, 12]) overlaps tensor 'a' (F32 [2], data_offsets [0, 8])",
                        () -> load(st("overlap.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}",
                                StFiles.f32(3)))),
                bad("a hole between tensors", IOException.class,
                        "hole.safetensors: a hole of 4 unused data bytes [8, 12) lies before tensor 'b'",
                        () -> load(st("hole.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 12, 20) + "}",
                                StFiles.f32(5)))),
                bad("the first tensor not at 0", IOException.class, "(the first tensor must start at 0)",
                        () -> load(st("start.safetensors", "{" + entry("a", "F32", "[2]", 4, 12) + "}", StFiles.f32(3)))),
                bad("trailing bytes after the last tensor", IOException.class,
                        "trailing.safetensors: 4 trailing bytes after the last tensor, tensor 'a'",
                        () -> load(st("trailing.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + "}", StFiles.f32(3)))),
                bad("trailing bytes and no tensors", IOException.class, "4 trailing bytes after the header (the file has no tensors)",
                        () -> load(st("notensors.safetensors", "{}", StFiles.f32(1)))),
                bad("truncated data", IOException.class,
                        "cut.safetensors is truncated: tensor 'a' (F32 [4], data_offsets [0, 16]) ends beyond the 8 bytes of data",
                        () -> load(st("cut.safetensors", "{" + entry("a", "F32", "[4]", 0, 16) + "}", StFiles.f32(2)))),
                // --- the file itself and the reader ---
                bad("missing file", NoSuchFileException.class, "missing.safetensors",
                        () -> load(dir.resolve("missing.safetensors"))),
                bad("a directory", IOException.class, "adir.safetensors is a directory",
                        () -> load(Files.createDirectories(dir.resolve("adir.safetensors")))),
                bad("reader asked for a tensor it lacks", IllegalArgumentException.class, "has no tensor 'nope'; it holds [w]",
                        () -> {
                            try (SafeTensors.Reader r = SafeTensors.open(st("lacks.safetensors", "{" + w1 + "}", StFiles.f32(1)))) {
                                r.getTensor("nope");
                            }
                        }),
                bad("reader used after close", IllegalStateException.class, "closed.safetensors is closed", () -> {
                    SafeTensors.Reader r = SafeTensors.open(st("closed.safetensors", "{" + w1 + "}", StFiles.f32(1)));
                    r.close();
                    r.getTensor("w");
                }),
                // --- SafeTensors.save ---
                bad("save a tensor named __metadata__", IllegalArgumentException.class,
                        "the tensor name '__metadata__' is reserved for the header's metadata",
                        () -> SafeTensors.save(one("__metadata__"), dir.resolve("meta-name.safetensors"))),
                bad("save a null name", IllegalArgumentException.class, "nullname.safetensors: a tensor name is null",
                        () -> SafeTensors.save(one(null), dir.resolve("nullname.safetensors"))),
                bad("save a null tensor", IllegalArgumentException.class, "nulltensor.safetensors: tensor 'w' is null", () -> {
                    Map<String, Tensor> m = new LinkedHashMap<>();
                    m.put("w", null);
                    SafeTensors.save(m, dir.resolve("nulltensor.safetensors"));
                }),
                bad("save a name with an unpaired surrogate", IllegalArgumentException.class,
                        "tensor name \"w\\udc00\" is not valid Unicode (unpaired surrogate \\udc00 at index 1)",
                        () -> SafeTensors.save(one("w\udc00"), dir.resolve("savesurrogate.safetensors"))),
                bad("save null tensors", IllegalArgumentException.class, "tensors is null",
                        () -> SafeTensors.save(null, dir.resolve("nullmap.safetensors"))),
                bad("save null metadata", IllegalArgumentException.class, "metadata is null",
                        () -> SafeTensors.save(one("w"), dir.resolve("nullmeta.safetensors"), null)),
                bad("save metadata with a null value", IllegalArgumentException.class, "metadata entry k=null has a null key or value", () -> {
                    Map<String, String> meta = new HashMap<>();
                    meta.put("k", null);
                    SafeTensors.save(one("w"), dir.resolve("metanull.safetensors"), meta);
                }),
                bad("save metadata with an unpaired surrogate", IllegalArgumentException.class, "metadata value of 'k'",
                        () -> SafeTensors.save(one("w"), dir.resolve("metasurrogate.safetensors"), Map.of("k", "\ud800"))),
                bad("save over a directory", IOException.class, "savedir.safetensors is a directory, not a file",
                        () -> SafeTensors.save(one("w"), Files.createDirectories(dir.resolve("savedir.safetensors")))),
                // --- AtomicWrite ---
                bad("AtomicWrite to a null path", NullPointerException.class, "AtomicWrite.write: file is null",
                        () -> AtomicWrite.write(null, tmp -> { })),
                bad("AtomicWrite with a null writer", NullPointerException.class, "AtomicWrite.write: writer is null",
                        () -> AtomicWrite.write(dir.resolve("w.txt"), null)),
                bad("AtomicWrite to the root", IllegalArgumentException.class, "names no file",
                        () -> AtomicWrite.write(dir.getRoot(), tmp -> { })),
                bad("AtomicWrite over a directory", IOException.class, "awdir is a directory, not a file",
                        () -> AtomicWrite.write(Files.createDirectories(dir.resolve("awdir")), tmp -> { })),
                bad("AtomicWrite through a symbolic link loop", IOException.class, "more than 40 levels of symbolic links", () -> {
                    Path a = dir.resolve("loop-a");
                    Files.createSymbolicLink(a, dir.resolve("loop-b"));
                    Files.createSymbolicLink(dir.resolve("loop-b"), a);
                    AtomicWrite.write(a, tmp -> { });
                }),
                bad("AtomicWrite whose writer deletes the temp", IOException.class, "the writer for", () -> {
                    AtomicWrite.write(dir.resolve("deleted.txt"), Files::delete);
                }),
                bad("AtomicWrite whose writer leaves a directory", IOException.class, "left no regular file", () -> {
                    AtomicWrite.write(dir.resolve("dirtemp.txt"), tmp -> {
                        Files.delete(tmp);
                        Files.createDirectory(tmp);
                    });
                }),
                bad("AtomicWrite below a regular file", FileAlreadyExistsException.class, "plain.txt", () -> {
                    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
                    AtomicWrite.write(plain.resolve("child.txt"), tmp -> { });
                }),
                bad("AtomicWrite whose writer fails", IOException.class, "disk full",
                        () -> AtomicWrite.write(dir.resolve("fails.txt"), tmp -> {
                            throw new IOException("disk full");
                        })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsClearly(BadInput c) {
        c.check();
    }
}
