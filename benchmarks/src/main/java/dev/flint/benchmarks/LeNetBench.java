package dev.flint.benchmarks;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.nn.F;
import dev.flint.nn.models.LeNet5;
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
 * LeNet-5: a training step at batch 64 (forward, cross-entropy, backward, SGD-momentum step),
 * inference at batch 256, and inference latency at batch 1. The report turns time per call into
 * images/s; run with {@code -prof gc} for the allocation per step ({@code trainStep64} inside a
 * {@link MemoryScope}, as the examples train; {@code trainStep64NoScope} without one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeNetBench {
    /** Flint compute threads. */
    @Param({"1", "2"})
    public int threads;

    LeNet5 model;
    SGD opt;
    Tensor train;
    int[] labels;
    Tensor batch256;
    Tensor single;

    @Setup
    public void setup() {
        Generator g = new Generator(1);
        model = new LeNet5(1, 10, g);
        opt = SGD.momentum(model.parameters(), 0.01, 0.9);
        train = Tensor.randn(g, 64, 1, 28, 28);
        labels = new int[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        batch256 = Tensor.randn(g, 256, 1, 28, 28);
        single = Tensor.randn(g, 1, 1, 28, 28);
        Flint.setNumThreads(threads);
    }

    /** The recommended loop: activations and gradients recycled by a {@link MemoryScope}. */
    @Benchmark
    public float trainStep64() {
        try (MemoryScope scope = MemoryScope.open()) {
            return step();
        }
    }

    /** The same step without a scope: every buffer is a fresh heap array for the GC. */
    @Benchmark
    public float trainStep64NoScope() {
        return step();
    }

    private float step() {
        model.train();
        opt.zeroGrad();
        Tensor loss = F.crossEntropy(model.forward(train), labels);
        loss.backward();
        opt.step();
        return loss.item();
    }

    @Benchmark
    public float inference256() {
        model.eval();
        try (var g = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            return model.forward(batch256).get(0, 0);
        }
    }

    @Benchmark
    public float latency1() {
        model.eval();
        try (var g = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            return model.forward(single).get(0, 0);
        }
    }
}
