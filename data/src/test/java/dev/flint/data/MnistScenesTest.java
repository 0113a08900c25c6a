package dev.flint.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MnistScenesTest {
    private static TensorDataset digits;

    @BeforeAll
    static void load() throws IOException {
        digits = MNIST.test(TestData.dataset("mnist"), false).head(500);
    }

    @Test
    void deterministicForASeed() {
        MnistScenes a = MnistScenes.generate(digits, 20, 64, 2, 4, 7);
        MnistScenes b = MnistScenes.generate(digits, 20, 64, 2, 4, 7);
        MnistScenes c = MnistScenes.generate(digits, 20, 64, 2, 4, 8);
        assertArrayEquals(a.images().toArray(), b.images().toArray());
        assertArrayEquals(a.masks(), b.masks());
        assertFalse(Arrays.equals(a.masks(), c.masks()));
        assertArrayEquals(new int[] {20, 1, 64, 64}, a.images().shape());
    }

    @Test
    void masksAgreeWithImages() {
        MnistScenes s = MnistScenes.generate(digits, 50, 64, 2, 4, 3);
        float[] img = s.images().toArray();
        int[] mask = s.masks();
        Set<Integer> classes = new HashSet<>();
        for (int i = 0; i < img.length; i++) {
            assertEquals(img[i] > MnistScenes.INK, mask[i] > 0, "pixel " + i + ": value " + img[i] + ", label " + mask[i]);
            assertTrue(mask[i] >= 0 && mask[i] < MnistScenes.NUM_CLASSES);
            classes.add(mask[i]);
        }
        assertEquals(MnistScenes.NUM_CLASSES, classes.size(), "every digit class and the background occur");
        // each scene has between 2 and 4 digit instances' worth of ink: at least 2 labelled regions
        for (int k = 0; k < s.count(); k++) {
            long ink = Arrays.stream(s.mask(k)).filter(v -> v > 0).count();
            assertTrue(ink > 60, "scene " + k + " has only " + ink + " ink pixels");
        }
    }

    @Test
    void aSingleDigitSceneReproducesTheDigitAndItsClass() {
        TensorDataset one = digits.range(0, 1);
        MnistScenes s = MnistScenes.generate(one, 1, 28, 1, 1, 1);
        assertArrayEquals(one.inputs().toArray(), s.images().toArray());
        int label = one.labels()[0] + 1;
        float[] img = one.inputs().toArray();
        int[] mask = s.mask(0);
        for (int i = 0; i < img.length; i++) {
            assertEquals(img[i] > MnistScenes.INK ? label : 0, mask[i]);
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MnistScenes.generate(digits, 1, 20, 2, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MnistScenes.generate(digits, 1, 64, 3, 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> MnistScenes.generate(new TensorDataset(Tensor.zeros(2, 28, 28), new int[] {0, 1}), 1, 64, 1, 1, 1));
    }
}
