package dev.flint.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), gzipped or raw: a magic number {@code 0x00 0x00 type rank},
 * {@code rank} big-endian u32 sizes, then the values. Only unsigned bytes (type 0x08) are
 * supported, which is what MNIST-family datasets use. Every inconsistency (bad magic, wrong
 * rank, a file shorter or longer than its header says) is an IOException that says what is
 * wrong and where.
 */
public final class IdxReader {
    /** The contents of an IDX file of unsigned bytes: its shape and its values in row-major order. */
    public record Idx(int[] shape, byte[] data) {
        /** Value i as an int in [0, 255]. */
        public int unsigned(int i) {
            return data[i] & 0xff;
        }
    }

    private IdxReader() {
    }

    /** Reads a file; gzip is detected from its first two bytes. */
    public static Idx read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    /** Reads a stream (gzip detected from its first two bytes); {@code name} appears in error messages. */
    public static Idx read(InputStream raw, String name) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in));
        }
        DataInputStream d = new DataInputStream(in);
        byte[] magic = new byte[4];
        try {
            d.readFully(magic);
        } catch (EOFException e) {
            throw new IOException("IDX " + name + ": file ends inside the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IOException("IDX " + name + ": bad magic number " + hex(magic) + " (expected 00 00 <type> <rank>)");
        }
        if ((magic[2] & 0xff) != 0x08) {
            throw new IOException("IDX " + name + ": unsupported element type 0x" + Integer.toHexString(magic[2] & 0xff)
                    + " (only unsigned bytes, 0x08, are supported)");
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > 4) {
            throw new IOException("IDX " + name + ": rank " + rank + " is out of range [1, 4]");
        }
        int[] shape = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            try {
                shape[i] = d.readInt();
            } catch (EOFException e) {
                throw new IOException("IDX " + name + ": file ends inside the header (size " + i + " of " + rank + ")");
            }
            if (shape[i] < 0) {
                throw new IOException("IDX " + name + ": size " + i + " is negative or over 2^31: " + Integer.toUnsignedString(shape[i]));
            }
            total *= shape[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IOException("IDX " + name + ": shape " + Arrays.toString(shape) + " holds " + total + " values, too many");
        }
        byte[] data = new byte[(int) total];
        int got = d.readNBytes(data, 0, data.length);
        if (got < data.length) {
            throw new IOException("IDX " + name + ": truncated: the header promises " + total + " values for shape "
                    + Arrays.toString(shape) + " but the file holds " + got);
        }
        if (d.read() != -1) {
            throw new IOException("IDX " + name + ": unexpected data after the " + total + " values of shape " + Arrays.toString(shape));
        }
        return new Idx(shape, data);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.toString().trim();
    }
}
