package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * The Inception module (Szegedy et al. 2014): four parallel branches over the same input, their
 * outputs concatenated along channels: 1x1; 1x1 reduce then 3x3; 1x1 reduce then "5x5"; 3x3 max
 * pool then 1x1 projection. Output channels {@code c1x1 + c3x3 + c5x5 + poolProj}. Named as
 * torchvision's Inception (branch1..branch4), including its use of a 3x3 kernel in the "5x5"
 * branch, so pretrained weights load.
 */
public final class InceptionModule extends Module {
    private final int outChannels;

    /** An Inception module with the paper's table columns as arguments. */
    public InceptionModule(int in, int c1x1, int c3x3red, int c3x3, int c5x5red, int c5x5, int poolProj) {
        this(in, c1x1, c3x3red, c3x3, c5x5red, c5x5, poolProj, Generator.defaultGenerator());
    }

    /** The same, weights from {@code rng}. */
    public InceptionModule(int in, int c1x1, int c3x3red, int c3x3, int c5x5red, int c5x5, int poolProj, RandomGenerator rng) {
        registerModule("branch1", new BasicConv2d(in, c1x1, 1, 1, 0, rng));
        registerModule("branch2", new Sequential(new BasicConv2d(in, c3x3red, 1, 1, 0, rng), new BasicConv2d(c3x3red, c3x3, 3, 1, 1, rng)));
        registerModule("branch3", new Sequential(new BasicConv2d(in, c5x5red, 1, 1, 0, rng), new BasicConv2d(c5x5red, c5x5, 3, 1, 1, rng)));
        registerModule("branch4", new Sequential(new MaxPool2d(3, 1, 1, 1, true), new BasicConv2d(in, poolProj, 1, 1, 0, rng)));
        outChannels = c1x1 + c3x3 + c5x5 + poolProj;
    }

    /** Channels of the concatenated output. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.cat(1, child("branch1").call(x), child("branch2").call(x), child("branch3").call(x), child("branch4").call(x));
    }
}
