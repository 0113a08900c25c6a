package dev.flint.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Training inside a {@link MemoryScope} recycles every activation and gradient buffer; it must not
 * change a single bit of the result. Any op that read a recycled buffer's stale contents (relying
 * on the zeros of a fresh Java array) would break the equality below.
 */
class MemoryScopeTrainingTest {
    private static Module model() {
        Generator.manualSeed(5);
        return new Sequential(
                new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3), new AvgPool2d(2), new Flatten(), new Linear(6 * 2 * 2, 10));
    }

    private static List<Float> train(Module m, boolean scoped, boolean setToNone) {
        Generator g = new Generator(9);
        Tensor x = Tensor.randn(g, 8, 1, 12, 12);
        int[] y = {0, 1, 2, 3, 4, 5, 6, 7};
        List<Float> losses = new ArrayList<>();
        for (int step = 0; step < 4; step++) {
            MemoryScope scope = scoped ? MemoryScope.open() : null;
            try {
                for (Tensor p : m.parameters()) {
                    p.zeroGrad(setToNone);
                }
                Tensor loss = F.crossEntropy(m.forward(x), y);
                loss.backward();
                try (var ng = Autograd.noGrad()) {
                    for (Tensor p : m.parameters()) {
                        p.sub_(p.grad().mul(0.1f));
                    }
                }
                losses.add(loss.item());
            } finally {
                if (scope != null) {
                    scope.close();
                }
            }
        }
        return losses;
    }

    @Test
    void scopedTrainingIsBitIdenticalToUnscoped() {
        Module plain = model();
        List<Float> expected = train(plain, false, true);
        for (boolean setToNone : new boolean[] {true, false}) {
            Module scoped = model();
            assertEquals(expected, train(scoped, true, setToNone), "losses, setToNone=" + setToNone);
            for (var e : plain.stateDict().entrySet()) {
                assertArrayEquals(e.getValue().toArray(), scoped.stateDict().get(e.getKey()).toArray(), e.getKey());
            }
        }
        MemoryScope.trimPool();
    }
}
