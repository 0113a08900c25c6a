package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Tensor;

import org.junit.jupiter.api.Test;

/**
 * Forward values against numbers computed independently: by hand (the lecture notes' 1-D
 * example) or by PyTorch 1.13 (torch.nn.functional on the same inputs; the numbers are committed,
 * Python is not needed to run the test).
 */
class NnValuesTest {
    private static final float TOL = 2e-5f;

    private static Tensor x25() {
        return Tensor.arange(50).reshape(1, 2, 5, 5).div(10f);
    }

    private static Tensor w3() {
        return Tensor.arange(54).div(20f).sub(0.4f).reshape(3, 2, 3, 3);
    }

    @Test
    void conv1dOfTheNotesExampleDoesNotFlipTheKernel() {
        Tensor y = F.conv1d(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4), Tensor.of(new float[] {3, 2}, 1, 1, 2), null, 1, 0);
        assertArrayEquals(new float[] {7, 12, 17}, y.toArray());
    }

    @Test
    void conv2dMatchesPyTorch() {
        Tensor b = Tensor.of(new float[] {0.1f, -0.2f, 0.3f});
        Tensor y = F.conv2d(x25(), w3(), b, 2, 1);
        assertArrayEquals(new int[] {1, 3, 3, 3}, y.shape());
        float[] torch = {4.06f, 5.78f, 3.62f, 5.469999f, 7.225f, 4.09f, 1.9f, 1.82f, 0.5f, 14.92f, 23.84f, 16.64f, 30.01f,
            46.615f, 31.87f, 23.56f, 36.08f, 24.32f, 26.58f, 42.7f, 30.46f, 55.35f, 86.805f, 60.45f, 46.02f, 71.14f, 48.94f};
        assertArrayEquals(torch, y.toArray(), 1e-4f);
        Tensor dil = F.conv2d(x25(), w3(), null, new int[] {1}, new int[] {0}, new int[] {2}, 1);
        assertArrayEquals(new int[] {1, 3, 1, 1}, dil.shape());
        assertArrayEquals(new float[] {8.085f, 47.775f, 87.465f}, dil.toArray(), 1e-4f);
        Tensor grouped = F.conv2d(x25(), Tensor.arange(36).div(30f).sub(0.5f).reshape(4, 1, 3, 3), null,
                new int[] {1}, new int[] {1}, new int[] {1}, 2);
        assertArrayEquals(new int[] {1, 4, 5, 5}, grouped.shape());
        assertArrayEquals(new float[] {-0.30667f, -0.57667f, -0.76667f, -0.95667f, -0.74667f, -0.95f, -1.66f, -1.99f, -2.32f, -1.75f},
                java.util.Arrays.copyOf(grouped.toArray(), 10), 1e-4f);
        assertEquals(402.60999, grouped.sum().item(), 2e-3);
    }

    private static Tensor plane() {
        return Tensor.of(new float[] {1, 3, 2, 0, 4, 4, 1, 5, 0, 2, 6, 6, 7, 1, 2, 3}, 1, 1, 4, 4);
    }

    @Test
    void poolingMatchesPyTorch() {
        assertArrayEquals(new float[] {6, 6, 7, 6}, F.maxPool2d(plane(), 3, 1, 0).toArray());
        assertArrayEquals(new float[] {1, 3, 0, 4, 6, 6, 7, 2, 3}, F.maxPool2d(plane(), 2, 2, 1).toArray());
        assertArrayEquals(new float[] {4 / 3f, 5 / 3f, 2, 10 / 3f}, F.avgPool2d(plane(), 3, 2, 1).toArray(), TOL);
        assertArrayEquals(new float[] {3, 2.5f, 3, 10 / 3f},
                F.avgPool2d(plane(), new int[] {3}, new int[] {2}, new int[] {1}, false, false).toArray(), TOL);
        assertArrayEquals(new float[] {8, 10, 12, 22, 24, 26},
                F.adaptiveAvgPool2d(Tensor.arange(35).reshape(1, 1, 5, 7), 2, 3).toArray(), TOL);
        assertArrayEquals(new int[] {1, 1, 3, 3},
                F.maxPool2d(Tensor.zeros(1, 1, 6, 6), new int[] {3}, new int[] {2}, new int[] {0}, new int[] {1}, true).shape());
    }

    @Test
    void maxPoolTiesRouteToTheFirstInScanOrder() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 3, 2, 1, 1, 1}, 1, 1, 3, 3).requiresGrad(true);
        F.maxPool2d(x, 2, 1, 0).sum().backward();
        assertArrayEquals(new float[] {0, 2, 0, 0, 2, 0, 0, 0, 0}, x.grad().toArray()); // PyTorch's gradient
    }

    @Test
    void maxPoolNanAndTieRoutingMatchPyTorch() {
        // PyTorch 1.13: a NaN wins the window and the gradient goes to the last NaN; ties go to the first.
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, Float.NaN}, 1, 1, 2, 2).requiresGrad(true);
        Tensor y = F.maxPool2d(x, 2, 2, 0);
        assertTrue(Float.isNaN(y.item()));
        y.sum().backward();
        assertArrayEquals(new float[] {0, 0, 0, 1}, x.grad().toArray());
        Tensor t = Tensor.of(new float[] {2, 5, 5, 1}, 1, 1, 2, 2).requiresGrad(true);
        F.maxPool2d(t, 2, 2, 0).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0}, t.grad().toArray());
    }

    @Test
    void lossesMatchPyTorch() {
        Tensor logits = Tensor.of(new float[] {2, 1, 0.1f, 0.5f, 2.5f, 0.3f}, 2, 3);
        int[] t = {0, 2};
        assertEquals(1.4185397f, F.crossEntropy(logits, t).item(), TOL);
        assertEquals(2.8370795f, F.crossEntropy(logits, t, Reduction.SUM).item(), TOL);
        assertArrayEquals(new float[] {0.41703f, 2.42005f}, F.crossEntropy(logits, t, Reduction.NONE).toArray(), TOL);
        assertEquals(1.4185397f, new CrossEntropyLoss().forward(logits, t).item(), TOL);
        assertArrayEquals(new float[] {0.659001f, 0.242433f, 0.098566f, 0.108604f, 0.802479f, 0.088917f},
                F.softmax(logits, 1).toArray(), TOL);
        assertEquals(0.778642f, F.binaryCrossEntropyWithLogits(Tensor.of(new float[] {0.5f, -1, 3}),
                Tensor.of(new float[] {1, 0, 0.5f})).item(), TOL);
        assertEquals(2.5f, F.mseLoss(Tensor.of(new float[] {1, 2}), Tensor.of(new float[] {2, 4})).item());
        // extreme logits stay finite
        assertEquals(0f, F.crossEntropy(Tensor.of(new float[] {1000, -1000}, 1, 2), new int[] {0}).item(), 0f);
        assertEquals(100f, F.binaryCrossEntropyWithLogits(Tensor.of(new float[] {-100}), Tensor.of(new float[] {1})).item(), 1e-4f);
    }

    @Test
    void labelSmoothingMatchesPyTorch() {
        // nn/src/test/python/reference_values.py
        Tensor logits = Tensor.of(new float[] {2, 1, 0.1f, 0.5f, 2.5f, 0.3f}, 2, 3);
        int[] t = {0, 2};
        assertArrayEquals(new float[] {0.5136966f, 2.34005f}, F.crossEntropy(logits, t, Reduction.NONE, 0.1f).toArray(), TOL);
        assertEquals(1.426873f, F.crossEntropy(logits, t, Reduction.MEAN, 0.1f).item(), TOL);
        assertEquals(2.853746f, F.crossEntropy(logits, t, Reduction.SUM, 0.1f).item(), TOL);
        assertArrayEquals(new float[] {0.7070299f, 2.18005f}, F.crossEntropy(logits, t, Reduction.NONE, 0.3f).toArray(), TOL);
        assertEquals(1.44354f, new CrossEntropyLoss(Reduction.MEAN, 0.3f).forward(logits, t).item(), TOL);
        assertArrayEquals(new float[] {1.383697f, 1.62005f}, F.crossEntropy(logits, t, Reduction.NONE, 1f).toArray(), TOL);
        assertEquals(3.003746f, F.crossEntropy(logits, t, Reduction.SUM, 1f).item(), TOL);
        Tensor g = logits.detach().requiresGrad(true);
        F.crossEntropy(g, t, Reduction.MEAN, 0.1f).backward();
        assertArrayEquals(new float[] {-0.1371661f, 0.1045498f, 0.03261628f, 0.03763519f, 0.3845728f, -0.4222081f},
                g.grad().toArray(), TOL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(logits, t, Reduction.MEAN, 1.5f));
        assertTrue(e.getMessage().contains("crossEntropy") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits, t, Reduction.MEAN, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(Reduction.MEAN, -0.1f));
    }

    @Test
    void badShapesNameTheOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(6, 1, 5, 5), null, 1, 0));
        assertTrue(e.getMessage().contains("conv2d") && e.getMessage().contains("[1, 3, 8, 8]") && e.getMessage().contains("[6, 1, 5, 5]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 6, 5).forward(Tensor.zeros(2, 3, 28, 28)));
        assertTrue(e.getMessage().contains("Conv2d(1, 6") && e.getMessage().contains("[2, 3, 28, 28]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 1, 3, 3), Tensor.zeros(1, 1, 5, 5), null, 1, 0));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.maxPool2d(Tensor.zeros(1, 1, 1, 1), 2, 2, 0));
        assertTrue(e.getMessage().contains("maxPool2d"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Linear(400, 120).forward(Tensor.zeros(2, 256)));
        assertTrue(e.getMessage().contains("in_features=400") && e.getMessage().contains("[2, 256]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(3), Tensor.zeros(3, 1)));
        assertTrue(e.getMessage().contains("mseLoss"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Tensor.zeros(2, 3), new int[] {0}));
    }

    @Test
    void outputShapesFollowPyTorchRules() {
        assertArrayEquals(new int[] {1, 96, 55, 55}, new Conv2d(3, 96, new int[] {11}, new int[] {4}, new int[] {0}, new int[] {1}, 1,
                true, new dev.flint.core.Generator(1)).forward(Tensor.zeros(1, 3, 227, 227)).shape());
        assertArrayEquals(new int[] {1, 96, 27, 27}, new MaxPool2d(3, 2, 0).forward(Tensor.zeros(1, 96, 55, 55)).shape());
        assertArrayEquals(new int[] {2, 8, 3, 3},
                F.conv2d(Tensor.zeros(2, 4, 7, 7), Tensor.zeros(8, 4, 3, 3), null, new int[] {2}, new int[] {0}, new int[] {1}, 1).shape());
    }
}
