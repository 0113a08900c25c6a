package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Flatten;
import dev.flint.nn.Linear;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * LeNet-5 for 28x28 inputs, in its common modern form: conv 1->6 5x5 pad 2, ReLU, max-pool 2,
 * conv 6->16 5x5, ReLU, max-pool 2, then fully connected 400 -> 120 -> 84 -> classes with ReLU.
 * Children {@code features} and {@code classifier} (61,706 parameters for 10 classes).
 */
public final class LeNet5 extends Module {
    /** Ten classes, weights from the default generator. */
    public LeNet5() {
        this(1, 10, Generator.defaultGenerator());
    }

    /** The full form. */
    public LeNet5(int inChannels, int numClasses, RandomGenerator rng) {
        registerModule("features", new Sequential(
                new Conv2d(inChannels, 6, new int[] {5}, new int[] {1}, new int[] {2}, new int[] {1}, 1, true, rng),
                new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, new int[] {5}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, rng),
                new ReLU(), new MaxPool2d(2)));
        registerModule("classifier", new Sequential(
                new Flatten(), new Linear(400, 120, true, rng), new ReLU(), new Linear(120, 84, true, rng), new ReLU(),
                new Linear(84, numClasses, true, rng)));
    }

    @Override
    public Tensor forward(Tensor input) {
        return child("classifier").call(child("features").call(input));
    }
}
