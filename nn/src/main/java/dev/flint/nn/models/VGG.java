package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.AdaptiveAvgPool2d;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Dropout;
import dev.flint.nn.Linear;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * VGG 11/13/16/19 (Simonyan and Zisserman 2014), with or without batch norm, built as torchvision
 * builds it: {@code features.N} (3x3 convs, pad 1, ReLU, 2x2 max pools), {@code avgpool}
 * (adaptive 7x7), {@code classifier.N} (25088 -> 4096 -> 4096 -> classes with dropout), and
 * torchvision's initialisation.
 */
public final class VGG extends Module {
    private static final int M = -1; // a max pool in a configuration

    /** The four depths of the paper's table (configurations A, B, D, E). */
    public enum Depth {
        VGG11(new int[] {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512, M}),
        VGG13(new int[] {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512, M}),
        VGG16(new int[] {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512, M}),
        VGG19(new int[] {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512, M});

        final int[] config;

        Depth(int[] config) {
            this.config = config;
        }
    }

    /** torchvision.models.vgg16(num_classes=...) and friends; {@code batchNorm} gives vgg16_bn. */
    public VGG(Depth depth, boolean batchNorm, int numClasses) {
        this(depth, batchNorm, 3, numClasses, 0.5f, Generator.defaultGenerator());
    }

    /** The full form. */
    public VGG(Depth depth, boolean batchNorm, int inChannels, int numClasses, float dropout, RandomGenerator rng) {
        registerModule("features", features(depth, batchNorm, inChannels, rng));
        registerModule("avgpool", new AdaptiveAvgPool2d(7, 7));
        registerModule("classifier", new Sequential(
                new Linear(512 * 7 * 7, 4096, true, rng), new ReLU(), new Dropout(dropout, rng),
                new Linear(4096, 4096, true, rng), new ReLU(), new Dropout(dropout, rng),
                new Linear(4096, numClasses, true, rng)));
        TorchvisionInit.apply(this, true, rng);
    }

    /** The convolutional trunk of a configuration (torchvision's make_layers); also FCN's backbone. */
    static Sequential features(Depth depth, boolean batchNorm, int inChannels, RandomGenerator rng) {
        Sequential s = new Sequential();
        int in = inChannels;
        for (int v : depth.config) {
            if (v == M) {
                s.add(new MaxPool2d(2, 2, 0));
            } else {
                s.add(new Conv2d(in, v, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, true, rng));
                if (batchNorm) {
                    s.add(new BatchNorm2d(v));
                }
                s.add(new ReLU());
                in = v;
            }
        }
        return s;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = child("avgpool").call(child("features").call(input));
        return child("classifier").call(x.flatten(1, -1));
    }
}
