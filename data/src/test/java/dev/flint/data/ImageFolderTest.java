package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;
import dev.flint.data.transforms.RandomHorizontalFlip;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** A w x h RGB image whose pixel (x, y) is (10 x + 1, 20 y + 2, 7). */
    private static BufferedImage rgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, ((10 * x + 1) << 16) | ((20 * y + 2) << 8) | 7);
            }
        }
        return img;
    }

    private static Path write(BufferedImage img, String format, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()), "no writer for " + format);
        return file;
    }

    @Test
    void classesAreSortedFoldersAndSamplesSortedFilesSkippingHiddenAndOthers() throws IOException {
        write(rgb(4, 3), "png", dir.resolve("dog/b.png"));
        write(rgb(4, 3), "png", dir.resolve("dog/A.PNG"));
        write(rgb(4, 3), "bmp", dir.resolve("cat/sub/z.bmp"));
        write(rgb(4, 3), "jpg", dir.resolve("cat/a.JPEG"));
        write(rgb(4, 3), "png", dir.resolve("cat/.hidden.png"));
        write(rgb(4, 3), "png", dir.resolve(".ipynb_checkpoints/x.png"));
        write(rgb(4, 3), "gif", dir.resolve("bird/g.gif"));
        Files.writeString(dir.resolve("dog/notes.txt"), "not an image");
        Files.writeString(dir.resolve("readme.png"), "a file at the top level is not a class");
        ImageFolder f = new ImageFolder(dir, null);
        assertEquals(List.of("bird", "cat", "dog"), f.classes());
        assertEquals(Map.of("bird", 0, "cat", 1, "dog", 2), f.classToIdx());
        assertEquals(List.of("bird/g.gif", "cat/a.JPEG", "cat/sub/z.bmp", "dog/A.PNG", "dog/b.png"),
                f.samples().stream().map(e -> dir.relativize(e.path()).toString()).toList());
        assertArrayEquals(new int[] {0, 1, 1, 2, 2}, f.targets());
        assertEquals(5, f.size());
        for (int i = 0; i < f.size(); i++) {
            Dataset.Sample s = f.get(i);
            assertArrayEquals(new int[] {3, 3, 4}, s.input().shape());
            assertEquals(f.targets()[i], s.label());
        }
    }

    @Test
    void pngPixelsAreExactAndJpegClose() throws IOException {
        write(rgb(5, 4), "png", dir.resolve("c/p.png"));
        Tensor t = ImageDecoder.decode(dir.resolve("c/p.png"), 3);
        assertArrayEquals(new int[] {3, 4, 5}, t.shape());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals((10 * x + 1) / 255f, t.get(0, y, x));
                assertEquals((20 * y + 2) / 255f, t.get(1, y, x));
                assertEquals(7 / 255f, t.get(2, y, x));
            }
        }
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, (200 << 16) | (60 << 8) | 120);
            }
        }
        write(flat, "jpg", dir.resolve("c/j.jpg"));
        Tensor j = ImageDecoder.decode(dir.resolve("c/j.jpg"), 3);
        float[] want = {200 / 255f, 60 / 255f, 120 / 255f};
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    assertEquals(want[c], j.get(c, y, x), 4 / 255f, "JPEG channel " + c);
                }
            }
        }
    }

    @Test
    void greyIsReadAsStoredSixteenBitsKeepPrecisionAndChannelCountsConvert() throws IOException {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setPixels(0, 0, 3, 1, new int[] {0, 77, 255});
        write(g, "png", dir.resolve("g8.png"));
        Tensor g8 = ImageDecoder.decode(dir.resolve("g8.png"), 1);
        assertArrayEquals(new float[] {0, 77 / 255f, 1}, g8.toArray()); // no gamma applied to grey
        Tensor g8rgb = ImageDecoder.decode(dir.resolve("g8.png"), 3);
        assertArrayEquals(new float[] {0, 77 / 255f, 1, 0, 77 / 255f, 1, 0, 77 / 255f, 1}, g8rgb.toArray());

        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setPixels(0, 0, 2, 1, new int[] {1000, 65535});
        write(g16, "png", dir.resolve("g16.png"));
        assertArrayEquals(new float[] {1000 / 65535f, 1f}, ImageDecoder.decode(dir.resolve("g16.png"), 1).toArray());

        BufferedImage rgba = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, (128 << 24) | (200 << 16) | (100 << 8) | 50);
        write(rgba, "png", dir.resolve("rgba.png"));
        assertArrayEquals(new float[] {200 / 255f, 100 / 255f, 50 / 255f, 128 / 255f},
                ImageDecoder.decode(dir.resolve("rgba.png"), 4).toArray());
        assertArrayEquals(new float[] {200 / 255f, 100 / 255f, 50 / 255f}, ImageDecoder.decode(dir.resolve("rgba.png"), 3).toArray());
        // PIL's L: (19595 * 200 + 38470 * 100 + 7471 * 50 + 32768) >> 16 = 124.
        assertArrayEquals(new float[] {124 / 255f}, ImageDecoder.decode(dir.resolve("rgba.png"), 1).toArray());
        BufferedImage opaque = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        opaque.setRGB(0, 0, 0x102030);
        write(opaque, "png", dir.resolve("rgb.png"));
        assertArrayEquals(new float[] {16 / 255f, 32 / 255f, 48 / 255f, 1f}, ImageDecoder.decode(dir.resolve("rgb.png"), 4).toArray());
    }

    @Test
    void palettePngAndGifGiveThePaletteColours() throws IOException {
        byte[] r = {(byte) 255, 0, 10};
        byte[] g = {0, (byte) 128, 20};
        byte[] b = {0, 0, 30};
        IndexColorModel cm = new IndexColorModel(2, 3, r, g, b);
        BufferedImage pal = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, cm);
        WritableRaster raster = pal.getRaster();
        raster.setPixels(0, 0, 3, 1, new int[] {2, 0, 1});
        for (String fmt : new String[] {"png", "gif"}) {
            write(pal, fmt, dir.resolve("pal." + fmt));
            Tensor t = ImageDecoder.decode(dir.resolve("pal." + fmt), 3);
            assertArrayEquals(new float[] {10 / 255f, 1, 0, 20 / 255f, 0, 128 / 255f, 30 / 255f, 0, 0}, t.toArray(), fmt);
        }
    }

    @Test
    void undecodableFilesFailNamingTheFileOrAreSkippedWhenAsked() throws IOException {
        write(rgb(8, 8), "png", dir.resolve("a/good.png"));
        byte[] png = Files.readAllBytes(dir.resolve("a/good.png"));
        Files.write(dir.resolve("a/truncated.png"), Arrays.copyOf(png, png.length / 2));
        Files.writeString(dir.resolve("a/text.png"), "this is not a picture");
        BufferedImage big = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom noise = new java.util.SplittableRandom(1);
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                big.setRGB(x, y, noise.nextInt(1 << 24)); // noise keeps the scan data large next to the header
            }
        }
        write(big, "jpg", dir.resolve("b/good.jpg"));
        byte[] jpg = Files.readAllBytes(dir.resolve("b/good.jpg"));
        Files.write(dir.resolve("b/truncated.jpg"), Arrays.copyOf(jpg, jpg.length * 2 / 3));

        ImageFolder strict = new ImageFolder(dir, null);
        assertEquals(5, strict.size());
        for (String bad : new String[] {"a/text.png", "a/truncated.png", "b/truncated.jpg"}) {
            int i = indexOf(strict, bad);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> strict.get(i), bad);
            assertTrue(e.getMessage().contains("sample " + i) && e.getMessage().contains(bad), e.getMessage());
        }
        // Through the loader, on a worker: the error reaches the loop naming the sample and file.
        DataLoader loader = new DataLoader(strict, 5, false, 0, false).numWorkers(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loader.iterator().next());
        assertTrue(e.getMessage().contains("loading sample 1") && e.getMessage().contains("a/text.png"), e.getMessage());
        loader.close();

        ImageFolder lenient = new ImageFolder(dir, null, 3, true);
        assertEquals(List.of("a/good.png", "a/truncated.png", "b/good.jpg", "b/truncated.jpg"),
                lenient.samples().stream().map(x -> dir.relativize(x.path()).toString()).toList(),
                "only files whose header is unreadable are left out; the truncated files' headers are intact");
    }

    @Test
    void readersReusedPerThreadGiveTheSamePixelsAfterFailuresAndAcrossThreads() throws Exception {
        Path png = write(rgb(8, 8), "png", dir.resolve("good.png"));
        Path jpg = write(rgb(16, 16), "jpg", dir.resolve("good.jpg"));
        byte[] pngBytes = Files.readAllBytes(png);
        Path broken = dir.resolve("truncated.png");
        Files.write(broken, Arrays.copyOf(pngBytes, pngBytes.length / 2));
        float[] wantPng = ImageDecoder.decode(png, 3).toArray();
        float[] wantJpg = ImageDecoder.decode(jpg, 3).toArray();
        assertEquals((10 * 3 + 1) / 255f, wantPng[3], "pixel (3, 0) red, as written");
        for (int round = 0; round < 3; round++) {
            assertThrows(IOException.class, () -> ImageDecoder.decode(broken, 3));
            assertArrayEquals(wantPng, ImageDecoder.decode(png, 3).toArray(), "the PNG after a failed PNG, round " + round);
            assertArrayEquals(wantJpg, ImageDecoder.decode(jpg, 3).toArray(), "the JPEG after a failed PNG, round " + round);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Path f = t % 2 == 0 ? png : jpg;
                float[] want = t % 2 == 0 ? wantPng : wantJpg;
                same.add(pool.submit(() -> {
                    boolean ok = true;
                    for (int k = 0; k < 50; k++) {
                        ok &= Arrays.equals(want, ImageDecoder.decode(f, 3).toArray());
                    }
                    return ok;
                }));
            }
            for (var f : same) {
                assertTrue(f.get(), "concurrent decodes agree with the single-threaded one");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int indexOf(ImageFolder f, String rel) {
        for (int i = 0; i < f.size(); i++) {
            if (f.samples().get(i).path().endsWith(rel)) {
                return i;
            }
        }
        throw new AssertionError(rel);
    }

    @Test
    void loadingIsLazyAndEmptyClassesAreRefused() throws IOException {
        write(rgb(4, 4), "png", dir.resolve("x/1.png"));
        write(rgb(4, 4), "png", dir.resolve("x/2.png"));
        ImageFolder f = new ImageFolder(dir, null);
        Files.delete(dir.resolve("x/2.png")); // listed, never read yet
        assertEquals(2, f.size());
        f.get(0);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> f.get(1));
        assertTrue(e.getMessage().contains("2.png"), e.getMessage());

        Files.createDirectories(dir.resolve("y"));
        Files.writeString(dir.resolve("y/readme.txt"), "no images");
        IOException empty = assertThrows(IOException.class, () -> new ImageFolder(dir, null));
        assertTrue(empty.getMessage().contains("found no valid file for the classes [y]"), empty.getMessage());
        IOException none = assertThrows(IOException.class, () -> new ImageFolder(dir.resolve("x"), null));
        assertTrue(none.getMessage().contains("no class folders"), none.getMessage());
        assertThrows(IOException.class, () -> new ImageFolder(dir.resolve("missing"), null));
        assertThrows(IllegalArgumentException.class, () -> new ImageFolder(dir, null, 2, false));
    }

    @Test
    void transformsRunPerSampleReproduciblyWithWorkers() throws IOException {
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 7; i++) {
                write(rgb(6, 5), "png", dir.resolve("class" + c + "/" + i + ".png"));
            }
        }
        ImageFolder f = new ImageFolder(dir, new RandomHorizontalFlip());
        List<String> runs = new java.util.ArrayList<>();
        int flipped = 0;
        for (int w : new int[] {0, 2}) {
            StringBuilder sb = new StringBuilder();
            try (DataLoader loader = new DataLoader(f, 4, true, 3, false).numWorkers(w)) {
                for (DataLoader.Batch b : loader) {
                    assertArrayEquals(new int[] {b.size(), 3, 5, 6}, b.inputs().shape());
                    sb.append(Arrays.toString(b.inputs().toArray())).append(Arrays.toString(b.labels()));
                    for (int i = 0; i < b.size(); i++) {
                        flipped += b.inputs().get(i, 0, 0, 0) == 51 / 255f ? 1 : 0;
                    }
                }
            }
            runs.add(sb.toString());
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(flipped > 4 && flipped < 38, "about half of 42 samples flipped, got " + flipped);
    }
}
