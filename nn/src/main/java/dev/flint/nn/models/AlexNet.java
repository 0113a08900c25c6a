package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.AdaptiveAvgPool2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Dropout;
import dev.flint.nn.Linear;
import dev.flint.nn.LocalResponseNorm;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * AlexNet, with children {@code features}, {@code avgpool} and {@code classifier} as in
 * torchvision.
 * <ul>
 * <li>{@link #paper2012}: the 2012 paper's configuration as the lecture notes tabulate it:
 * 227x227x3 input; conv 96 11x11 stride 4 (55x55), LRN, overlapping 3x3 stride-2 max pool (27);
 * conv 256 5x5 pad 2, LRN, pool (13); conv 384, 384, 256 3x3 pad 1, pool (6); fc 9216 -> 4096 ->
 * 4096 -> classes with dropout. 62,378,344 parameters for 1000 classes (one tower, no groups).
 * <li>{@link #torchvision}: torchvision's variant (64/192/384/256/256 filters, no LRN, adaptive
 * 6x6 pool), whose state_dict loads unchanged.
 * </ul>
 */
public final class AlexNet extends Module {
    private AlexNet(Sequential features, Module avgpool, Sequential classifier) {
        registerModule("features", features);
        registerModule("avgpool", avgpool);
        registerModule("classifier", classifier);
    }

    /** The 2012 paper's network (227x227 inputs). */
    public static AlexNet paper2012(int numClasses) {
        return paper2012(3, numClasses, Generator.defaultGenerator());
    }

    /** The 2012 paper's network with {@code inChannels} input channels. */
    public static AlexNet paper2012(int inChannels, int numClasses, RandomGenerator rng) {
        Sequential features = new Sequential(
                conv(inChannels, 96, 11, 4, 0, rng), new ReLU(), new LocalResponseNorm(5, 1e-4f, 0.75f, 2f), new MaxPool2d(3, 2, 0),
                conv(96, 256, 5, 1, 2, rng), new ReLU(), new LocalResponseNorm(5, 1e-4f, 0.75f, 2f), new MaxPool2d(3, 2, 0),
                conv(256, 384, 3, 1, 1, rng), new ReLU(),
                conv(384, 384, 3, 1, 1, rng), new ReLU(),
                conv(384, 256, 3, 1, 1, rng), new ReLU(), new MaxPool2d(3, 2, 0));
        return new AlexNet(features, new AdaptiveAvgPool2d(6, 6), head(numClasses, rng));
    }

    /** torchvision.models.alexnet(num_classes=...): same names and shapes, so its weights load. */
    public static AlexNet torchvision(int numClasses) {
        return torchvision(numClasses, Generator.defaultGenerator());
    }

    /** torchvision's variant with weights from {@code rng}. */
    public static AlexNet torchvision(int numClasses, RandomGenerator rng) {
        Sequential features = new Sequential(
                conv(3, 64, 11, 4, 2, rng), new ReLU(), new MaxPool2d(3, 2, 0),
                conv(64, 192, 5, 1, 2, rng), new ReLU(), new MaxPool2d(3, 2, 0),
                conv(192, 384, 3, 1, 1, rng), new ReLU(),
                conv(384, 256, 3, 1, 1, rng), new ReLU(),
                conv(256, 256, 3, 1, 1, rng), new ReLU(), new MaxPool2d(3, 2, 0));
        return new AlexNet(features, new AdaptiveAvgPool2d(6, 6), head(numClasses, rng));
    }

    private static Conv2d conv(int in, int out, int k, int stride, int pad, RandomGenerator rng) {
        return new Conv2d(in, out, new int[] {k}, new int[] {stride}, new int[] {pad}, new int[] {1}, 1, true, rng);
    }

    private static Sequential head(int numClasses, RandomGenerator rng) {
        return new Sequential(
                new Dropout(0.5f, rng), new Linear(256 * 6 * 6, 4096, true, rng), new ReLU(),
                new Dropout(0.5f, rng), new Linear(4096, 4096, true, rng), new ReLU(),
                new Linear(4096, numClasses, true, rng));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = child("avgpool").call(child("features").call(input));
        return child("classifier").call(x.flatten(1, -1));
    }
}
