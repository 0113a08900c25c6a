package dev.flint.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.F;
import dev.flint.nn.Module;
import dev.flint.nn.SafeTensors;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The model zoo against torchvision: parameter counts (numbers printed by
 * nn/src/test/python/torchvision_fixture.py with torchvision 0.14.1), the notes' shape tables,
 * forward + backward of every model, and a torchvision state_dict that loads and reproduces
 * PyTorch's logits.
 */
class ZooTest {
    private static final Generator RNG = new Generator(11);

    @Test
    void parameterCountsMatchTorchvision() {
        assertEquals(62_378_344L, AlexNet.paper2012(1000).parameterCount(), "AlexNet 2012 as tabulated in the notes");
        assertEquals(61_100_840L, AlexNet.torchvision(1000).parameterCount(), "alexnet");
        assertEquals(132_863_336L, new VGG(VGG.Depth.VGG11, false, 1000).parameterCount(), "vgg11");
        assertEquals(132_868_840L, new VGG(VGG.Depth.VGG11, true, 1000).parameterCount(), "vgg11_bn");
        assertEquals(138_357_544L, new VGG(VGG.Depth.VGG16, false, 1000).parameterCount(), "vgg16");
        assertEquals(138_365_992L, new VGG(VGG.Depth.VGG16, true, 1000).parameterCount(), "vgg16_bn");
        assertEquals(11_689_512L, new ResNet(ResNet.Depth.RESNET18, 1000).parameterCount(), "resnet18");
        assertEquals(21_797_672L, new ResNet(ResNet.Depth.RESNET34, 1000).parameterCount(), "resnet34");
        assertEquals(25_557_032L, new ResNet(ResNet.Depth.RESNET50, 1000).parameterCount(), "resnet50");
        assertEquals(6_624_904L, new GoogLeNet(1000, false).parameterCount(), "googlenet without aux heads");
        assertEquals(13_004_888L, new GoogLeNet(1000, true).parameterCount(), "googlenet with aux heads");
        assertEquals(32_957_013L, new FCNResNet50(21).parameterCount(), "fcn_resnet50");
    }

    @Test
    void alexNetShapesFollowTheNotesTable() {
        AlexNet net = AlexNet.paper2012(1000);
        net.eval();
        List<int[]> poolShapes = new ArrayList<>();
        Module features = net.namedChildren().get("features");
        features.namedChildren().get("0").registerForwardHook((m, in, out) -> poolShapes.add(out.shape()));
        for (String pool : new String[] {"3", "7", "14"}) {
            features.namedChildren().get(pool).registerForwardHook((m, in, out) -> poolShapes.add(out.shape()));
        }
        Tensor y = net.call(Tensor.randn(RNG, 1, 3, 227, 227));
        assertArrayEquals(new int[] {1, 1000}, y.shape());
        assertArrayEquals(new int[] {1, 96, 55, 55}, poolShapes.get(0));
        assertArrayEquals(new int[] {1, 96, 27, 27}, poolShapes.get(1));
        assertArrayEquals(new int[] {1, 256, 13, 13}, poolShapes.get(2));
        assertArrayEquals(new int[] {1, 256, 6, 6}, poolShapes.get(3));
    }

    @Test
    void uNetValidMapsThePapers572To388() {
        UNet net = new UNet(1, 2, 4, 4, UNet.Padding.VALID, false, RNG); // narrow, same geometry as the paper
        net.eval();
        Tensor y = net.call(Tensor.randn(RNG, 1, 1, 572, 572));
        assertArrayEquals(new int[] {1, 2, 388, 388}, y.shape());
        UNet same = new UNet(3, 5, 4, 3, UNet.Padding.SAME, true, RNG);
        assertArrayEquals(new int[] {2, 5, 24, 32}, same.call(Tensor.randn(RNG, 2, 3, 24, 32)).shape());
    }

    /** Forward and backward at batch 2; every trainable parameter gets a finite, non-zero gradient. */
    private static void trainsEndToEnd(String name, Module m, Tensor x, int classes) {
        m.train();
        Tensor out = m.call(x);
        Tensor loss;
        if (out.dim() == 4) { // segmentation: per-pixel targets
            loss = F.crossEntropy(out.permute(0, 2, 3, 1).reshape(-1, classes), pixelTargets(out.size(0) * out.size(2) * out.size(3), classes));
        } else {
            loss = F.crossEntropy(out, new int[] {0, classes - 1});
        }
        loss.backward();
        assertGradients(name, m);
    }

    /** Every trainable parameter of m has a finite, non-zero gradient. */
    private static void assertGradients(String name, Module m) {
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, name + ": no gradient for " + e.getKey());
            float[] v = g.toArray();
            double norm = 0;
            for (float f : v) {
                assertTrue(Float.isFinite(f), name + ": non-finite gradient in " + e.getKey());
                norm += f * f;
            }
            assertTrue(norm > 0, name + ": zero gradient for " + e.getKey());
        }
    }

    private static int[] pixelTargets(int n, int classes) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i * 7) % classes;
        }
        return t;
    }

    @Test
    void everyModelTrainsEndToEnd() {
        trainsEndToEnd("LeNet5", new LeNet5(1, 10, RNG), Tensor.randn(RNG, 2, 1, 28, 28), 10);
        trainsEndToEnd("AlexNet 2012", AlexNet.paper2012(3, 10, RNG), Tensor.randn(RNG, 2, 3, 67, 67), 10);
        trainsEndToEnd("AlexNet torchvision", AlexNet.torchvision(10, RNG), Tensor.randn(RNG, 2, 3, 64, 64), 10);
        trainsEndToEnd("VGG11-bn", new VGG(VGG.Depth.VGG11, true, 3, 10, 0.5f, RNG), Tensor.randn(RNG, 2, 3, 32, 32), 10);
        trainsEndToEnd("VGG11", new VGG(VGG.Depth.VGG11, false, 3, 10, 0.5f, RNG), Tensor.randn(RNG, 2, 3, 32, 32), 10);
        trainsEndToEnd("ResNet-18 small stem", new ResNet(ResNet.Depth.RESNET18, 10, ResNet.Options.smallInput(1).withBaseWidth(8).withRng(RNG)),
                Tensor.randn(RNG, 2, 1, 16, 16), 10);
        trainsEndToEnd("ResNet-50", new ResNet(ResNet.Depth.RESNET50, 10, ResNet.Options.DEFAULT.withBaseWidth(8).withRng(RNG)),
                Tensor.randn(RNG, 2, 3, 32, 32), 10);
        GoogLeNet g = new GoogLeNet(10, true, RNG);
        g.train();
        GoogLeNet.Outputs o = g.forwardWithAux(Tensor.randn(RNG, 2, 3, 64, 64));
        int[] t = {1, 9};
        F.crossEntropy(o.logits(), t).add(F.crossEntropy(o.aux1(), t).add(F.crossEntropy(o.aux2(), t)).mul(0.3f)).backward();
        assertGradients("GoogLeNet", g);
        trainsEndToEnd("UNet", new UNet(1, 3, 4, 2, UNet.Padding.SAME, true, RNG), Tensor.randn(RNG, 2, 1, 16, 16), 3);
        trainsEndToEnd("FCN-8s VGG16", new FCN(FCN.Variant.FCN8S, FCN.Backbone.VGG16, 3, 4, 32, RNG), Tensor.randn(RNG, 2, 3, 40, 36), 4);
        trainsEndToEnd("FCN-16s ResNet-18", new FCN(FCN.Variant.FCN16S, FCN.Backbone.RESNET18, 3, 4, 0, RNG), Tensor.randn(RNG, 2, 3, 32, 32), 4);
        trainsEndToEnd("FCN-32s ResNet-18", new FCN(FCN.Variant.FCN32S, FCN.Backbone.RESNET18, 3, 4, 0, RNG), Tensor.randn(RNG, 2, 3, 32, 32), 4);
        trainsEndToEnd("fcn_resnet50", new FCNResNet50(4, RNG), Tensor.randn(RNG, 2, 3, 32, 32), 4);
    }

    @Test
    void fcnUpsamplingIsBilinearInterpolationAwayFromTheBorder() {
        // Kernel 2f, stride f, padding f/2 with the paper's bilinear weights: inside the image this
        // is F.interpolate(bilinear, align_corners=False); within f/2 of the border the transposed
        // convolution sees zeros where interpolation clamps, so the border is left out.
        Tensor x = Tensor.randn(new Generator(3), 1, 2, 5, 6);
        for (int f : new int[] {2, 4}) {
            Tensor up = FCN.bilinearUp(2, f, RNG).call(x);
            Tensor ref = F.interpolate(x, new double[] {f, f}, "bilinear", false);
            assertArrayEquals(new int[] {1, 2, 5 * f, 6 * f}, up.shape());
            int b = f / 2;
            for (int c = 0; c < 2; c++) {
                for (int i = b; i < 5 * f - b; i++) {
                    for (int j = b; j < 6 * f - b; j++) {
                        assertEquals(ref.get(0, c, i, j), up.get(0, c, i, j), 1e-5f, "factor " + f + " at " + c + "," + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void fcnResNet50KeepsTheInputSize() {
        FCNResNet50 m = new FCNResNet50(3, RNG);
        m.eval();
        assertArrayEquals(new int[] {1, 3, 40, 48}, m.call(Tensor.randn(RNG, 1, 3, 40, 48)).shape());
        assertTrue(m.stateDict().containsKey("backbone.layer4.2.conv3.weight"));
        assertTrue(m.stateDict().containsKey("classifier.4.bias"));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ZooTest.class.getResource(name).toURI());
    }

    @Test
    void torchvisionStateDictLoadsAndReproducesPyTorchLogits() throws IOException, URISyntaxException {
        Map<String, Tensor> state = SafeTensors.load(resource("resnet18_w16.safetensors"));
        Map<String, Tensor> io = SafeTensors.load(resource("resnet18_w16_io.safetensors"));
        ResNet net = new ResNet(ResNet.Depth.RESNET18, 10, ResNet.Options.DEFAULT.withBaseWidth(16));
        net.loadStateDict(state); // strict: every torchvision name must match
        net.eval();
        assertEquals(3f, state.get("layer1.0.bn1.num_batches_tracked").item(), "int64 buffer read");
        Tensor logits = net.call(io.get("input"));
        float[] expected = io.get("logits").toArray();
        float[] actual = logits.toArray();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f + 1e-4f * Math.abs(expected[i]), "logit " + i);
        }
    }
}
