package dev.flint.nn.models;

import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;

import java.util.random.RandomGenerator;

/**
 * ResNet's bottleneck block (ResNet-50/101/152, torchvision's "v1.5": the stride sits on the 3x3
 * convolution): 1x1 reduce to {@code planes}, 3x3, 1x1 expand to {@code 4 * planes}, each with
 * batch norm, plus the shortcut. Names as torchvision: conv1..3, bn1..3, relu, downsample.
 */
public final class Bottleneck extends Module {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 4;

    /** A block from {@code inplanes} to {@code 4 * planes} channels; {@code downsample} may be null. */
    public Bottleneck(int inplanes, int planes, int stride, Module downsample, int dilation, RandomGenerator rng) {
        registerModule("conv1", ResNet.conv(inplanes, planes, 1, 1, 0, 1, rng));
        registerModule("bn1", new BatchNorm2d(planes));
        registerModule("conv2", ResNet.conv(planes, planes, 3, stride, dilation, dilation, rng));
        registerModule("bn2", new BatchNorm2d(planes));
        registerModule("conv3", ResNet.conv(planes, planes * EXPANSION, 1, 1, 0, 1, rng));
        registerModule("bn3", new BatchNorm2d(planes * EXPANSION));
        registerModule("relu", new ReLU());
        if (downsample != null) {
            registerModule("downsample", downsample);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Module relu = child("relu");
        Tensor out = relu.call(child("bn1").call(child("conv1").call(x)));
        out = relu.call(child("bn2").call(child("conv2").call(out)));
        out = child("bn3").call(child("conv3").call(out));
        Tensor identity = namedChildren().containsKey("downsample") ? child("downsample").call(x) : x;
        return relu.call(out.add(identity));
    }
}
