package dev.flint.nn.models;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Dropout;
import dev.flint.nn.F;
import dev.flint.nn.Module;
import dev.flint.nn.ReLU;
import dev.flint.nn.Sequential;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code fcn_resnet50}: a ResNet-50 backbone whose layer3 and layer4 use dilation
 * instead of stride (output stride 8), an {@code FCNHead} (3x3 conv 2048 -> 512, batch norm,
 * ReLU, dropout 0.1, 1x1 conv to the classes) and bilinear upsampling to the input size. Names
 * as torchvision ({@code backbone.layer4.2.conv3.weight}, {@code classifier.4.bias}), without
 * the optional auxiliary head; {@link #forward} returns torchvision's {@code ["out"]}.
 */
public final class FCNResNet50 extends Module {
    /** fcn_resnet50(num_classes=...) with weights_backbone=None (21 classes is torchvision's default). */
    public FCNResNet50(int numClasses) {
        this(numClasses, Generator.defaultGenerator());
    }

    /** The same, weights from {@code rng}. */
    public FCNResNet50(int numClasses, RandomGenerator rng) {
        registerModule("backbone", new ResNet(ResNet.Depth.RESNET50, 0, new ResNet.Options(3, 64, false, new boolean[] {false, true, true}, false, rng)));
        registerModule("classifier", new Sequential(
                new Conv2d(2048, 512, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}, 1, false, rng),
                new BatchNorm2d(512), new ReLU(), new Dropout(0.1f, rng),
                new Conv2d(512, numClasses, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {1}, 1, true, rng)));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor features = ((ResNet) child("backbone")).stages(input)[3];
        Tensor out = child("classifier").call(features);
        return F.interpolate(out, new int[] {input.size(2), input.size(3)}, "bilinear", false);
    }
}
