package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Containers, hooks, apply, freezing and the printed form of the new layers. */
class ModuleExtrasTest {
    @Test
    void forwardHooksSeeOutputsUntilRemoved() {
        Generator.manualSeed(1);
        Sequential net = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Identity());
        List<int[]> seen = new ArrayList<>();
        Module.HookHandle h = net.get(0).registerForwardHook((m, in, out) -> seen.add(out.shape()));
        net.call(Tensor.randn(new Generator(2), 1, 1, 5, 5));
        assertEquals(1, seen.size());
        assertArrayEquals(new int[] {1, 2, 3, 3}, seen.get(0));
        net.get(0).forward(Tensor.randn(new Generator(2), 1, 1, 5, 5)); // forward() bypasses hooks, as in PyTorch
        assertEquals(1, seen.size());
        h.remove();
        h.remove();
        net.call(Tensor.randn(new Generator(2), 1, 1, 5, 5));
        assertEquals(1, seen.size());
    }

    @Test
    void moduleListRegistersItsChildrenAndHasNoForward() {
        Generator.manualSeed(1);
        ModuleList list = new ModuleList(new Linear(2, 3), new Identity()).add(new Linear(3, 1));
        assertEquals(3, list.size());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), new ArrayList<>(list.stateDict().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> list.forward(Tensor.zeros(1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(3));
        Linear replacement = new Linear(2, 3);
        list.setChild("0", replacement);
        assertSame(replacement, list.get(0));
        Tensor x = Tensor.ones(4);
        assertSame(x, new Identity().call(x));
    }

    @Test
    void applyVisitsChildrenFirstAndNamedModulesIsPreOrder() {
        Sequential inner = new Sequential(new ReLU());
        Sequential outer = new Sequential(inner, new Tanh());
        List<String> order = new ArrayList<>();
        outer.apply(m -> order.add(m.getClass().getSimpleName()));
        assertEquals(List.of("ReLU", "Sequential", "Tanh", "Sequential"), order);
        assertEquals(List.of("", "0", "0.0", "1"), new ArrayList<>(outer.namedModules().keySet()));
    }

    @Test
    void frozenParametersGetNoGradient() {
        Generator.manualSeed(3);
        Sequential net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
        net.get(0).requiresGrad(false);
        assertEquals(2, net.trainableParameters().size());
        F.crossEntropy(net.call(Tensor.randn(new Generator(4), 5, 3)), new int[] {0, 1, 1, 0, 1}).backward();
        assertNull(((Linear) net.get(0)).weight().grad());
        assertTrue(((Linear) net.get(2)).weight().grad() != null);
    }

    @Test
    void newLayersPrintAsPyTorch() {
        Generator.manualSeed(1);
        assertEquals("ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
                new ConvTranspose2d(4, 2, 3, 2, 1, 1).toString());
        assertEquals("ConvTranspose2d(8, 4, kernel_size=(2, 2), stride=(2, 2))", new ConvTranspose2d(8, 4, 2, 2).toString());
        // print(nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, dilation=2, groups=2, bias=False))
        assertEquals("ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), output_padding=(1, 1), "
                + "groups=2, bias=False)", new ConvTranspose2d(4, 2, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, 2, false, new int[] {2},
                        new Generator(1)).toString());
        assertEquals("LocalResponseNorm(5, alpha=0.0001, beta=0.75, k=2.0)", new LocalResponseNorm(5, 1e-4f, 0.75f, 2f).toString());
        assertEquals("Dropout2d(p=0.5, inplace=False)", new Dropout2d(0.5f).toString());
        // PyTorch 1.13's strings: print(nn.Upsample(scale_factor=2, mode='bilinear', align_corners=True)) etc.
        assertEquals("Upsample(scale_factor=2.0, mode=bilinear)", Upsample.scale(2, "bilinear", true).toString());
        assertEquals("Upsample(size=(4, 6), mode=nearest)", Upsample.size(4, 6, "nearest", false).toString());
        assertEquals("Identity()", new Identity().toString());
    }

    @Test
    void badArgumentsNameTheOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.convTranspose2d(Tensor.zeros(1, 3, 4, 4), Tensor.zeros(2, 1, 3, 3), null, new int[] {1}, new int[] {0},
                        new int[] {0}, 1, new int[] {1}));
        assertTrue(e.getMessage().contains("convTranspose2d") && e.getMessage().contains("[1, 3, 4, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.convTranspose2d(Tensor.zeros(1, 2, 4, 4), Tensor.zeros(2, 1, 3, 3), null, new int[] {2}, new int[] {0},
                        new int[] {2}, 1, new int[] {1}));
        assertTrue(e.getMessage().contains("output_padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(Tensor.zeros(1, 1, 3, 3), new int[] {3, 0}, "reflect", 0));
        assertTrue(e.getMessage().contains("reflect") && e.getMessage().contains("[1, 1, 3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(Tensor.zeros(1, 1, 3, 3), new int[] {4, 4}, "bicubic", false));
        assertTrue(e.getMessage().contains("bicubic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.interpolate(Tensor.zeros(3, 3), new int[] {4, 4}, "nearest", false));
    }

    /**
     * The convolution keeps its prepared weights between inference calls (PreparedWeights), so a
     * change of the weights must reach the next call: through copy_ (as loadStateDict writes) and
     * an in-place update (as an optimizer's; OptimizerTest checks that its step bumps the version).
     * Each output is compared with F.conv2d on a clone of the weights
     * (another storage, never cached). A stale cache fails it.
     */
    @Test
    void convolutionFollowsItsWeightsAcrossCachedCalls() {
        Generator g = new Generator(5);
        for (int[] shape : new int[][] {{4, 32, 24}, {1, 64, 7}}) { // Winograd; the packed GEMM at 7x7
            Conv2d conv = new Conv2d(shape[1], 16, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, true, g);
            Tensor x = Tensor.randn(g, shape[0], shape[1], shape[2], shape[2]);
            Runnable check = () -> {
                try (var ng = dev.flint.core.Autograd.noGrad()) {
                    Tensor expected = F.conv2d(x, conv.weight().clone(), conv.bias().clone(), 1, 1);
                    for (int call = 0; call < 3; call++) {
                        assertArrayEquals(expected.toArray(), conv.call(x).toArray(), 1e-5f, "call " + call);
                    }
                }
            };
            conv.eval();
            check.run();
            try (var ng = dev.flint.core.Autograd.noGrad()) {
                conv.weight().copy_(Tensor.randn(g, conv.weight().shape()));
            }
            check.run();
            try (var ng = dev.flint.core.Autograd.noGrad()) {
                conv.weight().mul_(-0.5f).add_(0.01f);
            }
            check.run();
        }
    }
}
