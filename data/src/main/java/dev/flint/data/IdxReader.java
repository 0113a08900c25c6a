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
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), gzipped or raw: a magic number {@code 0x00 0x00 type rank},
 * {@code rank} big-endian u32 sizes, then the values. Only unsigned bytes (type 0x08) are
 * supported, which is what MNIST-family datasets use. Every inconsistency (bad magic, wrong
 * rank, sizes whose product overflows, a file shorter or longer than its header says, a
 * truncated or corrupt gzip stream) is an IOException that says what is wrong and where. Memory
 * is allocated for the data that is actually there, never just for what a header claims.
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

    /**
     * Reads a file; gzip is detected from its first two bytes. For a raw file the declared size is
     * checked against the file's size before anything is allocated.
     */
    public static Idx read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /**
     * Reads a stream (gzip detected from its first two bytes); {@code name} appears in error
     * messages. The values buffer grows as data arrives, so a header that promises more than the
     * stream holds costs no more memory than the data that is there.
     */
    public static Idx read(InputStream raw, String name) throws IOException {
        return read(raw, name, -1);
    }

    /** {@code rawSize}: the size of the underlying raw file, or -1 if unknown. */
    private static Idx read(InputStream raw, String name, long rawSize) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        GzipSource gz = null;
        if (b0 == 0x1f && b1 == 0x8b) {
            gz = new GzipSource(in);
            in = new BufferedInputStream(gz);
            rawSize = -1; // the decompressed size is unknown until it is read
        }
        Header h = null;
        try {
            DataInputStream d = new DataInputStream(in);
            h = header(d, name);
            if (rawSize >= 0 && rawSize - h.bytes() < h.total()) {
                throw new IOException("IDX " + name + ": truncated: the header promises " + h.total() + " values for shape "
                        + Arrays.toString(h.shape()) + " but the file holds " + (rawSize - h.bytes())
                        + " bytes after its " + h.bytes() + "-byte header");
            }
            byte[] data = readValues(d, (int) h.total(), rawSize >= 0);
            if (data.length < h.total()) {
                throw new IOException("IDX " + name + ": truncated: the header promises " + h.total() + " values for shape "
                        + Arrays.toString(h.shape()) + " but the file holds " + data.length);
            }
            if (d.read() != -1) {
                throw new IOException("IDX " + name + ": unexpected data after the " + h.total() + " values of shape "
                        + Arrays.toString(h.shape()));
            }
            return new Idx(h.shape(), data);
        } catch (GzipProblem e) {
            String why = e.getCause().getMessage() == null ? "the compressed data ends early" : e.getCause().getMessage();
            String where = h == null ? ", inside the IDX header"
                    : "; the header promises " + (h.bytes() + h.total()) + " (" + h.bytes() + " of header and " + h.total()
                    + " values of shape " + Arrays.toString(h.shape()) + ")";
            throw new IOException("IDX " + name + ": " + (e.truncated ? "truncated gzip stream" : "corrupt gzip stream")
                    + " (" + why + ") after " + gz.count + " decompressed bytes" + where, e.getCause());
        }
    }

    /** The shape, its element count and the header's length in bytes. */
    private record Header(int[] shape, long total, int bytes) {
    }

    private static Header header(DataInputStream d, String name) throws IOException {
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
        for (int i = 0; i < rank; i++) {
            try {
                shape[i] = d.readInt();
            } catch (EOFException e) {
                throw new IOException("IDX " + name + ": file ends inside the header (size " + i + " of " + rank + ")");
            }
            if (shape[i] < 0) {
                throw new IOException("IDX " + name + ": size " + i + " is negative or over 2^31: " + Integer.toUnsignedString(shape[i]));
            }
        }
        long total = 1;
        for (int s : shape) {
            try {
                total = Math.multiplyExact(total, s);
            } catch (ArithmeticException e) {
                throw new IOException("IDX " + name + ": the sizes " + Arrays.toString(shape)
                        + " multiply out to more than 2^63 values (overflow)");
            }
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IOException("IDX " + name + ": shape " + Arrays.toString(shape) + " holds " + total
                    + " values, more than a Java array holds");
        }
        return new Header(shape, total, 4 + 4 * rank);
    }

    /**
     * Up to {@code total} bytes of {@code d}. With {@code sizeChecked} the file is known to hold
     * them and one array is allocated; otherwise the buffer doubles as data arrives.
     */
    private static byte[] readValues(DataInputStream d, int total, boolean sizeChecked) throws IOException {
        if (sizeChecked) {
            byte[] data = new byte[total];
            int got = d.readNBytes(data, 0, total);
            return got == total ? data : Arrays.copyOf(data, got);
        }
        byte[] buf = new byte[Math.min(total, 1 << 16)];
        int got = 0;
        while (got < total) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
            }
            int n = d.read(buf, got, buf.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got == buf.length ? buf : Arrays.copyOf(buf, got);
    }

    /** A gzip stream failure, told apart from the IDX checks so the message can say what the stream held. */
    private static final class GzipProblem extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean truncated;

        GzipProblem(boolean truncated, IOException cause) {
            super(cause);
            this.truncated = truncated;
        }
    }

    /**
     * Decompresses, counting the bytes delivered, and turns the JDK's bare {@code EOFException}
     * (often without a message) and {@code ZipException} into {@link GzipProblem}.
     */
    private static final class GzipSource extends InputStream {
        private final InputStream compressed;
        private GZIPInputStream in;
        long count;

        GzipSource(InputStream compressed) {
            this.compressed = compressed;
        }

        private GZIPInputStream in() throws IOException {
            if (in == null) {
                try {
                    in = new GZIPInputStream(compressed); // reads the gzip header
                } catch (EOFException e) {
                    throw new GzipProblem(true, e);
                } catch (ZipException e) {
                    throw new GzipProblem(false, e);
                }
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in().read(b, off, len);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (EOFException e) {
                throw new GzipProblem(true, e);
            } catch (ZipException e) {
                throw new GzipProblem(false, e);
            }
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.toString().trim();
    }
}
