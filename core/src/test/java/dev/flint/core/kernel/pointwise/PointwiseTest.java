package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.Parallel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Vector and scalar pointwise paths against the scalar definitions, over lengths around the vector width. */
class PointwiseTest {
    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 15, 16, 17, 31, 33, 64, 100};

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return a;
    }

    @Test
    void unaryMatchesDefinition() {
        SplittableRandom r = new SplittableRandom(1);
        for (Unary op : Unary.values()) {
            for (int n : LENGTHS) {
                float[] x = random(r, n + 2);
                if (op == Unary.LOG || op == Unary.SQRT) {
                    for (int i = 0; i < x.length; i++) {
                        x[i] = Math.abs(x[i]) + 0.1f;
                    }
                }
                float[] out = new float[n];
                Pointwise.unary(op, x, 2, 1, out, 0, n);
                for (int i = 0; i < n; i++) {
                    float want = op.apply(x[2 + i]);
                    // bit-identical: every vector form (exp, log, tanh, sigmoid too) computes the definition
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(out[i]), op + " n=" + n + " i=" + i);
                }
                // strided input takes the scalar path and must agree too
                float[] strided = new float[(n + 1) / 2];
                Pointwise.unary(op, x, 2, 2, strided, 0, strided.length);
                for (int i = 0; i < strided.length; i++) {
                    assertEquals(op.apply(x[2 + 2 * i]), strided[i], 1e-6f);
                }
            }
        }
    }

    @Test
    void binaryMatchesDefinitionForUnitAndBroadcastStrides() {
        SplittableRandom r = new SplittableRandom(2);
        int[][] strides = {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 3}};
        for (Binary op : Binary.values()) {
            for (int n : LENGTHS) {
                for (int[] s : strides) {
                    float[] a = random(r, 3 * n + 4);
                    float[] b = random(r, 3 * n + 4);
                    if (op == Binary.POW) {
                        for (int i = 0; i < a.length; i++) {
                            a[i] = Math.abs(a[i]) + 0.1f;
                        }
                    }
                    float[] out = new float[n];
                    float[] ref = new float[n];
                    Pointwise.binary(op, a, 1, s[0], b, 2, s[1], out, 0, n);
                    Pointwise.binaryScalar(op, a, 1, s[0], b, 2, s[1], ref, 0, n);
                    assertArrayEquals(ref, out, 1e-6f, op + " n=" + n + " strides=" + s[0] + "," + s[1]);
                    for (int i = 0; i < n; i++) {
                        assertEquals(op.apply(a[1 + i * s[0]], b[2 + i * s[1]]), ref[i]);
                    }
                }
            }
        }
    }

    @Test
    void nanSemanticsMatchPyTorch() {
        float[] x = {Float.NaN, -1f};
        float[] out = new float[2];
        Pointwise.unary(Unary.RELU, x, 0, 1, out, 0, 2);
        assertEquals(Float.NaN, out[0]); // torch.relu(nan) = nan
        Pointwise.binary(Binary.MAXIMUM, x, 0, 1, new float[] {0f}, 0, 0, out, 0, 2);
        assertEquals(Float.NaN, out[0]); // torch.maximum propagates nan
        assertEquals(0f, out[1]);
    }

    @Test
    void stridedLoopVisitsEveryElementOnceInRowMajorOrder() {
        // A [2,3,4] tensor transposed to [4,3,2] (strides 1,4,12) at offset 5.
        int[] shape = {4, 3, 2};
        int[] st = {1, 4, 12};
        List<Integer> seen = new ArrayList<>();
        StridedLoop.forEachRow(shape, new int[][] {st}, new int[] {5}, (o, s, n) -> {
            for (int i = 0; i < n; i++) {
                seen.add(o[0] + i * s[0]);
            }
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    expected.add(5 + i + 4 * j + 12 * k);
                }
            }
        }
        assertEquals(expected, seen);
        // Contiguous operands coalesce into one row.
        int[] rows = new int[1];
        StridedLoop.forEachRow(new int[] {2, 3, 4}, new int[][] {{12, 4, 1}, {12, 4, 1}}, new int[] {0, 0}, (o, s, n) -> {
            rows[0]++;
            assertEquals(24, n);
        });
        assertEquals(1, rows[0]);
        // Empty shapes visit nothing; 0-dim visits one element.
        StridedLoop.forEachRow(new int[] {2, 0}, new int[][] {{0, 1}}, new int[] {0}, (o, s, n) -> {
            throw new AssertionError("visited an empty tensor");
        });
        int[] scalar = new int[1];
        StridedLoop.forEachRow(new int[0], new int[][] {{}}, new int[] {7}, (o, s, n) -> scalar[0] += n);
        assertEquals(1, scalar[0]);
    }

    @Test
    void parallelStridedLoopVisitsEveryElementOnce() {
        // [16, 11, 48, 48] read through a broadcast operand (stride 0 over dim 1) and a transposed
        // one: every output element is written exactly once, with the values of the serial loop,
        // on 1 and 2 threads (the outer dim split over threads above 2^15 elements).
        int[] shape = {16, 11, 48, 48};
        int size = 16 * 11 * 48 * 48;
        int[] bcast = {48 * 48, 0, 48, 1};
        int[] transposed = {1, 16, 16 * 11 * 48, 16 * 11};
        int[] out = {11 * 48 * 48, 48 * 48, 48, 1};
        int saved = Parallel.threads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                int[] hits = new int[size];
                float[] got = new float[size];
                StridedLoop.forEachRowParallel(shape, new int[][] {bcast, transposed, out}, new int[] {3, 0, 0}, (o, st, n) -> {
                    for (int i = 0; i < n; i++) {
                        int at = o[2] + i * st[2];
                        hits[at]++;
                        got[at] = (o[0] + i * st[0]) * 1e-3f + (o[1] + i * st[1]);
                    }
                });
                for (int b = 0, at = 0; b < 16; b++) {
                    for (int c = 0; c < 11; c++) {
                        for (int y = 0; y < 48; y++) {
                            for (int x = 0; x < 48; x++, at++) {
                                assertEquals(1, hits[at], "element " + at + " on " + threads + " threads");
                                int a = 3 + b * bcast[0] + y * bcast[2] + x;
                                int t = b + c * 16 + y * transposed[2] + x * transposed[3];
                                assertEquals(a * 1e-3f + t, got[at], "element " + at + " on " + threads + " threads");
                            }
                        }
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void reduceKernels() {
        float[] x = {9, 1, 2, 3, 4, 5, 6, 7};
        float[] out = new float[2];
        int[] idx = new int[2];
        Reduce.sum(x, 1, 2, 3, 1f, out, 0);
        assertArrayEquals(new float[] {6, 15}, out);
        Reduce.sum(x, 1, 2, 3, 1f / 3, out, 0);
        assertArrayEquals(new float[] {2, 5}, out, 1e-6f);
        Reduce.extreme(x, 1, 2, 3, true, out, 0, idx);
        assertArrayEquals(new float[] {3, 6}, out);
        assertArrayEquals(new int[] {2, 2}, idx);
        Reduce.extreme(x, 1, 2, 3, false, out, 0, idx);
        assertArrayEquals(new float[] {1, 4}, out);
        assertArrayEquals(new int[] {0, 0}, idx);
        Reduce.logSumExp(new float[] {0, 0, 0, 0}, 0, 1, 4, out, 0);
        assertEquals((float) Math.log(4), out[0], 1e-6f);
    }

    /** log-softmax and its backward against a double-precision reference, for short rows (many per exp block), rows across block ends and rows longer than a block. */
    @Test
    void logSoftmaxKernelsMatchDoubleReference() {
        SplittableRandom r = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {3, 11}, {400, 11}, {5, 17}, {2, 3000}};
        for (int[] rl : shapes) {
            int runs = rl[0];
            int len = rl[1];
            float[] x = random(r, runs * len + 3);
            float[] g = random(r, runs * len);
            for (int i = 0; i < x.length; i++) {
                x[i] *= 20; // exps far from 1, so a missing shift would show
            }
            float[] y = new float[runs * len];
            float[] gx = new float[runs * len];
            float[] lse = new float[runs];
            Reduce.logSumExp(x, 3, runs, len, lse, 0);
            Reduce.logSoftmax(x, 3, runs, len, y, 0);
            Reduce.logSoftmaxBackward(g, 0, y, 0, runs, len, gx, 0);
            for (int row = 0; row < runs; row++) {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < len; i++) {
                    m = Math.max(m, x[3 + row * len + i]);
                }
                double s = 0;
                double gs = 0;
                for (int i = 0; i < len; i++) {
                    s += Math.exp(x[3 + row * len + i] - m);
                    gs += g[row * len + i];
                }
                double want = m + Math.log(s);
                assertEquals(want, lse[row], 2e-6 * Math.max(1, Math.abs(want)), "lse " + runs + "x" + len + " row " + row);
                for (int i = 0; i < len; i++) {
                    int at = row * len + i;
                    double ly = x[3 + at] - want;
                    assertEquals(ly, y[at], 2e-6 * Math.max(1, Math.abs(ly)), "y " + runs + "x" + len + " at " + at);
                    double dx = g[at] - Math.exp(ly) * gs;
                    assertEquals(dx, gx[at], 1e-5 * Math.max(1, Math.abs(gs)), "gx " + runs + "x" + len + " at " + at);
                }
            }
        }
    }

    /** NaN anywhere in a row makes the row NaN; all -inf gives -inf (torch.logsumexp); +inf gives +inf. */
    @Test
    void logSumExpNonFinite() {
        float inf = Float.POSITIVE_INFINITY;
        float[] x = {1, Float.NaN, 2, -inf, -inf, -inf, 1, inf, 0};
        float[] out = new float[3];
        Reduce.logSumExp(x, 0, 3, 3, out, 0);
        assertEquals(Float.NaN, out[0]);
        assertEquals(-inf, out[1]);
        assertEquals(inf, out[2]);
        // the same rows 16 times over: with the Vector API, a vector of rows at a time
        float[] many = new float[48 * 3];
        for (int i = 0; i < many.length; i++) {
            many[i] = x[i % 9];
        }
        float[] outs = new float[48];
        Reduce.logSumExp(many, 0, 48, 3, outs, 0);
        for (int r = 0; r < 48; r++) {
            assertEquals(out[r % 3], outs[r], "row " + r);
        }
    }
}
