package dev.flint.benchmarks;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.nn.F;
import dev.flint.nn.models.ResNet;
import dev.flint.nn.models.UNet;
import dev.flint.nn.models.VGG;
import dev.flint.optim.SGD;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The zoo's workloads (times per call): ResNet-18 at 224x224 (inference at batch 1 and 16,
 * training step at batch 16), VGG-16 inference at batch 1, and a U-Net training step on 64x64
 * MNIST-scene-sized inputs (batch 16, width 16, depth 3, 11 classes), as the example trains it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class ZooBench {
    /** Flint compute threads. */
    @Param({"1", "2"})
    public int threads;

    ResNet resnet;
    VGG vgg;
    UNet unet;
    SGD resnetOpt;
    SGD unetOpt;
    Tensor image1;
    Tensor images16;
    int[] labels16;
    Tensor scenes16;
    int[] pixelLabels;

    @Setup
    public void setup() {
        Generator g = new Generator(1);
        Generator.manualSeed(1);
        resnet = new ResNet(ResNet.Depth.RESNET18, 1000);
        vgg = new VGG(VGG.Depth.VGG16, false, 1000);
        unet = new UNet(1, 11, 16, 3, UNet.Padding.SAME, true, g);
        resnetOpt = SGD.momentum(resnet.parameters(), 0.01, 0.9);
        unetOpt = SGD.momentum(unet.parameters(), 0.01, 0.9);
        image1 = Tensor.randn(g, 1, 3, 224, 224);
        images16 = Tensor.randn(g, 16, 3, 224, 224);
        labels16 = new int[16];
        for (int i = 0; i < 16; i++) {
            labels16[i] = i * 37 % 1000;
        }
        scenes16 = Tensor.rand(g, 16, 1, 64, 64);
        pixelLabels = new int[16 * 64 * 64];
        for (int i = 0; i < pixelLabels.length; i++) {
            pixelLabels[i] = (i / 97) % 11;
        }
        Flint.setNumThreads(threads);
    }

    @Benchmark
    public float resnet18Latency1() {
        resnet.eval();
        try (var ng = Autograd.noGrad(); MemoryScope s = MemoryScope.open()) {
            return resnet.call(image1).get(0, 0);
        }
    }

    @Benchmark
    public float resnet18Inference16() {
        resnet.eval();
        try (var ng = Autograd.noGrad(); MemoryScope s = MemoryScope.open()) {
            return resnet.call(images16).get(0, 0);
        }
    }

    @Benchmark
    public float resnet18TrainStep16() {
        resnet.train();
        try (MemoryScope s = MemoryScope.open()) {
            resnetOpt.zeroGrad();
            Tensor loss = F.crossEntropy(resnet.call(images16), labels16);
            loss.backward();
            resnetOpt.step();
            return loss.item();
        }
    }

    @Benchmark
    public float vgg16Latency1() {
        vgg.eval();
        try (var ng = Autograd.noGrad(); MemoryScope s = MemoryScope.open()) {
            return vgg.call(image1).get(0, 0);
        }
    }

    @Benchmark
    public float unetTrainStep16() {
        unet.train();
        try (MemoryScope s = MemoryScope.open()) {
            unetOpt.zeroGrad();
            Tensor logits = unet.call(scenes16);
            Tensor loss = F.crossEntropy(logits.permute(0, 2, 3, 1).reshape(-1, 11), pixelLabels);
            loss.backward();
            unetOpt.step();
            return loss.item();
        }
    }
}
