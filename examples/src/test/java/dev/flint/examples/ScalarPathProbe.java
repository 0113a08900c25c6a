package dev.flint.examples;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.Tensor;
import dev.flint.nn.F;
import dev.flint.nn.Module;
import dev.flint.nn.models.LeNet5;
import dev.flint.nn.models.ResNet;
import dev.flint.nn.models.UNet;
import dev.flint.optim.Adam;
import dev.flint.optim.Optimizer;
import dev.flint.optim.SGD;

/**
 * A user's program run in a child JVM by {@link ScalarPathTest}: trains a few steps and then runs
 * eval-mode inference several times (the prepared-weights cache keeps weights from the second call
 * on) through the zoo's layer kinds, so that every kernel family a CNN uses is reached.
 */
public final class ScalarPathProbe {
    private ScalarPathProbe() {
    }

    public static void main(String[] args) {
        Generator g = new Generator(7);
        exercise(new LeNet5(1, 10, g), Tensor.randn(g, 8, 1, 28, 28), 10, g, false);
        exercise(new ResNet(ResNet.Depth.RESNET18, 10, ResNet.Options.smallInput(3).withBaseWidth(16).withRng(g)),
                Tensor.randn(g, 2, 3, 32, 32), 10, g, true);
        UNet unet = new UNet(1, 3, 8, 2, UNet.Padding.SAME, true, g);
        Tensor img = Tensor.randn(g, 2, 1, 32, 32);
        unet.train();
        Optimizer opt = SGD.momentum(unet.parameters(), 0.01, 0.9);
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            Tensor logits = unet.forward(img);
            F.logSoftmax(logits, 1).mean().neg().backward();
            opt.step();
        }
        unet.eval();
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < 3; i++) {
                unet.forward(img);
            }
        }
        Tensor x = Tensor.randn(g, 16, 40);
        x.exp().log().tanh().sigmoid().sqrt().sum();
        F.softmax(x, 1).sum();
        F.mseLoss(x.tanh(), x.sigmoid());
        F.localResponseNorm(Tensor.randn(g, 2, 8, 6, 6), 5, 1e-4f, 0.75f, 2f);
        F.avgPool2d(Tensor.randn(g, 2, 8, 6, 6), 2, 2, 0);
        System.out.println("probe finished");
    }

    private static void exercise(Module model, Tensor input, int classes, Generator g, boolean adam) {
        int n = input.shape()[0];
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = i % classes;
        }
        Optimizer opt = adam ? new Adam(model.parameters(), 1e-3) : SGD.momentum(model.parameters(), 0.01, 0.9);
        model.train();
        for (int step = 0; step < 2; step++) {
            opt.zeroGrad();
            F.crossEntropy(model.forward(input), targets).backward();
            opt.step();
        }
        model.eval();
        try (var s = Autograd.noGrad()) {
            for (int i = 0; i < 3; i++) {
                model.forward(input);
            }
        }
    }
}
