package dev.flint.core.kernel.pool;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.VectorSupport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Max pooling (the vector 2x2 kernel and the scalar one) against a direct loop written from
 * PyTorch's rule: scan the window in row-major order and take v where {@code v > best || isNaN(v)};
 * the arg-max is the flat index in the plane. Inputs come from a few levels only, so ties are
 * everywhere (as after a ReLU), and some planes hold NaNs.
 */
class PoolKernelsTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest(name = "planes={0} {1}x{2} k={3} s={4} p={5} ceil={6} threads={7}")
    @CsvSource({
        // 2x2 stride 2 (the vector kernel): LeNet's 28 -> 14 and 10 -> 5, widths around the vector width, odd inputs (last column dropped)
        "7,28,28,2,2,0,false,1", "9,10,10,2,2,0,false,2", "3,6,34,2,2,0,false,1", "3,4,64,2,2,0,false,2",
        "2,5,67,2,2,0,false,1", "5,9,31,2,2,0,false,2", "4,2,2,2,2,0,false,1", "1,8,98,2,2,0,false,1",
        // not the vector kernel: ceil mode with odd sizes, padding, 3x3 stride 2, stride 1
        "3,9,9,2,2,0,true,1", "3,8,8,2,2,1,false,2", "2,13,11,3,2,1,false,1", "2,7,7,2,1,0,false,1",
        // other stride-2 windows on vectors: ResNet's 3x3 padding 1 (112 -> 56), exactly one vector of inner outputs,
        // AlexNet's 3x3 without padding, ceil mode, 2x2 with padding, 5x5 padding 2
        "3,112,112,3,2,1,false,1", "4,34,34,3,2,1,false,2", "2,35,36,3,2,1,false,1", "2,55,55,3,2,0,false,2",
        "3,56,57,3,2,0,true,1", "3,40,40,2,2,1,false,2", "2,9,41,5,2,2,false,1"})
    void matchesTheDefinition(int planes, int h, int w, int k, int s, int p, boolean ceil, int threads) {
        Parallel.setThreads(threads);
        PoolGeometry g = new PoolGeometry(planes, h, w, k, k, s, s, p, p, 1, 1, ceil);
        SplittableRandom r = new SplittableRandom(planes * 131L + h * 17L + w);
        float[] x = new float[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(4) - 1; // -1, 0, 1, 2: many ties
        }
        for (int i = 0; i < x.length / 11; i++) {
            x[r.nextInt(x.length)] = Float.NaN;
        }
        int oh = g.outH();
        int ow = g.outW();
        float[] out = new float[planes * oh * ow];
        int[] arg = new int[out.length];
        PoolKernels.maxForward(g, x, out, arg);
        float[] expected = new float[out.length];
        int[] expectedArg = new int[out.length];
        for (int q = 0; q < planes; q++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int ki = 0; ki < k; ki++) {
                        for (int kj = 0; kj < k; kj++) {
                            int iy = oy * s - p + ki;
                            int ix = ox * s - p + kj;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = x[q * h * w + iy * w + ix];
                            if (at < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                at = iy * w + ix;
                            }
                        }
                    }
                    int o = (q * oh + oy) * ow + ox;
                    expected[o] = best;
                    expectedArg[o] = at;
                }
            }
        }
        assertArrayEquals(expectedArg, arg, "arg-max");
        for (int i = 0; i < out.length; i++) {
            assertEquals(expected[i], out[i], "output " + i);
        }
    }

    @org.junit.jupiter.api.Test
    void strideTwoWindowsWithAVectorOfInnerOutputsGoThroughTheVectorKernel() {
        boolean vector = VectorSupport.enabled();
        assertEquals(vector, vector && VectorPool.appliesStride2(new PoolGeometry(1, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, false)));
        assertEquals(vector, vector && VectorPool.appliesStride2(new PoolGeometry(1, 34, 34, 3, 3, 2, 2, 1, 1, 1, 1, false)));
        assertEquals(vector, vector && VectorPool.appliesStride2(new PoolGeometry(1, 9, 41, 5, 5, 2, 2, 2, 2, 1, 1, false)));
        if (vector) {
            // 15 inner outputs: a vector of them with 8 lanes (AVX2), too few with 16 (AVX-512)
            PoolGeometry fifteen = new PoolGeometry(1, 32, 32, 3, 3, 2, 2, 1, 1, 1, 1, false);
            assertEquals(15, VectorPool.interiorEnd(fifteen) - VectorPool.interiorStart(fifteen));
            assertEquals(VectorSupport.floatLanes() <= 15, VectorPool.appliesStride2(fifteen));
            assertEquals(false, VectorPool.appliesStride2(new PoolGeometry(1, 112, 112, 3, 3, 1, 1, 1, 1, 1, 1, false)));
        }
    }

    /**
     * The backward passes are the adjoints of the forward maps: for max pooling with its arg-max
     * fixed, sum_o gy[o] * x[argmax[o]] = sum_i gx[i] * x[i] for any x; for average pooling,
     * <avg(x), gy> = <x, avgBackward(gy)>. Checked in double against the float kernels, with gx
     * pre-filled with garbage (every element must be overwritten), on 1 and 2 threads (planes split).
     */
    @ParameterizedTest(name = "planes={0} {1}x{2} k={3} s={4} p={5} threads={6}")
    @CsvSource({"5,9,11,2,2,0,1", "5,9,11,2,2,0,2", "7,10,10,3,2,1,2", "3,7,7,3,1,1,2", "1,6,6,2,2,0,2"})
    void backwardIsTheAdjointOfForward(int planes, int h, int w, int k, int s, int p, int threads) {
        Parallel.setThreads(threads);
        PoolGeometry g = new PoolGeometry(planes, h, w, k, k, s, s, p, p, 1, 1, false);
        SplittableRandom r = new SplittableRandom(planes * 7L + h * 3L + threads);
        float[] x = new float[planes * h * w];
        float[] probe = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
            probe[i] = (float) r.nextDouble(-1, 1);
        }
        int n = planes * g.outH() * g.outW();
        float[] gy = new float[n];
        for (int i = 0; i < n; i++) {
            gy[i] = (float) r.nextDouble(-1, 1);
        }
        float[] out = new float[n];
        int[] arg = new int[n];
        PoolKernels.maxForward(g, x, out, arg);
        float[] gx = new float[x.length];
        java.util.Arrays.fill(gx, 123f);
        PoolKernels.maxBackward(g, gy, arg, gx);
        int outPlane = g.outH() * g.outW();
        double lhs = 0;
        for (int o = 0; o < n; o++) {
            lhs += (double) gy[o] * probe[o / outPlane * h * w + arg[o]];
        }
        assertEquals(lhs, dot(gx, probe), 1e-4, "max pooling: <gy, probe at arg-max> vs <gx, probe>");

        PoolKernels.avgForward(g, true, probe, out);
        java.util.Arrays.fill(gx, 123f);
        PoolKernels.avgBackward(g, true, gy, gx);
        assertEquals(dot(out, gy), dot(probe, gx), 1e-4, "average pooling: <avg(probe), gy> vs <probe, avgBackward(gy)>");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
