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
    void curvesAndConfusionMatrixAsPng() throws IOException {
        // loss falls 2 -> 1 -> 0.5 over three epochs; accuracy only measured at epochs 2 and 3
        List<Charts.Series> series = List.of(new Charts.Series("loss", new double[] {2, 1, 0.5}),
                new Charts.Series("accuracy", new double[] {Double.NaN, 0.8, 0.9}));
        Path png = dir.resolve("curves.png");
        Images.writePng(Charts.lineImage("training", "epoch", series), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(520, img.getWidth());
        assertEquals(300, img.getHeight());
        assertEquals(0xffffff, img.getRGB(2, 299) & 0xffffff, "white background");
        // the value range is [0.5, 2] plus 5%: the first loss point (epoch 1, value 2) sits at the
        // plot box's left edge, 5% of the range below its top (box: x 60..390, y 30..260)
        int x = 60;
        double lo = 0.5 - 0.075;
        double hi = 2 + 0.075;
        int y = (int) Math.round(30 + 230 - 230 * (2 - lo) / (hi - lo));
        assertEquals(0x1f77b4, img.getRGB(x, y) & 0xffffff, "first series colour at its first point");
        assertEquals(0xd62728, img.getRGB(390, (int) Math.round(30 + 230 - 230 * (0.9 - lo) / (hi - lo))) & 0xffffff,
                "second series colour at its last point");
        // confusion matrix: class 0 always right, class 1 half the time
        BufferedImage cm = Charts.confusionImage(new int[][] {{4, 0}, {2, 2}}, 10);
        assertEquals(20, cm.getWidth());
        assertEquals(0x0000ff, cm.getRGB(5, 5) & 0xffffff, "row-normalised 1.0 is full blue");
        assertEquals(0xffffff, cm.getRGB(15, 5) & 0xffffff, "0 is white");
        assertEquals(0x8080ff, cm.getRGB(15, 15) & 0xffffff, "0.5 is half way");
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
        assertFalse(text.contains("<script"), "no scripts");
        assertFalse(text.replace("xmlns='http://www.w3.org/2000/svg'", "").contains("http"), "no remote resources (only SVG's namespace name)");
        // the curves as PNG next to the report: loss and accuracy charts (520 x 300 each) side by side
        assertEquals(dir.resolve("report-curves.png"), r.curvesFile());
        BufferedImage curves = ImageIO.read(r.curvesFile().toFile());
        assertEquals(4 + 520 + 4 + 520 + 4, curves.getWidth());
        assertEquals(300 + 8, curves.getHeight());
    }
}
