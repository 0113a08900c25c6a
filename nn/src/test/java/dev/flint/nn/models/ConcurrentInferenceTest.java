package dev.flint.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.Module;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * One eval-mode model shared by several application threads, each running inference on its own
 * inputs: every output equals, bit for bit, the output of the same call made alone. (The kernels'
 * workspaces are per thread, the prepared-weights cache is synchronised, and a parallel region
 * entered while another is running runs inline with the same chunk boundaries.)
 */
class ConcurrentInferenceTest {
    private static final int THREADS = 4;
    private static final int CALLS = 6;

    @Test
    void sharedEvalModelsGiveTheSameBitsAsSequentialCalls() throws Exception {
        Generator g = new Generator(3);
        check(new ResNet(ResNet.Depth.RESNET18, 10, ResNet.Options.smallInput(3).withBaseWidth(8).withRng(g)), g, 3, 32);
        check(new UNet(1, 2, 8, 2, UNet.Padding.SAME, true, g), g, 1, 32);
        check(new LeNet5(1, 10, g), g, 1, 28);
    }

    private static void check(Module model, Generator g, int channels, int size) throws Exception {
        model.eval();
        Tensor[][] inputs = new Tensor[THREADS][CALLS];
        float[][][] expected = new float[THREADS][CALLS][];
        try (var s = Autograd.noGrad()) {
            for (int t = 0; t < THREADS; t++) {
                for (int c = 0; c < CALLS; c++) {
                    inputs[t][c] = Tensor.randn(g, 1 + (t + c) % 3, channels, size, size);
                    expected[t][c] = model.forward(inputs[t][c]).toArray();
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    float[][] out = new float[CALLS][];
                    try (var s = Autograd.noGrad()) {
                        for (int c = 0; c < CALLS; c++) {
                            out[c] = model.forward(inputs[thread][c]).toArray();
                        }
                    }
                    return out;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                float[][] out = results.get(t).get();
                for (int c = 0; c < CALLS; c++) {
                    assertArrayEquals(expected[t][c], out[c], 0f, model.getClass().getSimpleName() + ": thread " + t + ", call " + c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
