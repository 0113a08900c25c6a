package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.F;
import dev.flint.nn.Flatten;
import dev.flint.nn.Linear;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;
import dev.flint.optim.SGD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Transfer learning's contract: a frozen trunk (with batch norm) is left exactly as it was by
 * training steps of the whole model, even when the optimizer is given every parameter, while the
 * head learns; unfreezing makes the trunk train again.
 */
class FreezeTest {
    private static Map<String, float[]> snapshot(Sequential trunk) {
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        trunk.stateDict().forEach((k, v) -> out.put(k, v.toArray()));
        return out;
    }

    private static void steps(Sequential model, SGD opt, int n) {
        Generator g = new Generator(7);
        for (int i = 0; i < n; i++) {
            model.train();
            opt.zeroGrad();
            Tensor x = Tensor.randn(g, 4, 2, 6, 6);
            F.crossEntropy(model.call(x), new int[] {0, 2, 1, 2}).backward();
            opt.step();
        }
    }

    @Test
    void frozenTrunkWithBatchNormIsUntouchedWhileTheHeadLearns() {
        Generator.manualSeed(5);
        Sequential trunk = new Sequential(new Conv2d(2, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU());
        Sequential head = new Sequential(new Flatten(), new Linear(4 * 6 * 6, 3));
        Sequential model = new Sequential(trunk, head);
        // a few steps first, so the running statistics are not at their initial values
        steps(model, SGD.momentum(model.parameters(), 0.1, 0.9), 2);

        trunk.freeze();
        model.train(); // what a training loop does every epoch
        assertFalse(trunk.isTraining(), "a frozen trunk stays in evaluation mode");
        assertFalse(trunk.get(1).isTraining(), "its batch norm too");
        assertTrue(head.isTraining());
        Map<String, float[]> before = snapshot(trunk);
        float[] headBefore = ((Linear) head.get(1)).weight().toArray();
        // every parameter, frozen or not, given to the optimizer (with momentum and weight decay)
        steps(model, new SGD(model.parameters(), 0.1, 0.9, 0, 1e-2, false), 3);
        Map<String, float[]> after = snapshot(trunk);
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), "frozen " + k + " changed");
        }
        assertFalse(java.util.Arrays.equals(headBefore, ((Linear) head.get(1)).weight().toArray()), "the head did not learn");

        trunk.unfreeze();
        model.train();
        assertTrue(trunk.get(1).isTraining());
        List<float[]> conv = new ArrayList<>();
        conv.add(((Conv2d) trunk.get(0)).weight().toArray());
        steps(model, SGD.momentum(model.parameters(), 0.1, 0.9), 1);
        assertFalse(java.util.Arrays.equals(conv.get(0), ((Conv2d) trunk.get(0)).weight().toArray()), "unfrozen trunk did not train");
    }
}
