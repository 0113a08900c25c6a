package dev.flint.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the regular files of a tar stream (POSIX ustar, with GNU long names and pax path
 * records), one entry at a time; enough for dataset archives, so no archive library is needed.
 */
final class TarReader {
    /** One regular file: its path in the archive and its size; read its bytes with {@link #read}. */
    record Entry(String name, long size) {
    }

    private final InputStream in;
    private final String archive;
    private long remaining;
    private long padding;

    TarReader(InputStream in, String archive) {
        this.in = in;
        this.archive = archive;
    }

    /** The next regular file, or null at the end of the archive. */
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        byte[] h = new byte[512];
        while (true) {
            if (!fill(h)) {
                return null;
            }
            if (allZero(h)) {
                return null;
            }
            checkSum(h);
            long size = number(h, 124, 12);
            byte type = h[156];
            String name = longName != null ? longName : name(h);
            longName = null;
            long pad = (512 - size % 512) % 512;
            if (type == 'L' || type == 'x') {
                byte[] data = readFully(size);
                skip(pad);
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else {
                    longName = paxPath(data);
                }
                continue;
            }
            if (type == '0' || type == 0) {
                remaining = size;
                padding = pad;
                return new Entry(name, size);
            }
            skip(size + pad); // directories, links, global headers: not needed
        }
    }

    /** Reads up to len bytes of the current entry's data; -1 at its end. */
    int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException(archive + ": the archive ends inside an entry (truncated download?)");
        }
        remaining -= n;
        return n;
    }

    private boolean fill(byte[] h) throws IOException {
        int got = 0;
        while (got < h.length) {
            int n = in.read(h, got, h.length - got);
            if (n < 0) {
                if (got == 0) {
                    return false;
                }
                throw new EOFException(archive + ": the archive ends inside a header (truncated download?)");
            }
            got += n;
        }
        return true;
    }

    private byte[] readFully(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException(archive + ": a " + size + "-byte extended header is not plausible");
        }
        byte[] b = new byte[(int) size];
        int got = 0;
        while (got < b.length) {
            int n = in.read(b, got, b.length - got);
            if (n < 0) {
                throw new EOFException(archive + ": the archive ends inside an extended header");
            }
            got += n;
        }
        return b;
    }

    private void skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException(archive + ": the archive ends inside an entry (truncated download?)");
            }
            n -= r;
        }
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkSum(byte[] h) throws IOException {
        long stored = number(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 255);
        }
        if (sum != stored) {
            throw new IOException(archive + ": a tar header checksum is wrong (" + stored + " stored, " + sum + " computed): not a tar archive, or damaged");
        }
    }

    private long number(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) { // GNU base-256 for large sizes
            long v = h[off] & 0x7F;
            for (int i = 1; i < len; i++) {
                v = (v << 8) | (h[off + i] & 255);
            }
            return v;
        }
        long v = 0;
        boolean any = false;
        for (int i = off; i < off + len; i++) {
            byte b = h[i];
            if (b == 0 || (b == ' ' && any)) {
                break;
            }
            if (b == ' ') {
                continue;
            }
            if (b < '0' || b > '7') {
                throw new IOException(archive + ": a tar header holds a bad number field: not a tar archive, or damaged");
            }
            v = (v << 3) | (b - '0');
            any = true;
        }
        return v;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        boolean ustar = h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r';
        String prefix = ustar ? cString(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** The "path" record of a pax header ("LEN path=VALUE\n" records), or null. */
    private static String paxPath(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        while (i < s.length()) {
            int sp = s.indexOf(' ', i);
            if (sp < 0) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(s.substring(i, sp));
            } catch (NumberFormatException e) {
                break;
            }
            if (len <= 0 || i + len > s.length()) {
                break;
            }
            String rec = s.substring(sp + 1, i + len - 1);
            if (rec.startsWith("path=")) {
                return rec.substring(5);
            }
            i += len;
        }
        return null;
    }
}
