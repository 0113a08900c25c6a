package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.data.FashionMNIST;
import dev.flint.nn.SafeTensors;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "train on my folder of images" path end to end: 3,000 real Fashion-MNIST test images written
 * as PNG and JPEG files into 10 class folders (every third one colourised, so channels differ),
 * then ImageFolderTraining trains LeNet-5 on RGB 28x28 inputs with augmentation and 2 loader
 * workers. Chance is 10%; a working pipeline reaches about 70% after 3 short epochs.
 */
class ImageFolderTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void trainsOnAFolderOfPngAndJpegImages() throws Exception {
        Path root = Path.of(System.getProperty("flint.repo.root", ".")).toAbsolutePath().normalize();
        Path dir = root.resolveSibling("shared").resolve("datasets").resolve("fashion-mnist");
        assertTrue(Files.isDirectory(dir), "test data missing: expected the Fashion-MNIST files in " + dir);
        FashionMNIST test = FashionMNIST.test(dir, false);
        List<String> names = List.of("tshirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot");
        Path data = tmp.resolve("fashion");
        float[] px = test.inputs().toArray();
        int[] labels = test.labels();
        for (int i = 0; i < 3000; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            int tint = i % 3 == 0 ? 1 + i % 5 : 0; // colourise every third image with one of five tints
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = Math.round(px[i * 784 + y * 28 + x] * 255);
                    int r = tint == 1 || tint == 4 ? v : v / 2;
                    int g = tint == 2 || tint == 4 || tint == 0 ? v : v / 3;
                    int b = tint == 3 || tint == 5 || tint == 0 ? v : v / 4;
                    if (tint == 0) {
                        r = v;
                    }
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            Path cls = Files.createDirectories(data.resolve(names.get(labels[i])));
            String format = i % 2 == 0 ? "png" : "jpg";
            assertTrue(ImageIO.write(img, format, cls.resolve(i + "." + format).toFile()));
        }
        Path out = tmp.resolve("out");
        ImageFolderTraining.Result r = ImageFolderTraining.run(new String[] {"--data", data.toString(), "--model", "lenet5",
                "--size", "28", "--epochs", "3", "--batch-size", "32", "--lr", "0.02", "--workers", "2", "--threads", "2",
                "--hflip", "true", "--out", out.toString()});
        assertEquals(names.stream().sorted().toList(), r.classes());
        assertTrue(r.accuracy() > 0.55, "validation accuracy " + r.accuracy() + " (chance 0.10)");
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertEquals(String.join("\n", r.classes()), SafeTensors.loadMetadata(r.weights()).get("classes"));
    }
}
