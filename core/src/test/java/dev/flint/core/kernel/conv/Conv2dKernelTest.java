package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.PreparedWeights;
import dev.flint.core.kernel.runtime.VectorSupport;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The convolution kernels (forward, input gradient, weight gradient, bias gradient) against a
 * direct seven-loop convolution written from the definition, on odd shapes, strides, padding,
 * dilation and groups, at 1 and 2 threads: each pass through its planned algorithm, then through
 * every other algorithm that supports it, forced.
 */
class Conv2dKernelTest {
    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** y[n,o,oy,ox] = b[o] + sum over (c in o's group, ki, kj) of w[o,c,ki,kj] * x[n, c, oy*s-p+ki*d, ox*s-p+kj*d]. */
    private static double[] directForward(ConvGeometry g, float[] x, float[] w, float[] bias) {
        int oh = g.outH();
        int ow = g.outW();
        int cg = g.groupInChannels();
        int og = g.groupOutChannels();
        double[] y = new double[g.batch() * g.outChannels() * oh * ow];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int grp = o / og;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double acc = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cg; c++) {
                            for (int ki = 0; ki < g.kH(); ki++) {
                                for (int kj = 0; kj < g.kW(); kj++) {
                                    int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                                    int ix = ox * g.strideW() - g.padW() + kj * g.dilW();
                                    if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                        continue;
                                    }
                                    acc += (double) w[((o * cg + c) * g.kH() + ki) * g.kW() + kj]
                                            * x[((n * g.inChannels() + grp * cg + c) * g.inH() + iy) * g.inW() + ix];
                                }
                            }
                        }
                        y[((n * g.outChannels() + o) * oh + oy) * ow + ox] = acc;
                    }
                }
            }
        }
        return y;
    }

    /** The gradients of sum(gy * y) by the same loops: every (output, tap) pair adds its product to gx and gw. */
    private static double[][] directBackward(ConvGeometry g, float[] x, float[] w, float[] gy) {
        int oh = g.outH();
        int ow = g.outW();
        int cg = g.groupInChannels();
        int og = g.groupOutChannels();
        double[] gx = new double[x.length];
        double[] gw = new double[w.length];
        double[] gb = new double[g.outChannels()];
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int grp = o / og;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        double d = gy[((n * g.outChannels() + o) * oh + oy) * ow + ox];
                        gb[o] += d;
                        for (int c = 0; c < cg; c++) {
                            for (int ki = 0; ki < g.kH(); ki++) {
                                for (int kj = 0; kj < g.kW(); kj++) {
                                    int iy = oy * g.strideH() - g.padH() + ki * g.dilH();
                                    int ix = ox * g.strideW() - g.padW() + kj * g.dilW();
                                    if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                        continue;
                                    }
                                    int wi = ((o * cg + c) * g.kH() + ki) * g.kW() + kj;
                                    int xi = ((n * g.inChannels() + grp * cg + c) * g.inH() + iy) * g.inW() + ix;
                                    gx[xi] += d * w[wi];
                                    gw[wi] += d * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {gx, gw, gb};
    }

    private static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-4 * (1 + Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + " at " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    @ParameterizedTest(name = "N={0} C={1} {2}x{3} O={4} k={5}x{6} s={7} p={8} d={9} g={10}")
    @CsvSource({
        // LeNet's two convolutions: one sample per GEMM (28x28) and several side by side (10x10)
        "5,1,28,28,6,5,5,1,2,1,1", "7,6,14,14,16,5,5,1,0,1,1",
        // small planes side by side, odd sizes, a batch that does not divide into the GEMM groups
        "9,3,7,7,17,3,3,1,1,1,1", "70,16,4,4,32,3,3,1,1,1,1", "3,5,9,7,7,3,2,2,1,1,1",
        // stride, dilation, groups, 1x1 (ResNet's downsample), size-1 planes
        "4,4,11,9,6,3,3,2,1,2,2", "6,8,8,8,16,1,1,2,0,1,1", "5,2,1,1,3,1,1,1,0,1,1", "2,6,6,5,9,3,3,1,2,1,3",
        // a single sample, and a plane large enough for one sample per GEMM with groups
        "1,3,10,10,5,3,3,1,1,1,1", "2,4,30,24,4,5,3,1,2,1,2",
        // planes large enough to go in bands of output rows, the last band shorter; with stride and groups
        "2,16,48,48,16,3,3,1,1,1,1", "3,128,47,41,8,3,3,2,1,1,2",
        // stride 1 without the column matrix (ImageGemmConv): dilation with groups, non-square kernel, 1x1, several samples per image
        "5,12,9,11,32,3,3,1,2,2,2", "3,8,10,12,16,3,5,1,1,1,1", "4,40,6,6,16,1,1,1,0,1,1", "11,16,5,7,16,3,3,1,1,1,1",
        // ImageGemmConv's transposed weight gradient: im2col rows not a multiple of 6 (63, 117 past MC = 96),
        // output channels filling the column panels of 32 (32, 64, 32 per group) or not (40, 20)
        "3,7,9,9,32,3,3,1,1,1,1", "2,13,12,10,64,3,3,1,1,1,1", "2,14,9,8,64,3,3,1,1,1,2",
        "3,7,9,9,40,3,3,1,1,1,1", "2,13,12,10,20,3,3,1,1,1,1",
        // compact columns (the dropped columns skipped through a column table, forward and weight
        // gradient): 5x5 planes padded to 7 (1,025 outputs, a partial last panel; 144 im2col rows),
        // with groups, and an odd batch of non-square planes (more than NhwcDirectConv's 1,024
        // positions, which would take the forward pass)
        "41,16,5,5,64,3,3,1,1,1,1", "4,32,5,5,64,3,3,1,1,1,2", "43,24,4,6,48,3,3,1,1,1,1",
        // strided convolutions gathered from the padded image (forward and weight gradient): ResNet's
        // conv1 (7x7, stride 2, padding 3) on odd planes, dilation 2 with groups, a 1x1 downsample
        "3,3,23,21,16,7,7,2,3,1,1", "2,16,15,13,32,3,3,2,1,2,2", "4,32,9,9,64,1,1,2,0,1,1",
        // few output channels (dot-product weight gradient): a wide image past one depth chunk (4096), 5 x 9 dot products in 3 x 4 blocks
        "2,1,70,66,5,3,3,1,1,1,1",
        // Winograd F(2x2, 3x3): forward only (16 outputs), both with odd channel counts, padding 0 (odd output
        // sizes; input gradient with padding 2) and 2, one wide sample, many small planes per block, two bands
        "3,32,33,31,16,3,3,1,1,1,1", "4,40,30,30,33,3,3,1,1,1,1", "4,32,35,29,32,3,3,1,0,1,1",
        "2,36,40,38,48,3,3,1,2,1,1", "1,32,64,50,32,3,3,1,1,1,1", "40,32,8,8,16,3,3,1,1,1,1", "1,48,80,70,32,3,3,1,1,1,1",
        // direct forward (16 outputs in the lanes, no padding): non-square kernel, 49 positions per sample
        // (blocks of 12 across samples, a partial last block), one sample
        "5,3,9,11,16,3,5,1,0,1,1", "1,6,14,14,16,5,5,1,0,1,1",
        // stride-1 input gradient as a forward convolution of the output gradient: dilation 2 with
        // padding below 2 * (k - 1), a non-square kernel with padding at its limit, odd channel counts
        "2,16,9,8,24,3,3,1,1,2,1", "3,20,7,9,17,3,5,1,2,1,1", "2,17,12,11,16,3,3,1,1,1,1",
        // blocked direct forward (two vectors of output channels x 7 positions, channels-last input;
        // with 16-lane vectors), and through it the input gradients of stride-1 layers: ResNet's 7x7
        // planes (both passes), few positions across samples (13 x 16), stride 2 with a partial
        // channel block (40), unpadded, dilation 2 with a non-square kernel and 33 channels (the
        // input gradient's last block one channel), the input gradient alone over 5x6 planes (90
        // positions: blocks across samples, a partial last one)
        "2,32,7,7,64,3,3,1,1,1,1", "13,16,4,4,32,3,3,1,1,1,1", "3,16,9,11,40,3,3,2,1,1,1", "2,16,8,8,32,3,3,1,0,1,1",
        "3,33,6,7,48,3,5,1,2,2,1", "3,32,5,6,16,3,3,1,1,1,1",
        // strided weight gradients as dot products (small weights, long rows): a U-Net transposed
        // convolution's 2x2 stride-2 patches (32 x 64 over 1,024 positions), with groups, and an odd
        // 3x3 stride-2 case whose 529 positions leave a tail past the last vector
        "2,16,64,64,32,2,2,2,0,1,1", "2,8,40,40,12,2,2,2,0,1,2", "3,5,46,46,7,3,3,2,1,1,1"})
    void matchesTheDirectConvolution(int n, int c, int h, int w, int o, int kh, int kw, int s, int p, int d, int groups) {
        assertMatchesDirect(new ConvGeometry(n, c, h, w, o, kh, kw, s, s, p, p, d, d, groups));
    }

    /**
     * Geometries whose height and width differ in stride, padding or dilation, through the blocked
     * direct path where the vectors allow: dilation along H only (a kernel row still one contiguous
     * run) with different paddings, both passes; batch 1 with stride 2 along H only, padding 3 along
     * W (past the kernel's extent) and 33 output channels (one past a block); dilation along W only
     * (one run per tap).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("asymmetricGeometries")
    void asymmetricGeometriesMatchTheDirectConvolution(ConvGeometry g) {
        assertMatchesDirect(g);
    }

    static Stream<ConvGeometry> asymmetricGeometries() {
        return Stream.of(
                new ConvGeometry(2, 32, 6, 9, 48, 3, 5, 1, 1, 2, 1, 2, 1, 1),
                new ConvGeometry(1, 16, 9, 7, 33, 3, 3, 2, 1, 1, 3, 1, 1, 1),
                new ConvGeometry(2, 20, 7, 10, 32, 3, 3, 1, 1, 1, 2, 1, 2, 1));
    }

    private static void assertMatchesDirect(ConvGeometry g) {
        int n = g.batch();
        int c = g.inChannels();
        int h = g.inH();
        int w = g.inW();
        int o = g.outChannels();
        int groups = g.groups();
        int kh = g.kH();
        int kw = g.kW();
        SplittableRandom r = new SplittableRandom(31L * n + 7L * c + h * 3L + o);
        float[] x = random(r, n * c * h * w);
        float[] wt = random(r, o * (c / groups) * kh * kw);
        float[] bias = random(r, o);
        float[] gy = random(r, n * o * g.outH() * g.outW());
        double[] y = directForward(g, x, wt, bias);
        double[][] grads = directBackward(g, x, wt, gy);
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            String at = " (" + threads + " threads)";
            float[] out = new float[y.length];
            Conv2dKernel.forward(g, x, wt, bias, out);
            assertClose(y, out, "forward" + at);
            float[] gx = random(r, x.length); // overwritten, whatever was there
            Conv2dKernel.backwardInput(g, gy, wt, gx);
            assertClose(grads[0], gx, "input gradient" + at);
            float[] gw = random(r, wt.length);
            Conv2dKernel.backwardWeight(g, x, gy, gw);
            assertClose(grads[1], gw, "weight gradient" + at);
            float[] gb = random(r, o);
            Conv2dKernel.backwardBias(g, gy, gb);
            assertClose(grads[2], gb, "bias gradient" + at);
            // every other algorithm that supports a pass here, forced
            int lanes = VectorSupport.floatLanes();
            for (ConvAlgorithm a : ConvAlgorithm.values()) {
                String forced = " forced through " + a + at;
                if (a.supports(g, ConvPass.FORWARD, lanes, threads)) {
                    Conv2dKernel.forward(g, x, wt, null, bias, out, a);
                    assertClose(y, out, "forward" + forced);
                }
                if (a.supports(g, ConvPass.INPUT_GRAD, lanes, threads)) {
                    Conv2dKernel.backwardInput(g, gy, wt, gx, a);
                    assertClose(grads[0], gx, "input gradient" + forced);
                }
                if (a.supports(g, ConvPass.WEIGHT_GRAD, lanes, threads)) {
                    Conv2dKernel.backwardWeight(g, x, gy, gw, a);
                    assertClose(grads[1], gw, "weight gradient" + forced);
                }
            }
        }
    }

    /**
     * Prepared weights kept between calls: the first two calls of a version prepare them, the later
     * ones are served from the cache with the same result, also for another batch and image size
     * (the cached form depends on the weights alone); a new version (the weights changed) is
     * prepared afresh, so the output follows the new weights. A cache that ignored the version, or
     * kept scratch that a later call overwrote (every call is followed by one with other weights,
     * uncached, through the same scratch), fails it. Paths: Winograd (3x3, 32 -> 16, batch 4 at
     * 24x24 then batch 8 at 20x20), the packed GEMM of the wide image (ImageGemmConv, 7x7 and 9x9 planes;
     * stride 2, gathered), and with few positions, the same two layers through NhwcDirectConv.
     */
    @ParameterizedTest(name = "N={0} C={1} {2}x{2} O={3} s={4}, then N={5} {6}x{6}")
    @CsvSource({"4,32,24,16,1,8,20", "24,64,7,48,1,20,9", "42,40,9,32,2,30,11", "1,64,7,48,1,2,9", "2,40,9,32,2,1,11"})
    void preparedWeightsAreKeptPerVersion(int n, int c, int hw, int o, int stride, int n2, int hw2) {
        Assumptions.assumeTrue(VectorSupport.enabled(), "the prepared forms exist only for the vector kernels");
        SplittableRandom r = new SplittableRandom(n * 31L + c);
        float[] wt = random(r, o * c * 9);
        float[] other = random(r, wt.length);
        Object owner = new Object();
        int[][] shapes = {{n, hw}, {n, hw}, {n, hw}, {n2, hw2}, {n2, hw2}, {n2, hw2}};
        for (int version = 0; version < 2; version++) {
            long hitsBefore = PreparedWeights.hits();
            for (int call = 0; call < shapes.length; call++) {
                ConvGeometry g = new ConvGeometry(shapes[call][0], c, shapes[call][1], shapes[call][1], o, 3, 3, stride, stride, 1, 1, 1, 1, 1);
                float[] x = random(r, g.batch() * c * g.inH() * g.inW());
                float[] out = new float[g.batch() * o * g.outH() * g.outW()];
                Conv2dKernel.forward(g, x, wt, new PreparedWeights.Source(owner, version), null, out);
                assertClose(directForward(g, x, wt, null), out, "version " + version + ", call " + call);
                // other weights of the same shape, not cached: they go through the same scratch buffers
                Conv2dKernel.forward(g, x, other, null, new float[out.length]);
            }
            assertEquals(hitsBefore + 4, PreparedWeights.hits(), "calls 3 to 6 of version " + version + " served from the cache");
            for (int i = 0; i < wt.length; i++) {
                wt[i] = -2 * wt[i] + 0.5f; // the weights change: the next version
            }
        }
    }

    @Test
    void smallPlanesShareOneGemmLargePlanesGoInBands() {
        ConvGeometry lenetConv2 = new ConvGeometry(64, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1); // 10x10 out
        assertEquals(new Im2colConv.Blocks(6, 10), Im2colConv.blocks(lenetConv2, 32));
        assertEquals(new Im2colConv.Blocks(2, 10), Im2colConv.blocks(lenetConv2, 2));
        ConvGeometry lenetConv1 = new ConvGeometry(64, 1, 28, 28, 6, 5, 5, 1, 1, 2, 2, 1, 1, 1); // 28x28 out
        assertEquals(new Im2colConv.Blocks(1, 28), Im2colConv.blocks(lenetConv1, 32));
        // 4x4 planes with 1,152 im2col rows: capped so the side-by-side matrix stays within 2^18 floats
        ConvGeometry deep = new ConvGeometry(64, 128, 4, 4, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(new Im2colConv.Blocks((1 << 18) / (1152 * 16), 4), Im2colConv.blocks(deep, 32));
        // conv (c): 576 rows x 56x56 = 1.8M floats per sample -> bands of 8 output rows (258,048 floats)
        ConvGeometry convC = new ConvGeometry(32, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(new Im2colConv.Blocks(1, 8), Im2colConv.blocks(convC, 16));
    }

    @Test
    void theWideImageHoldsSamplesSideBySide() {
        boolean vector = VectorSupport.enabled();
        // the wide image: 3 samples of 14+2 columns side by side; columns up to the last output
        ImageGemmConv.Wide w = ImageGemmConv.Wide.of(new ConvGeometry(3, 6, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1), 3);
        assertEquals(new ImageGemmConv.Wide(3, 16, 16, 48, 13 * 48 + 2 * 16 + 14), w);
        // its outputs' columns, sample by sample, row by row
        int[] cols = ImageGemmConv.columns(new ConvGeometry(3, 6, 14, 14, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1), w);
        assertEquals(3 * 14 * 14, cols.length);
        assertEquals(0, cols[0]);
        assertEquals(13, cols[13]);
        assertEquals(48, cols[14]); // row 1 of sample 0
        assertEquals(16, cols[196]); // sample 1
        assertEquals(13 * 48 + 2 * 16 + 13, cols[3 * 196 - 1]);
        // compact when the dropped columns cost more than 8 / og of the GEMM: ResNet-18's 7x7 planes
        // (9 wide: 27% over 512 rows), not its 56x56 ones (58 wide: 3.4% over 64 rows)
        if (vector) {
            ConvGeometry deep = new ConvGeometry(16, 512, 7, 7, 512, 3, 3, 1, 1, 1, 1, 1, 1, 1);
            assertEquals(ConvTuning.COMPACT_COLUMNS, ImageGemmConv.compact(deep, ImageGemmConv.Wide.of(deep, ImageGemmConv.samples(deep, 8)), true));
            assertEquals(ConvTuning.COMPACT_COLUMNS, ImageGemmConv.compact(deep, ImageGemmConv.Wide.of(deep, ImageGemmConv.samples(deep, 8)), false));
            // batch 1: 61 wide columns and 49 outputs are two panels either way
            ConvGeometry single = new ConvGeometry(1, 512, 7, 7, 512, 3, 3, 1, 1, 1, 1, 1, 1, 1);
            assertEquals(false, ImageGemmConv.compact(single, ImageGemmConv.Wide.of(single, 1), true));
            ConvGeometry wide = new ConvGeometry(16, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1);
            assertEquals(false, ImageGemmConv.compact(wide, ImageGemmConv.Wide.of(wide, ImageGemmConv.samples(wide, 8)), false));
        }
    }

    @Test
    void winogradKernelTransformMatchesGgGt() {
        // U = G g G^T for a known kernel, by hand: G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1]
        float[] g = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] u = new float[16];
        Winograd.transformKernel(g, u, 0, 1);
        // G g = [1 2 3; 6 7.5 9; 2 2.5 3; 7 8 9]; then each row r -> (r0, (r0+r1+r2)/2, (r0-r1+r2)/2, r2)
        float[] expected = {1, 3, 1, 3, 6, 11.25f, 3.75f, 9, 2, 3.75f, 1.25f, 3, 7, 12, 4, 9};
        assertArrayEquals(expected, u);
    }

    @Test
    void sameResultForTheSameThreadCount() {
        ConvGeometry g = new ConvGeometry(11, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1);
        SplittableRandom r = new SplittableRandom(5);
        float[] x = random(r, 11 * 6 * 14 * 14);
        float[] gy = random(r, 11 * 16 * 100);
        Parallel.setThreads(2);
        float[] a = new float[16 * 6 * 25];
        float[] b = new float[16 * 6 * 25];
        Conv2dKernel.backwardWeight(g, x, gy, a);
        Conv2dKernel.backwardWeight(g, x, gy, b);
        assertArrayEquals(a, b);
    }
}
