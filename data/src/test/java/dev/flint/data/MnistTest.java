package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real MNIST and Fashion-MNIST files from ../shared/datasets. */
class MnistTest {
    @Test
    void mnistSplitsShapesLabelsAndNormalisation() throws IOException {
        MNIST train = MNIST.train(TestData.dataset("mnist"), false);
        MNIST test = MNIST.test(TestData.dataset("mnist"), true);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertArrayEquals(new int[] {60_000, 1, 28, 28}, train.inputs().shape());
        // Well-known first labels: train[0] is a 5, test[0] a 7.
        assertEquals(5, train.get(0).label());
        assertEquals(7, test.get(0).label());
        Tensor px = train.inputs();
        assertEquals(0f, px.min().item());
        assertEquals(1f, px.max().item());
        assertEquals(MNIST.MEAN, px.mean().item(), 1e-4);
        // Normalised test pixels: background maps to -mean/std.
        assertEquals(-MNIST.MEAN / MNIST.STD, test.inputs().min().item(), 1e-5);
        int[] counts = new int[10];
        for (int l : train.labels()) {
            counts[l]++;
        }
        assertEquals(6742, counts[1]); // the training split's count of ones
    }

    @Test
    void fashionMnistLoads() throws IOException {
        FashionMNIST test = FashionMNIST.test(TestData.dataset("fashion-mnist"), false);
        assertEquals(10_000, test.size());
        assertEquals(9, test.get(0).label()); // ankle boot
        assertEquals(0.2868f, test.inputs().mean().item(), 2e-3);
    }

    @Test
    void aDirectoryWithoutTheFilesNamesWhatIsMissing(@TempDir Path dir) throws IOException {
        Files.copy(TestData.dataset("mnist").resolve("t10k-labels-idx1-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> MNIST.test(dir, true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz has SHA-256"), e.getMessage());
        assertTrue(!e.getMessage().contains("t10k-labels"), e.getMessage());
    }
}
