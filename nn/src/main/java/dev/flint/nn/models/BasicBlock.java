package dev.flint.nn.models;

import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;

import java.util.random.RandomGenerator;

/**
 * ResNet's basic block (ResNet-18/34): two 3x3 convolutions with batch norm and a skip
 * connection, {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}, where the shortcut
 * is the identity or {@code downsample} (1x1 conv + batch norm) when the shape changes. Names as
 * torchvision: conv1, bn1, relu, conv2, bn2, downsample.
 */
public final class BasicBlock extends Module {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 1;

    /** A block from {@code inplanes} to {@code planes} channels; {@code downsample} may be null. */
    public BasicBlock(int inplanes, int planes, int stride, Module downsample, int dilation, RandomGenerator rng) {
        registerModule("conv1", ResNet.conv(inplanes, planes, 3, stride, dilation, dilation, rng));
        registerModule("bn1", new BatchNorm2d(planes));
        registerModule("relu", new ReLU());
        registerModule("conv2", ResNet.conv(planes, planes, 3, 1, dilation, dilation, rng));
        registerModule("bn2", new BatchNorm2d(planes));
        if (downsample != null) {
            registerModule("downsample", downsample);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = child("relu").call(child("bn1").call(child("conv1").call(x)));
        out = child("bn2").call(child("conv2").call(out));
        Tensor identity = namedChildren().containsKey("downsample") ? child("downsample").call(x) : x;
        return child("relu").call(out.add(identity));
    }
}
