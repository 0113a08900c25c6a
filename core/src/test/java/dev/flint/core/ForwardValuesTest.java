package dev.flint.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Forward values against hand-computed results (and PyTorch's documented conventions). */
class ForwardValuesTest {
    private static final float EPS = 1e-6f;

    @Test
    void factories() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toArray());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toArray());
        assertArrayEquals(new float[] {7, 7}, Tensor.full(7f, 2).toArray());
        assertEquals(0, Tensor.zeros(2, 0).numel());
        assertEquals(0, Tensor.scalar(3).dim());
        Generator.manualSeed(123);
        float[] a = Tensor.randn(5).toArray();
        Generator.manualSeed(123);
        assertArrayEquals(a, Tensor.randn(5).toArray());
        float[] u = Tensor.rand(new Generator(1), 1000).toArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= 0 && v < 1);
            mean += v / u.length;
        }
        assertEquals(0.5, mean, 0.05);
    }

    @Test
    void broadcastArithmetic() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1);
        Tensor b = Tensor.of(new float[] {10, 20});
        assertArrayEquals(new float[] {11, 21, 12, 22, 13, 23}, a.add(b).toArray());
        assertArrayEquals(new float[] {9, 19, 8, 18, 7, 17}, b.sub(a).toArray());
        assertArrayEquals(new float[] {10, 20, 20, 40, 30, 60}, a.mul(b).toArray());
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, a.div(2f).reshape(-1).toArray());
        assertArrayEquals(new int[] {3, 2}, a.add(b).shape());
    }

    @Test
    void unaryFunctions() {
        Tensor x = Tensor.of(new float[] {-2, 0, 1});
        assertArrayEquals(new float[] {0, 0, 1}, x.relu().toArray());
        assertArrayEquals(new float[] {2, 0, 1}, x.abs().toArray());
        assertArrayEquals(new float[] {-1, 0, 1}, x.sign().toArray());
        assertArrayEquals(new float[] {(float) Math.exp(-2), 1, (float) Math.E}, x.exp().toArray(), EPS);
        assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(2))), 0.5f, (float) (1 / (1 + Math.exp(-1)))}, x.sigmoid().toArray(), EPS);
        assertArrayEquals(new float[] {(float) Math.tanh(-2), 0, (float) Math.tanh(1)}, x.tanh().toArray(), EPS);
        assertArrayEquals(new float[] {-1, 0, 1}, x.clamp(-1, 1).toArray());
        assertArrayEquals(new float[] {4, 0, 1}, x.pow(2f).toArray());
        assertArrayEquals(new float[] {0, 1, 2}, Tensor.of(new float[] {1, (float) Math.E, (float) (Math.E * Math.E)}).log().toArray(), EPS);
        assertArrayEquals(new float[] {3, 0.5f}, Tensor.of(new float[] {9, 0.25f}).sqrt().toArray());
        // torch.log_softmax(torch.tensor([[1., 2., 3.], [1000., 0., -1000.]]), 1) and torch.softmax of the first row
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 1000, 0, -1000}, 2, 3);
        assertArrayEquals(new float[] {-2.4076059f, -1.4076059f, -0.4076059f, 0f, -1000f, -2000f}, logits.logSoftmax(1).reshape(-1).toArray(), 1e-5f);
        assertArrayEquals(new float[] {0.0900306f, 0.2447285f, 0.6652409f}, logits.softmax(-1).narrow(0, 0, 1).reshape(-1).toArray(), 1e-6f);
        // sigmoid saturates without overflow or NaN
        assertArrayEquals(new float[] {0, 1}, Tensor.of(new float[] {-1000, 1000}).sigmoid().toArray());
    }

    @Test
    void comparisonsAndWhere() {
        Tensor a = Tensor.of(new float[] {1, 2, 3});
        Tensor b = Tensor.of(new float[] {3, 2, 1});
        assertArrayEquals(new float[] {1, 0, 0}, a.lt(b).toArray());
        assertArrayEquals(new float[] {1, 1, 0}, a.le(b).toArray());
        assertArrayEquals(new float[] {0, 1, 0}, a.eq(b).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, a.ne(2f).toArray());
        assertArrayEquals(new float[] {0, 0, 1}, a.gt(b).toArray());
        assertArrayEquals(new float[] {0, 1, 1}, a.ge(2f).toArray());
        assertArrayEquals(new float[] {3, 2, 3}, a.maximum(b).toArray());
        assertArrayEquals(new float[] {1, 2, 1}, a.minimum(b).toArray());
        assertArrayEquals(new float[] {1, 2, 1}, Tensor.where(a.lt(b).add(a.eq(b)), a, b).toArray());
    }

    @Test
    void reductions() {
        Tensor x = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new float[] {5, 7, 9}, x.sum(0, false).toArray());
        assertArrayEquals(new int[] {2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new float[] {3, 4}, x.mean(1, false).toArray());
        assertEquals(3.5f, x.mean().item());
        assertEquals(6f, x.max().item());
        assertEquals(1f, x.min().item());
        assertArrayEquals(new float[] {5, 6}, x.max(1, false).toArray());
        assertArrayEquals(new float[] {1, 2, 3}, x.min(0, false).toArray());
        assertArrayEquals(new int[] {1, 2}, x.argmaxArray(1));
        assertArrayEquals(new float[] {1, 2}, x.argmax(1, false).toArray());
        assertArrayEquals(new int[] {2, 1}, x.argmax(1, true).shape());
        assertEquals(5, x.argmax());
        assertEquals(0, x.argmin());
        assertArrayEquals(new int[] {0, 1, 0}, x.argminArray(0));
        assertArrayEquals(new float[] {6}, x.amax(new int[] {0, 1}, false).reshape(1).toArray());
        // first occurrence wins a tie, as torch.argmax
        assertArrayEquals(new int[] {1}, Tensor.of(new float[] {0, 7, 7}, 1, 3).argmaxArray(1));
        assertTrue(Float.isNaN(Tensor.zeros(0).mean().item()));
        assertEquals(0f, Tensor.zeros(0).sum().item());
        assertTrue(Float.isNaN(Tensor.of(new float[] {1, Float.NaN, 3}).max().item()));
    }

    @Test
    void logSumExpIsStable() {
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000, 0}, 2, 2);
        float[] r = x.logSumExp(1, false).toArray();
        assertEquals(1000 + Math.log(2), r[0], 1e-3);
        assertEquals(0f, r[1], 1e-6);
        Tensor inf = Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(Float.NEGATIVE_INFINITY, inf.logSumExp(0, false).item());
    }

    @Test
    void largeLogSumExpAndBroadcastSubtractAreTheSameOnOneAndTwoThreads() {
        // 16 x 11 x 16 x 16 over the class dim: 4,096 runs, past the size where runs split over
        // threads; values against log(sum(exp)) in double, and both thread counts bit-identical.
        int n = 16 * 11 * 16 * 16;
        float[] v = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-6, 6);
        }
        Tensor x = Tensor.of(v, 16, 11, 16, 16);
        int saved = dev.flint.core.kernel.runtime.Parallel.threads();
        float[][] lse = new float[2][];
        float[][] diff = new float[2][];
        try {
            for (int t = 1; t <= 2; t++) {
                dev.flint.core.kernel.runtime.Parallel.setThreads(t);
                Tensor l = x.logSumExp(1, true);
                lse[t - 1] = l.toArray();
                diff[t - 1] = x.sub(l).toArray();
            }
        } finally {
            dev.flint.core.kernel.runtime.Parallel.setThreads(saved);
        }
        assertArrayEquals(lse[0], lse[1]);
        assertArrayEquals(diff[0], diff[1]);
        for (int b = 0; b < 16; b++) {
            for (int p = 0; p < 256; p++) {
                double sum = 0;
                for (int c = 0; c < 11; c++) {
                    sum += Math.exp(v[(b * 11 + c) * 256 + p]);
                }
                float expected = (float) Math.log(sum);
                assertEquals(expected, lse[1][b * 256 + p], 1e-5f);
                assertEquals(v[(b * 11 + 4) * 256 + p] - expected, diff[1][(b * 11 + 4) * 256 + p], 1e-5f);
            }
        }
    }

    @Test
    void maxGradientTiesFollowPyTorch() {
        // torch.max(x) shares the gradient among ties; torch.max(x, dim) sends it to the first index.
        Tensor x = Tensor.of(new float[] {3, 1, 3}).requiresGrad(true);
        x.max().backward();
        assertArrayEquals(new float[] {0.5f, 0, 0.5f}, x.grad().toArray());
        Tensor y = Tensor.of(new float[] {3, 1, 3}).requiresGrad(true);
        y.max(0, false).backward();
        assertArrayEquals(new float[] {1, 0, 0}, y.grad().toArray());
        Tensor a = Tensor.scalar(2).requiresGrad(true);
        Tensor b = Tensor.scalar(2).requiresGrad(true);
        a.maximum(b).backward();
        assertEquals(0.5f, a.grad().item());
        assertEquals(0.5f, b.grad().item());
    }

    @Test
    void matmulShapesAndValues() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, a.matmul(b).toArray());
        assertArrayEquals(new float[] {14, 32}, a.matmul(Tensor.of(new float[] {1, 2, 3})).toArray());
        assertArrayEquals(new int[] {2}, a.matmul(Tensor.of(new float[] {1, 2, 3})).shape());
        assertArrayEquals(new float[] {9, 12, 15}, Tensor.of(new float[] {1, 2}).matmul(a).toArray());
        assertEquals(14f, Tensor.of(new float[] {1, 2, 3}).matmul(Tensor.of(new float[] {1, 2, 3})).item());
        assertEquals(0, Tensor.of(new float[] {1, 2, 3}).matmul(Tensor.of(new float[] {1, 2, 3})).dim());
        // a transposed operand is read through its strides
        assertArrayEquals(new float[] {14, 32, 32, 77}, a.matmul(a.t()).toArray());
        assertArrayEquals(new float[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, a.t().matmul(a).toArray());
        Tensor batch = Tensor.arange(24).reshape(2, 3, 4);
        Tensor w = Tensor.ones(4, 5);
        Tensor out = batch.matmul(w);
        assertArrayEquals(new int[] {2, 3, 5}, out.shape());
        assertEquals(0 + 1 + 2 + 3, out.get(0, 0, 0));
        assertEquals(20 + 21 + 22 + 23, out.get(1, 2, 4));
        assertArrayEquals(new int[] {2, 4, 3, 2}, Tensor.zeros(2, 1, 3, 5).matmul(Tensor.zeros(4, 5, 2)).shape());
        assertArrayEquals(new int[] {3, 0}, Tensor.zeros(3, 0).matmul(Tensor.zeros(0, 0)).shape());
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 1)).reshape(2).toArray());
    }

    @Test
    void gatherAndIndexSelect() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {3, 1, 5, 5}, x.gather(1, Tensor.of(new float[] {2, 0, 1, 1}, 2, 2)).toArray());
        assertArrayEquals(new float[] {4, 2, 6}, x.gather(0, Tensor.of(new float[] {1, 0, 1}, 1, 3)).toArray());
        assertArrayEquals(new float[] {3, 1, 6, 4}, x.indexSelect(1, 2, 0).toArray());
        assertArrayEquals(new float[] {4, 5, 6, 4, 5, 6}, x.indexSelect(0, 1, 1).toArray());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("tensor(12.)", Tensor.scalar(12).toString());
        assertEquals("tensor([1., 2., 3.])", Tensor.of(new float[] {1, 2, 3}).toString());
        assertEquals("tensor([0.1000, 2.5000])", Tensor.of(new float[] {0.1f, 2.5f}).toString());
        assertEquals("tensor([[ 1., -2.],\n        [ 3.,  4.]])", Tensor.of(new float[] {1, -2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],\n         [6., 7.]]])",
                Tensor.arange(8).reshape(2, 2, 2).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+03])", Tensor.of(new float[] {1e-5f, 1000f}).toString());
        assertEquals("tensor([nan, inf, 1.])", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1}).toString());
        assertEquals("tensor([1., 2.], requires_grad=True)", Tensor.of(new float[] {1, 2}).requiresGrad(true).toString());
        assertEquals("tensor(2., grad_fn=<MulBackward>)", Tensor.scalar(1).requiresGrad(true).mul(2f).toString());
        // Expected strings below are PyTorch 1.13's output for the same tensors (Flint adds size= to summaries).
        assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([0.0000, 0.5000])", Tensor.of(new float[] {0, 0.5f}).toString());
        assertEquals("tensor([0., 0.])", Tensor.zeros(2).toString());
        String big = Tensor.arange(1000, 3000, 1).toString();
        assertEquals("tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.], size=(2000,))", big);
        assertEquals("tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
                + "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n"
                + "        2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,\n"
                + "        3.8571, 4.0000, 4.1429, 4.2857, 4.4286, 4.5714, 4.7143, 4.8571, 5.0000,\n"
                + "        5.1429, 5.2857, 5.4286, 5.5714])", Tensor.arange(40).div(7f).toString());
        assertEquals("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 2.7000e+01, 2.8000e+01,\n"
                + "         2.9000e+01],\n"
                + "        [3.0000e+01, 3.1000e+01, 3.2000e+01,  ..., 5.7000e+01, 5.8000e+01,\n"
                + "         5.9000e+01],\n"
                + "        [6.0000e+01, 6.1000e+01, 6.2000e+01,  ..., 8.7000e+01, 8.8000e+01,\n"
                + "         8.9000e+01],\n"
                + "        ...,\n"
                + "        [1.4100e+03, 1.4110e+03, 1.4120e+03,  ..., 1.4370e+03, 1.4380e+03,\n"
                + "         1.4390e+03],\n"
                + "        [1.4400e+03, 1.4410e+03, 1.4420e+03,  ..., 1.4670e+03, 1.4680e+03,\n"
                + "         1.4690e+03],\n"
                + "        [1.4700e+03, 1.4710e+03, 1.4720e+03,  ..., 1.4970e+03, 1.4980e+03,\n"
                + "         1.4990e+03]], size=(50, 30))", Tensor.arange(1500).reshape(50, 30).toString());
    }
}
