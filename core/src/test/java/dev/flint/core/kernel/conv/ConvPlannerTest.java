package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.VectorSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import dev.flint.core.kernel.runtime.Settings;
import dev.flint.core.testing.ChildJvm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.flint.core.kernel.conv.ConvAlgorithm.GRADIENT_AS_FORWARD;
import static dev.flint.core.kernel.conv.ConvAlgorithm.IM2COL;
import static dev.flint.core.kernel.conv.ConvAlgorithm.IMAGE_GEMM;
import static dev.flint.core.kernel.conv.ConvAlgorithm.NCHW_DIRECT;
import static dev.flint.core.kernel.conv.ConvAlgorithm.NHWC_DIRECT;
import static dev.flint.core.kernel.conv.ConvAlgorithm.WINOGRAD;
import static dev.flint.core.kernel.conv.ConvPass.FORWARD;
import static dev.flint.core.kernel.conv.ConvPass.INPUT_GRAD;
import static dev.flint.core.kernel.conv.ConvPass.WEIGHT_GRAD;

/**
 * The convolution planner's choices: the routing table of conv-routing.txt (every pass of 111
 * geometries at 16, 8 and 1 lanes, 1 and 2 threads, as the kernels chose before the rules were
 * gathered into {@link ConvPlanner}), then the rules one at a time on the layers they were made
 * for, and the planner only ever choosing what {@link ConvAlgorithm#supports} allows.
 */
class ConvPlannerTest {
    @BeforeAll
    static void defaultTuning() {
        Assumptions.assumeTrue(System.getProperties().stringPropertyNames().stream().noneMatch(p -> p.startsWith("flint.conv.")
                || p.startsWith("flint.winograd.")), "-Dflint.conv.* / -Dflint.winograd.* change the routing");
    }

    /** One row of the routing table. */
    private record Route(int lanes, int threads, ConvGeometry g, ConvAlgorithm[] plan) {
    }

    private static List<Route> table() throws Exception {
        List<Route> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ConvPlannerTest.class.getResourceAsStream("conv-routing.txt")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\|");
                int[] target = ints(parts[0]);
                int[] v = ints(parts[1]);
                ConvAlgorithm[] plan = Arrays.stream(parts[2].trim().split(" ")).map(ConvAlgorithm::valueOf).toArray(ConvAlgorithm[]::new);
                rows.add(new Route(target[0], target[1], geometry(v), plan));
            }
        }
        return rows;
    }

    private static int[] ints(String s) {
        return Arrays.stream(s.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    static ConvGeometry geometry(int... v) {
        return new ConvGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    /** The 14 numbers of a square geometry: n, c, hw, o, k, stride, pad, dil, groups. */
    private static ConvGeometry g(int n, int c, int hw, int o, int k, int s, int p, int d, int groups) {
        return new ConvGeometry(n, c, hw, hw, o, k, k, s, s, p, p, d, d, groups);
    }

    private static void assertPlan(ConvGeometry g, int lanes, int threads, ConvAlgorithm f, ConvAlgorithm i, ConvAlgorithm w) {
        String at = g + " at " + lanes + " lanes, " + threads + " threads";
        assertEquals(f, ConvPlanner.plan(g, FORWARD, lanes, threads), "forward of " + at);
        assertEquals(i, ConvPlanner.plan(g, INPUT_GRAD, lanes, threads), "input gradient of " + at);
        assertEquals(w, ConvPlanner.plan(g, WEIGHT_GRAD, lanes, threads), "weight gradient of " + at);
    }

    @Test
    void theRoutingTableHolds() throws Exception {
        List<Route> rows = table();
        assertEquals(555, rows.size());
        for (Route r : rows) {
            assertPlan(r.g(), r.lanes(), r.threads(), r.plan()[0], r.plan()[1], r.plan()[2]);
        }
    }

    @Test
    void thePlannerOnlyChoosesWhatIsSupported() throws Exception {
        for (Route r : table()) {
            for (ConvPass pass : ConvPass.values()) {
                ConvAlgorithm a = ConvPlanner.plan(r.g(), pass, r.lanes(), r.threads());
                assertTrue(a.supports(r.g(), pass, r.lanes(), r.threads()), a + " for " + pass + " of " + r);
            }
        }
    }

    @Test
    void settingsKnowEveryAlgorithmByName() {
        assertEquals(Arrays.stream(ConvAlgorithm.values()).map(Enum::name).toList(), Settings.CONV_ALGORITHMS);
    }

    @Test
    void scalarKernelsUseIm2colForEverything() {
        assertPlan(g(16, 128, 28, 128, 3, 1, 1, 1, 1), 1, 2, IM2COL, IM2COL, IM2COL);
        assertPlan(g(1, 256, 7, 512, 3, 1, 1, 1, 1), 1, 1, IM2COL, IM2COL, IM2COL);
    }

    @Test
    void resNet18LayersAtBatchOneAndSixteen() {
        // batch 1, AVX-512: few positions with many channels go NHWC direct; the input gradients of
        // stride-1 layers are forward convolutions of the output gradient, and so go NHWC direct too
        assertPlan(g(1, 128, 28, 128, 3, 1, 1, 1, 1), 16, 2, NHWC_DIRECT, GRADIENT_AS_FORWARD, IMAGE_GEMM);
        assertPlan(g(1, 256, 14, 512, 3, 2, 1, 1, 1), 16, 2, NHWC_DIRECT, IM2COL, IMAGE_GEMM);
        assertEquals(NHWC_DIRECT, ConvPlanner.plan(ConvLayout.inputGradGeometry(g(1, 128, 28, 128, 3, 1, 1, 1, 1)), FORWARD, 16, 2));
        // AVX2 (8 lanes): NHWC direct would spill its 17 live vectors
        assertPlan(g(1, 128, 28, 128, 3, 1, 1, 1, 1), 8, 2, IMAGE_GEMM, GRADIENT_AS_FORWARD, IMAGE_GEMM);
        // batch 16: enough positions for Winograd in every pass (12,544 > 2,048)
        assertPlan(g(16, 128, 28, 128, 3, 1, 1, 1, 1), 16, 2, WINOGRAD, WINOGRAD, WINOGRAD);
        // the 512-channel 7x7 layer at batch 16: 784 positions, too few for Winograd
        assertPlan(g(16, 512, 7, 512, 3, 1, 1, 1, 1), 16, 2, NHWC_DIRECT, GRADIENT_AS_FORWARD, IMAGE_GEMM);
        // conv1 (3 input channels, 7x7 stride 2) gathers from the padded image (its strided input
        // gradient builds columns); 1x1 downsamples build the column matrix in the forward pass (a
        // strided copy the GEMM packs by row copies), gather in the weight gradient
        assertPlan(g(16, 3, 224, 64, 7, 2, 3, 1, 1), 16, 2, IMAGE_GEMM, IM2COL, IMAGE_GEMM);
        assertPlan(g(1, 64, 56, 128, 1, 2, 0, 1, 1), 16, 2, IM2COL, IM2COL, IMAGE_GEMM);
    }

    @Test
    void leNetAndUNetLayers() {
        // LeNet conv1: 6 output channels, too few for the packed GEMM, still the wide image
        assertPlan(g(64, 1, 28, 6, 5, 1, 2, 1, 1), 16, 2, IMAGE_GEMM, IMAGE_GEMM, IMAGE_GEMM);
        // LeNet conv2: one vector of output channels, unpadded: NCHW direct at 16 lanes, not at 8
        assertPlan(g(64, 6, 14, 16, 5, 1, 0, 1, 1), 16, 2, NCHW_DIRECT, IMAGE_GEMM, IMAGE_GEMM);
        assertPlan(g(64, 6, 14, 16, 5, 1, 0, 1, 1), 8, 2, IMAGE_GEMM, IMAGE_GEMM, IMAGE_GEMM);
        // U-Net's 16-channel 3x3 layers at 64x64: Winograd needs 32 input channels; the input
        // gradient as a forward convolution (144 column rows per position otherwise)
        assertPlan(g(16, 16, 64, 16, 3, 1, 1, 1, 1), 16, 2, IMAGE_GEMM, GRADIENT_AS_FORWARD, IMAGE_GEMM);
        // a 2x2 stride-2 patchify weight gradient: small weight over long rows, dot products (im2col)
        assertPlan(g(16, 16, 64, 32, 2, 2, 0, 1, 1), 16, 2, IMAGE_GEMM, IM2COL, IM2COL);
    }

    @Test
    void winogradNeedsThreadsWorthOfTiles() {
        // 3x3 with enough channels and positions, but at 2 threads a chunk of one 4x4 sample gives
        // 2 * 3 - 1 tiles per block row, less than a vector
        ConvGeometry small = g(2, 64, 4, 64, 3, 1, 1, 1, 1);
        assertEquals(false, WINOGRAD.supports(small, FORWARD, 16, 2));
        assertEquals(false, WINOGRAD.supports(small, FORWARD, 16, 1));
        assertEquals(true, WINOGRAD.supports(g(2, 64, 32, 64, 3, 1, 1, 1, 1), FORWARD, 16, 2));
        // the weight gradient: output channels a multiple of the lanes
        assertEquals(false, WINOGRAD.supports(g(4, 40, 30, 33, 3, 1, 1, 1, 1), WEIGHT_GRAD, 16, 2));
        assertEquals(true, WINOGRAD.supports(g(4, 40, 30, 33, 3, 1, 1, 1, 1), FORWARD, 16, 2));
        // the input gradient: its own padding 2 - pad must not be negative
        assertEquals(false, WINOGRAD.supports(g(4, 40, 30, 32, 3, 1, 3, 1, 1), INPUT_GRAD, 16, 2));
    }

    @Test
    void directAndAsForwardLimits() {
        assertEquals(false, NCHW_DIRECT.supports(g(8, 6, 14, 16, 5, 1, 1, 1, 1), FORWARD, 16, 2)); // padded
        assertEquals(false, NCHW_DIRECT.supports(g(8, 6, 14, 32, 5, 1, 0, 1, 1), FORWARD, 16, 2)); // two vectors
        assertEquals(false, NCHW_DIRECT.supports(g(8, 6, 14, 16, 5, 1, 0, 1, 1), INPUT_GRAD, 16, 2)); // forward only
        assertEquals(false, NHWC_DIRECT.supports(g(1, 64, 7, 64, 3, 1, 1, 1, 2), FORWARD, 16, 2)); // groups
        assertEquals(false, NHWC_DIRECT.supports(g(1, 64, 7, 64, 3, 1, 1, 1, 1), FORWARD, 1, 2)); // scalar
        assertEquals(false, GRADIENT_AS_FORWARD.supports(g(4, 16, 8, 16, 3, 1, 3, 1, 1), INPUT_GRAD, 16, 2)); // padding > k - 1
        assertEquals(false, GRADIENT_AS_FORWARD.supports(g(4, 16, 8, 16, 3, 2, 1, 1, 1), INPUT_GRAD, 16, 2)); // stride 2
        assertEquals(true, GRADIENT_AS_FORWARD.supports(g(4, 16, 8, 16, 3, 1, 2, 1, 1), INPUT_GRAD, 1, 1)); // at its limit, any lanes
        assertEquals(false, IMAGE_GEMM.supports(g(4, 16, 8, 16, 3, 2, 1, 1, 1), INPUT_GRAD, 16, 2)); // strided input gradient
        assertEquals(false, IMAGE_GEMM.supports(g(4, 3, 9, 8, 3, 2, 1, 1, 1), FORWARD, 16, 2)); // strided, too small to pack
        assertEquals(true, IMAGE_GEMM.supports(g(4, 3, 9, 8, 3, 1, 1, 1, 1), FORWARD, 16, 2)); // stride 1: unpacked
    }

    @Test
    void aForcedAlgorithmRunsWhereItIsSupported() throws Exception {
        Assumptions.assumeTrue(VectorSupport.enabled(), "Winograd, the default here, is a Vector API path");
        String planned = ChildJvm.run(60, true, List.of(), ConvForceProbe.class).requireSuccess().output();
        assertEquals(List.of("plan WINOGRAD WINOGRAD WINOGRAD", "plan IM2COL IM2COL IM2COL", "interior 288.0 corner 128.0"),
                probeLines(planned), planned);
        String forced = ChildJvm.run(60, true, List.of("-Dflint.conv.algorithm=im2col"), ConvForceProbe.class).requireSuccess().output();
        assertEquals(List.of("plan IM2COL IM2COL IM2COL", "plan IM2COL IM2COL IM2COL", "interior 288.0 corner 128.0"),
                probeLines(forced), forced);
        // the stride-2 layer has no NCHW-direct form (and no input gradient or weight gradient one): it keeps its plan
        String partly = ChildJvm.run(60, true, List.of("-Dflint.conv.algorithm=NCHW_DIRECT"), ConvForceProbe.class).requireSuccess().output();
        assertEquals("plan IM2COL IM2COL IM2COL", probeLines(partly).get(1), partly);
    }

    private static List<String> probeLines(String out) {
        return out.lines().filter(l -> l.startsWith("plan ") || l.startsWith("interior ")).toList();
    }

    @Test
    void theInputGradientAsAForwardConvolutionHasTheSameShapes() {
        // 5x5 without padding: the gradient convolution pads by 4 and gives back the 14x14 input
        ConvGeometry back = ConvLayout.inputGradGeometry(g(2, 16, 14, 32, 5, 1, 0, 1, 1));
        assertEquals(g(2, 32, 10, 16, 5, 1, 4, 1, 1), back);
        assertEquals(14, back.outH());
        ConvGeometry dilated = ConvLayout.inputGradGeometry(new ConvGeometry(2, 16, 9, 8, 24, 3, 3, 1, 1, 1, 1, 2, 2, 1));
        assertEquals(new ConvGeometry(2, 24, 7, 6, 16, 3, 3, 1, 1, 3, 3, 2, 2, 1), dilated);
        assertEquals(9, dilated.outH());
        assertEquals(8, dilated.outW());
    }
}
