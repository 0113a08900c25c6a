package dev.flint.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.flint.core.Tensor;
import dev.flint.core.Flint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Five steps on a fixed quadratic, f(w) = sum(a w^2) + sum(b w) from w = (1, -2, 3), against the
 * values torch.optim (PyTorch 1.13) gives for the same configuration (committed numbers).
 */
class OptimizerTest {
    private static final Tensor A = Tensor.of(new float[] {0.5f, 1, 2});
    private static final Tensor B = Tensor.of(new float[] {0.1f, -0.3f, 0.2f});

    private static float[] run(Function<List<Tensor>, Optimizer> make) {
        Tensor w = Tensor.of(new float[] {1, -2, 3}).requiresGrad(true);
        Optimizer opt = make.apply(List.of(w));
        for (int i = 0; i < 5; i++) {
            opt.zeroGrad();
            A.mul(w).mul(w).sum().add(B.mul(w).sum()).backward();
            opt.step();
        }
        return w.toArray();
    }

    @Test
    void sgdMatchesTorch() {
        assertArrayEquals(new float[] {0.54953903f, -0.554511964f, 0.187167987f}, run(p -> SGD.simple(p, 0.1)), 1e-6f);
        assertArrayEquals(new float[] {-0.132076025f, 1.39790308f, -2.2734499f}, run(p -> SGD.momentum(p, 0.1, 0.9)), 1e-5f);
        assertArrayEquals(new float[] {0.539984465f, -0.371342391f, -0.783542454f},
                run(p -> new SGD(p, 0.05, 0.8, 0.3, 0.01, false)), 1e-5f);
        assertArrayEquals(new float[] {-0.215039819f, 1.04379272f, -0.553664267f},
                run(p -> new SGD(p, 0.1, 0.9, 0, 0, true)), 1e-5f);
    }

    @Test
    void adamMatchesTorch() {
        assertArrayEquals(new float[] {0.506863713f, -1.50269186f, 2.50174427f}, run(p -> new Adam(p, 0.1)), 1e-5f);
        assertArrayEquals(new float[] {0.751986086f, -1.750911f, 2.75062037f},
                run(p -> new Adam(p, 0.05, 0.8, 0.95, 1e-8, 0.1, true)), 1e-5f);
        assertArrayEquals(new float[] {0.468665272f, -1.41522443f, 2.36522913f},
                run(p -> new AdamW(p, 0.1, 0.9, 0.999, 1e-8, 0.1, false)), 1e-5f);
    }

    private static List<Double> lrs(Function<Optimizer, LRScheduler> make) {
        Tensor w = Tensor.zeros(1).requiresGrad(true);
        Optimizer opt = SGD.simple(List.of(w), 0.1);
        LRScheduler s = make.apply(opt);
        List<Double> out = new ArrayList<>();
        for (int e = 0; e < 6; e++) {
            out.add(opt.paramGroups().get(0).lr());
            opt.step();
            s.step();
        }
        return out;
    }

    private static void assertRates(double[] expected, List<Double> actual) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i), 1e-9, "epoch " + i);
        }
    }

    @Test
    void schedulersMatchTorch() {
        assertRates(new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025}, lrs(o -> new StepLR(o, 2, 0.5)));
        assertRates(new double[] {0.1, 0.09, 0.081, 0.0729, 0.06561, 0.059049}, lrs(o -> new ExponentialLR(o, 0.9)));
        assertRates(new double[] {0.1, 0.0868198052, 0.055, 0.0231801948, 0.01, 0.0231801948},
                lrs(o -> new CosineAnnealingLR(o, 4, 0.01)));
    }

    @Test
    void clipGradNormMatchesTorch() {
        Tensor p = Tensor.of(new float[] {3, 4}).requiresGrad(true);
        p.mul(p).mul(0.5f).sum().backward(); // grad = (3, 4), norm 5
        assertEquals(5.0, ClipGrad.clipGradNorm(List.of(p), 1.0), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0.8f}, p.grad().toArray(), 1e-6f);
    }

    @Test
    void groupsSkipsAndValidation() {
        Tensor a = Tensor.of(new float[] {1}).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {1}).requiresGrad(true);
        SGD opt = SGD.simple(List.of(a), 0.1);
        opt.addParamGroup(List.of(b), Map.of("lr", 1.0));
        a.mul(2f).sum().add(b.mul(2f).sum()).backward();
        opt.step();
        assertEquals(0.8f, a.item(), 1e-6f);
        assertEquals(-1f, b.item(), 1e-6f);
        opt.zeroGrad();
        opt.step(); // no gradients: nothing moves
        assertEquals(0.8f, a.item(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(Tensor.zeros(1).requiresGrad(true)), Map.of("lrr", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(a), 0.1, 0, 0.1, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a), 0.1, 1.0, 0.999, 1e-8, 0, false));
        Tensor computed = a.mul(2f);
        assertThrows(IllegalArgumentException.class, () -> SGD.simple(List.of(computed), 0.1), "a non-leaf tensor");
    }

    @Test
    void frozenParametersAreAcceptedAndLeftAlone() {
        // torch.optim.SGD([w, frozen], lr=0.1, momentum=0.9, weight_decay=0.1) with frozen.requires_grad = False
        Tensor w = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor frozen = Tensor.of(new float[] {3, 4});
        SGD opt = new SGD(List.of(w, frozen), 0.1, 0.9, 0, 0.1, false);
        for (int i = 0; i < 2; i++) {
            opt.zeroGrad();
            w.mul(frozen).sum().backward(); // grad of w = frozen = (3, 4)
            opt.step();
        }
        assertArrayEquals(new float[] {3, 4}, frozen.toArray());
        // step 1: g = (3,4) + 0.1 w = (3.1, 4.2); w = (0.69, 1.58); step 2: g = (3.069, 4.158), buf = 0.9*buf + g
        assertArrayEquals(new float[] {0.69f - 0.1f * (0.9f * 3.1f + 3.069f), 1.58f - 0.1f * (0.9f * 4.2f + 4.158f)}, w.toArray(), 1e-5f);
    }

    /**
     * A parameter large enough for the update to split over threads (100,003 elements, past
     * Parallel.MIN_ELEMENTS, odd so the chunks are unequal): every element moves by the closed-form
     * amount, on 1 and on 2 threads. A chunk left out, or run twice, fails it.
     */
    @Test
    void largeParametersUpdateEveryElementOnOneAndTwoThreads() {
        int n = 100_003;
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            c[i] = (i % 7) - 3f; // the gradient of sum(c * w)
        }
        Tensor coeff = Tensor.of(c);
        int before = Flint.numThreads();
        try {
            for (int threads : new int[] {1, 2}) {
                Flint.setNumThreads(threads);
                Tensor w = Tensor.zeros(n).requiresGrad(true);
                SGD sgd = SGD.momentum(List.of(w), 0.1, 0.9);
                Tensor v = Tensor.zeros(n).requiresGrad(true);
                Adam adam = new Adam(List.of(v), 0.01);
                for (int step = 0; step < 3; step++) {
                    sgd.zeroGrad();
                    adam.zeroGrad();
                    coeff.mul(w).sum().add(coeff.mul(v).sum()).backward();
                    sgd.step();
                    adam.step();
                }
                assertEquals(3, w.storage().version(), "each step bumps the version (kernels key cached weights on it)");
                float[] ws = w.toArray();
                float[] vs = v.toArray();
                for (int i = 0; i < n; i++) {
                    // momentum buffers g, 1.9 g, 2.71 g: w = -0.1 * 5.61 * g
                    assertEquals(-0.561f * c[i], ws[i], 1e-5f, "SGD element " + i + " on " + threads + " threads");
                    // a constant gradient makes each Adam step lr * sign(g) (up to eps)
                    assertEquals(c[i] == 0 ? 0f : -0.03f * Math.signum(c[i]), vs[i], 1e-5f, "Adam element " + i + " on " + threads + " threads");
                }
            }
        } finally {
            Flint.setNumThreads(before);
        }
    }
}
