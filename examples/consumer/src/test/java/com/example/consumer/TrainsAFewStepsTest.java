package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flint.core.Flint;
import dev.flint.core.Tensor;
import dev.flint.nn.Conv2d;
import dev.flint.nn.F;
import dev.flint.nn.Flatten;
import dev.flint.nn.Linear;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;
import dev.flint.optim.SGD;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A small CNN, trained from Flint's published artifacts alone: the loss must fall. */
class TrainsAFewStepsTest {
    @Test
    void aSmallCnnLearnsTwoClasses() {
        assertTrue(Flint.vectorEnabled(), "the consumer runs with --add-modules=jdk.incubator.vector");
        Sequential model = new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(8 * 4 * 4, 2));
        SGD opt = SGD.momentum(model.parameters(), 0.05, 0.9);
        // class 0: bright top half, class 1: bright bottom half, plus noise
        SplittableRandom rng = new SplittableRandom(7);
        int n = 32;
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int p = 0; p < 64; p++) {
                boolean top = p < 32;
                x[i * 64 + p] = (float) ((top == (y[i] == 0) ? 1.0 : 0.0) + 0.3 * rng.nextGaussian());
            }
        }
        Tensor images = Tensor.of(x, n, 1, 8, 8);
        float first = 0;
        float last = 0;
        for (int step = 0; step < 30; step++) {
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.forward(images), y);
            loss.backward();
            opt.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
        assertEquals(2, model.forward(images).shape()[1]);
    }
}
