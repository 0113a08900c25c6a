package dev.flint.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.flint.core.Tensor;
import dev.flint.nn.Linear;
import dev.flint.nn.Sequential;
import dev.flint.optim.SGD;

import org.junit.jupiter.api.Test;

/**
 * One SGD step on a model that uses one Linear twice moves its weight once, by -lr * grad, as
 * torch.optim.SGD(nn.Sequential(l, l).parameters()) does (the weight used to be stepped twice,
 * -0.2 instead of -0.1 for a unit gradient).
 */
class TiedWeightsTest {
    @Test
    void aSharedLayerIsSteppedOnce() {
        Linear l = new Linear(2, 2);
        Sequential model = new Sequential(l, l);
        Tensor w = l.namedParameters().get("weight");
        Tensor b = l.namedParameters().get("bias");
        float[] w0 = w.toArray();
        float[] b0 = b.toArray();
        SGD opt = SGD.simple(model.parameters(), 0.1);
        model.forward(Tensor.of(new float[] {1, -1}, 1, 2)).sum().backward();
        float[] gw = w.grad().toArray();
        float[] gb = b.grad().toArray();
        opt.step();
        float[] w1 = w.toArray();
        float[] b1 = b.toArray();
        for (int i = 0; i < w0.length; i++) {
            w0[i] -= 0.1f * gw[i];
        }
        for (int i = 0; i < b0.length; i++) {
            b0[i] -= 0.1f * gb[i];
        }
        assertArrayEquals(w0, w1, 1e-7f);
        assertArrayEquals(b0, b1, 1e-7f);
    }
}
