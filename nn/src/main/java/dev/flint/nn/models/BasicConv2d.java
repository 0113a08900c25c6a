package dev.flint.nn.models;

import dev.flint.core.Tensor;
import dev.flint.nn.BatchNorm2d;
import dev.flint.nn.Conv2d;
import dev.flint.nn.Module;

import java.util.random.RandomGenerator;

/** torchvision's GoogLeNet unit: bias-free conv, batch norm (eps 0.001), ReLU; children conv and bn. */
public final class BasicConv2d extends Module {
    /** A square-kernel unit. */
    public BasicConv2d(int in, int out, int kernel, int stride, int padding, RandomGenerator rng) {
        registerModule("conv", new Conv2d(in, out, new int[] {kernel}, new int[] {stride}, new int[] {padding}, new int[] {1}, 1, false, rng));
        registerModule("bn", new BatchNorm2d(out, 0.001f, 0.1f));
    }

    @Override
    public Tensor forward(Tensor x) {
        return child("bn").call(child("conv").call(x)).relu();
    }
}
