package dev.flint.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VizTest {
    @TempDir
    Path dir;

    @Test
    void gridPngReadsBackWithTheExpectedSizeAndPixels() throws IOException {
        // two 2x3 maps; map 0 ramps 0..5, map 1 is constant
        Tensor maps = Tensor.cat(0, Tensor.arange(0, 6, 1).reshape(1, 2, 3), Tensor.full(7f, 1, 2, 3));
        Path png = dir.resolve("sub/grid.png");
        Images.writePng(Images.grid(maps, 2, 1, 2, true), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * 3 * 2 + 3 * 1, img.getWidth()); // 2 tiles of 6 px + 3 gaps
        assertEquals(2 * 2 + 2, img.getHeight());
        assertEquals(0x000000, img.getRGB(1, 1) & 0xffffff, "min of map 0 is black");
        assertEquals(0xffffff, img.getRGB(1 + 5, 1 + 3) & 0xffffff, "max of map 0 is white");
        assertEquals(0x808080, img.getRGB(1 + 6 + 1, 1) & 0xffffff, "a constant map is mid-grey");
        assertEquals(0x404040, img.getRGB(0, 0) & 0xffffff, "the gap colour");
        if (png.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(Files.getPosixFilePermissions(png).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                    "an ordinary readable file, not a private temp file");
        }
        try (var files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void masksUseTheClassPaletteAndOverlaysKeepBackground() throws IOException {
        int[] labels = {0, 1, 2, 10};
        BufferedImage m = Images.mask(labels, 2, 2, 3);
        Path png = dir.resolve("mask.png");
        Images.writePng(m, png);
        BufferedImage back = ImageIO.read(png.toFile());
        assertEquals(6, back.getWidth());
        assertEquals(0x000000, back.getRGB(0, 0) & 0xffffff);
        assertEquals(Images.classColour(1), back.getRGB(4, 1) & 0xffffff);
        assertEquals(Images.classColour(10), back.getRGB(5, 5) & 0xffffff);
        BufferedImage o = Images.overlay(Tensor.of(new float[] {0, 1, 1, 0}, 2, 2), labels, 1);
        assertEquals(0x000000, o.getRGB(0, 0) & 0xffffff, "background pixel keeps its grey");
        assertTrue((o.getRGB(1, 0) & 0xffffff) != 0xffffff, "labelled pixel is tinted");
    }

    @Test
    void filtersAndSaliencyHaveOneTilePerFilter() {
        BufferedImage f = Images.filters(Tensor.randn(new dev.flint.core.Generator(1), 6, 1, 5, 5), 4);
        assertEquals(1 * 20 + 2, f.getWidth()); // one input channel per row
        assertEquals(6 * 20 + 7, f.getHeight());
        BufferedImage s = Images.saliency(Tensor.of(new float[] {0, -2, 1, 2}, 1, 1, 2, 2), 1);
        assertEquals(0x000000, s.getRGB(0, 0) & 0xffffff);
        assertEquals(0xffffff, s.getRGB(1, 0) & 0xffffff, "|-2| is the maximum");
    }

    @Test
    void reportIsSelfContainedHtmlWrittenAtomically() throws IOException {
        Path html = dir.resolve("report.html");
        TrainingReport r = new TrainingReport(html, "LeNet-5 <MNIST>").setting("batch", "64");
        r.epoch(0.5, 0.9, 0.95, 10);
        r.epoch(0.2, 0.97, 0.98, 10);
        r.figureSvg("confusion", Charts.confusionSvg(Charts.confusion(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2), List.of("a", "b")));
        r.figure("filters", Images.grid(Tensor.ones(2, 3, 3), 2, 1, 1, true));
        r.write();
        String text = Files.readString(html);
        assertTrue(text.startsWith("<!DOCTYPE html>"));
        assertTrue(text.contains("LeNet-5 &lt;MNIST&gt;"));
        assertTrue(text.contains("data:image/png;base64,"));
        assertTrue(text.contains("<svg"));
        assertTrue(text.contains("98.00%"));
        assertFalse(text.contains("http://") && text.contains("<script"), "no scripts or remote resources");
        assertFalse(text.contains("src='http"));
    }
}
