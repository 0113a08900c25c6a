package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.AdaptiveAvgPool2d;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Identity;
import dev.flint.nn.Linear;
import dev.flint.nn.MaxPool2d;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * ResNet (He et al. 2015) 18/34/50/101/152, structured and named as torchvision's: {@code conv1}
 * (7x7 stride 2), {@code bn1}, {@code relu}, {@code maxpool}, {@code layer1..4} of
 * {@link BasicBlock}s or {@link Bottleneck}s ({@code layerK.i.conv1}, {@code downsample.0}),
 * {@code avgpool}, {@code fc}; torchvision's initialisation. Options: a small-input stem (3x3
 * stride-1 conv1 and no max pool, for 28x28 or 32x32 images; the names stay) and torchvision's
 * replace_stride_with_dilation for layers 2-4 (segmentation backbones).
 */
public final class ResNet extends Module {
    /** The five depths: block type and blocks per stage. */
    public enum Depth {
        RESNET18(false, 2, 2, 2, 2), RESNET34(false, 3, 4, 6, 3), RESNET50(true, 3, 4, 6, 3),
        RESNET101(true, 3, 4, 23, 3), RESNET152(true, 3, 8, 36, 3);

        final boolean bottleneck;
        final int[] blocks;

        Depth(boolean bottleneck, int... blocks) {
            this.bottleneck = bottleneck;
            this.blocks = blocks;
        }

        /** Channels of the last stage's output at torchvision's widths (512 or 2048). */
        public int outChannels() {
            return outChannels(64);
        }

        /** Channels of the last stage's output for a base width. */
        public int outChannels(int baseWidth) {
            return 8 * baseWidth * (bottleneck ? Bottleneck.EXPANSION : BasicBlock.EXPANSION);
        }
    }

    /**
     * Options beyond depth and classes; {@link #DEFAULT} is torchvision's resnetNN(num_classes=...).
     *
     * @param inChannels   input channels (3 for RGB)
     * @param baseWidth    channels of the stem and layer1 (64 in torchvision); layers 2-4 double it
     * @param smallStem    3x3 stride-1 conv1 and no max pool, for 28x28 / 32x32 images
     * @param dilateStages torchvision's replace_stride_with_dilation for layer2..layer4
     * @param head         whether to build avgpool and fc (false for a segmentation backbone)
     * @param rng          weight source, null for the default generator
     */
    public record Options(int inChannels, int baseWidth, boolean smallStem, boolean[] dilateStages, boolean head, RandomGenerator rng) {
        /** torchvision's defaults: 3 channels, width 64, ImageNet stem, no dilation, avgpool + fc head. */
        public static final Options DEFAULT = new Options(3, 64, false, new boolean[3], true, null);

        /** The small-input stem with {@code inChannels} channels (e.g. 1 for MNIST) at torchvision's widths. */
        public static Options smallInput(int inChannels) {
            return new Options(inChannels, 64, true, new boolean[3], true, null);
        }

        /** These options with another base width (e.g. 16 for a narrow CIFAR-style ResNet). */
        public Options withBaseWidth(int width) {
            return new Options(inChannels, width, smallStem, dilateStages, head, rng);
        }

        /** These options with weights drawn from {@code generator}. */
        public Options withRng(RandomGenerator generator) {
            return new Options(inChannels, baseWidth, smallStem, dilateStages, head, generator);
        }
    }

    private int inplanes;
    private int dilation = 1;

    /** torchvision.models.resnetNN(num_classes=...). */
    public ResNet(Depth depth, int numClasses) {
        this(depth, numClasses, Options.DEFAULT);
    }

    /** The full form. */
    public ResNet(Depth depth, int numClasses, Options o) {
        RandomGenerator rng = o.rng() == null ? Generator.defaultGenerator() : o.rng();
        int w = o.baseWidth();
        if (w < 1) {
            throw new IllegalArgumentException("ResNet: base width must be >= 1, got " + w);
        }
        inplanes = w;
        if (o.smallStem()) {
            registerModule("conv1", conv(o.inChannels(), w, 3, 1, 1, 1, rng));
        } else {
            registerModule("conv1", conv(o.inChannels(), w, 7, 2, 3, 1, rng));
        }
        registerModule("bn1", new BatchNorm2d(w));
        registerModule("relu", new ReLU());
        registerModule("maxpool", o.smallStem() ? new Identity() : new MaxPool2d(3, 2, 1));
        int[] planes = {w, 2 * w, 4 * w, 8 * w};
        for (int stage = 0; stage < 4; stage++) {
            boolean dilate = stage > 0 && o.dilateStages()[stage - 1];
            registerModule("layer" + (stage + 1), layer(depth.bottleneck, planes[stage], depth.blocks[stage],
                    stage == 0 ? 1 : 2, dilate, rng));
        }
        if (o.head()) {
            registerModule("avgpool", new AdaptiveAvgPool2d(1, 1));
            registerModule("fc", new Linear(depth.outChannels(w), numClasses, true, rng));
        }
        TorchvisionInit.apply(this, false, rng);
    }

    /** A bias-free convolution with square kernel, as torchvision's conv3x3/conv1x1. */
    static Conv2d conv(int in, int out, int k, int stride, int padding, int dilation, RandomGenerator rng) {
        return new Conv2d(in, out, new int[] {k}, new int[] {stride}, new int[] {padding}, new int[] {dilation}, 1, false, rng);
    }

    /** torchvision's _make_layer. */
    private Sequential layer(boolean bottleneck, int planes, int blocks, int stride, boolean dilate, RandomGenerator rng) {
        int expansion = bottleneck ? Bottleneck.EXPANSION : BasicBlock.EXPANSION;
        int previousDilation = dilation;
        if (dilate) {
            dilation *= stride;
            stride = 1;
        }
        Module downsample = null;
        if (stride != 1 || inplanes != planes * expansion) {
            downsample = new Sequential(conv(inplanes, planes * expansion, 1, stride, 0, 1, rng), new BatchNorm2d(planes * expansion));
        }
        Sequential s = new Sequential();
        s.add(block(bottleneck, inplanes, planes, stride, downsample, previousDilation, rng));
        inplanes = planes * expansion;
        for (int i = 1; i < blocks; i++) {
            s.add(block(bottleneck, inplanes, planes, 1, null, dilation, rng));
        }
        return s;
    }

    private static Module block(boolean bottleneck, int in, int planes, int stride, Module down, int dilation, RandomGenerator rng) {
        return bottleneck ? new Bottleneck(in, planes, stride, down, dilation, rng) : new BasicBlock(in, planes, stride, down, dilation, rng);
    }

    /** The stem and the four stages; returns every stage's output (strides 4, 8, 16, 32 without dilation). */
    public Tensor[] stages(Tensor input) {
        Tensor x = child("maxpool").call(child("relu").call(child("bn1").call(child("conv1").call(input))));
        Tensor[] out = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            x = child("layer" + (i + 1)).call(x);
            out[i] = x;
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (!namedChildren().containsKey("fc")) {
            return stages(input)[3];
        }
        Tensor x = child("avgpool").call(stages(input)[3]);
        return child("fc").call(x.flatten(1, -1));
    }
}
