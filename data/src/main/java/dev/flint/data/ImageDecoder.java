package dev.flint.data;

import dev.flint.core.Tensor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes PNG, JPEG, BMP and GIF files (javax.imageio) to (C, H, W) tensors in [0, 1] with a
 * stated channel count: 1 (luma, as PIL's {@code convert("L")}: {@code (19595 R + 38470 G +
 * 7471 B + 2^15) >> 16}), 3 (RGB; grey replicated; alpha dropped, as {@code convert("RGB")}) or
 * 4 (RGBA; opaque where the file has no alpha). 16-bit samples keep their precision (v / 65535).
 * Grey samples are read as stored (no colour-space gamma). A file that cannot be decoded, or
 * whose decoder reports a problem such as a truncated stream, fails with an IOException naming
 * the file; no partial or blank image is returned.
 */
public final class ImageDecoder {
    /** Each thread's readers by format, reused: a JPEG reader allocates native decoder state when made. */
    private static final ThreadLocal<Map<ImageReaderSpi, ImageReader>> READERS = ThreadLocal.withInitial(HashMap::new);

    private ImageDecoder() {
    }

    /** The image in {@code file} as a (channels, H, W) tensor in [0, 1]. */
    public static Tensor decode(Path file, int channels) throws IOException {
        checkChannels(channels);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("ImageDecoder: cannot read " + file + ": " + e.getMessage(), e);
        }
        BufferedImage img = read(file, bytes);
        return toTensor(img, channels, file.toString());
    }

    /** The width and height of the image in {@code file}, read from its header only. */
    public static int[] size(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = reader(file, in);
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException("ImageDecoder: cannot read the header of " + file + ": " + e.getMessage(), e);
        }
    }

    private static ImageReader reader(Path file, ImageInputStream in) throws IOException {
        if (in == null) {
            throw new IOException("ImageDecoder: cannot open " + file);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("ImageDecoder: " + file + " is not an image in a format javax.imageio reads (PNG, JPEG, BMP, GIF)");
        }
        return readers.next();
    }

    private static BufferedImage read(Path file, byte[] bytes) throws IOException {
        List<String> warnings = new ArrayList<>();
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReaderSpi spi = provider(file, in);
            Map<ImageReaderSpi, ImageReader> mine = READERS.get();
            ImageReader reader = mine.remove(spi); // taken out while in use, so a failed one is never reused
            if (reader == null) {
                reader = spi.createReaderInstance();
            }
            try {
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                img = reader.read(0);
            } catch (IOException | RuntimeException e) {
                reader.dispose();
                // Decoders also throw unchecked exceptions on some malformed inputs.
                throw new IOException("ImageDecoder: cannot decode " + file + ": " + e, e);
            }
            reader.reset();
            mine.put(spi, reader);
        }
        if (!warnings.isEmpty()) {
            throw new IOException("ImageDecoder: " + file + " is damaged (" + String.join("; ", warnings) + ")");
        }
        return img;
    }

    /** The first registered reader provider that accepts the stream, as {@link ImageIO#getImageReaders}. */
    private static ImageReaderSpi provider(Path file, ImageInputStream in) throws IOException {
        Iterator<ImageReaderSpi> spis = IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (spis.hasNext()) {
            ImageReaderSpi spi = spis.next();
            in.mark();
            boolean ok;
            try {
                ok = spi.canDecodeInput(in);
            } finally {
                in.reset();
            }
            if (ok) {
                return spi;
            }
        }
        throw new IOException("ImageDecoder: " + file + " is not an image in a format javax.imageio reads (PNG, JPEG, BMP, GIF)");
    }

    /** A decoded image as a (channels, H, W) tensor in [0, 1]; {@code name} appears in errors. */
    public static Tensor toTensor(BufferedImage img, int channels, String name) throws IOException {
        checkChannels(channels);
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = Math.multiplyExact(w, h);
        float[] out = new float[Math.multiplyExact(plane, channels)];
        Raster raster = img.getRaster();
        ColorModel cm = img.getColorModel();
        int bands = raster.getNumBands();
        if (cm instanceof IndexColorModel icm) {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int i = row[x];
                    put(out, y * w + x, plane, channels, icm.getRed(i), icm.getGreen(i), icm.getBlue(i), icm.getAlpha(i), 255f);
                }
            }
        } else if (bands <= 4 && !cm.isAlphaPremultiplied() && cm.getNumColorComponents() == bands - (cm.hasAlpha() ? 1 : 0)
                && (raster.getTransferType() == DataBuffer.TYPE_BYTE || raster.getTransferType() == DataBuffer.TYPE_USHORT)
                && (cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                    || cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_RGB)) {
            // Component images (grey, grey + alpha, RGB, RGBA at 8 or 16 bits; JPEG's BGR): samples as stored.
            boolean gray = cm.getNumColorComponents() == 1;
            boolean alpha = cm.hasAlpha();
            if (raster.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1
                    && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm) {
                // The decoders' usual layout: read the bytes in place, not pixel by pixel through the raster.
                int start = db.getOffset() - raster.getSampleModelTranslateY() * sm.getScanlineStride()
                        - raster.getSampleModelTranslateX() * sm.getPixelStride();
                interleavedBytes(db.getData(), start, sm.getScanlineStride(), sm.getPixelStride(), sm.getBandOffsets(),
                        w, h, gray, alpha, channels, out);
            } else {
                float max = (1 << cm.getComponentSize(0)) - 1;
                int[] px = new int[bands];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        raster.getPixel(x, y, px);
                        int a = alpha ? px[bands - 1] : (int) max;
                        if (gray) {
                            put(out, y * w + x, plane, channels, px[0], px[0], px[0], a, max);
                        } else {
                            put(out, y * w + x, plane, channels, px[0], px[1], px[2], a, max);
                        }
                    }
                }
            }
        } else {
            // Anything else (packed ints, other colour spaces, premultiplied alpha): the colour model's sRGB conversion.
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    put(out, y * w + x, plane, channels, (argb >> 16) & 255, (argb >> 8) & 255, argb & 255, argb >>> 24, 255f);
                }
            }
        }
        return Tensor.wrap(out, channels, h, w);
    }

    /** 8-bit pixel-interleaved samples (band offsets in colour order, alpha last) to planes. */
    private static void interleavedBytes(byte[] d, int start, int scanline, int pixelStride, int[] offsets, int w, int h,
                                         boolean gray, boolean alpha, int channels, float[] out) {
        int plane = w * h;
        int or = offsets[0];
        int og = gray ? or : offsets[1];
        int ob = gray ? or : offsets[2];
        int oa = alpha ? offsets[offsets.length - 1] : -1;
        for (int y = 0; y < h; y++) {
            int row = start + y * scanline;
            for (int x = 0; x < w; x++) {
                int i = row + x * pixelStride;
                int p = y * w + x;
                int a = alpha ? d[i + oa] & 255 : 255;
                put(out, p, plane, channels, d[i + or] & 255, d[i + og] & 255, d[i + ob] & 255, a, 255f);
            }
        }
    }

    /** Writes pixel p from components on the scale [0, max]. */
    private static void put(float[] out, int p, int plane, int channels, int r, int g, int b, int a, float max) {
        if (channels == 1) {
            if (r == g && g == b) {
                out[p] = r / max;
            } else if (max == 255f) {
                out[p] = ((19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16) / 255f;
            } else {
                out[p] = (float) ((19595.0 * r + 38470.0 * g + 7471.0 * b) / 65536.0 / max);
            }
            return;
        }
        out[p] = r / max;
        out[plane + p] = g / max;
        out[2 * plane + p] = b / max;
        if (channels == 4) {
            out[3 * plane + p] = a / max;
        }
    }

    private static void checkChannels(int channels) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("ImageDecoder: channels must be 1, 3 or 4, got " + channels);
        }
    }
}
