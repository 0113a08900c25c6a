package dev.flint.benchmarks;

import dev.flint.core.Autograd;
import dev.flint.core.Generator;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.Flint;
import dev.flint.nn.F;

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
 * Conv2d forward, and forward + backward (input, weight and bias gradients), on the four
 * shapes: (a) N=64,C=1,28x28,K=6,5x5,pad 2; (b) N=64,C=6,14x14,K=16,5x5; (c) N=32,C=64,56x56,
 * K=64,3x3,pad 1; (d) N=32,C=128,28x28,K=128,3x3,pad 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConvBench {
    /** Which shape. */
    @Param({"a", "b", "c", "d"})
    public String conv;

    /** Flint compute threads. */
    @Param({"1", "2"})
    public int threads;

    Tensor x;
    Tensor w;
    Tensor b;
    int pad;

    @Setup
    public void setup() {
        Generator g = new Generator(1);
        int[] s = switch (conv) {
            case "a" -> new int[] {64, 1, 28, 6, 5, 2};
            case "b" -> new int[] {64, 6, 14, 16, 5, 0};
            case "c" -> new int[] {32, 64, 56, 64, 3, 1};
            case "d" -> new int[] {32, 128, 28, 128, 3, 1};
            default -> throw new IllegalArgumentException(conv);
        };
        x = Tensor.randn(g, s[0], s[1], s[2], s[2]).requiresGrad(true);
        w = Tensor.randn(g, s[3], s[1], s[4], s[4]).mul(0.1f).detach().requiresGrad(true);
        b = Tensor.zeros(s[3]).requiresGrad(true);
        pad = s[5];
        Flint.setNumThreads(threads);
    }

    /** Forward in the recommended loop: the output recycled by a {@link MemoryScope}, as PyTorch's caching allocator recycles it. */
    @Benchmark
    public float forward() {
        try (var g = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            return F.conv2d(x, w, b, 1, pad).get(0, 0, 0, 0);
        }
    }

    /** Forward and backward (ones as the output gradient); output and ones recycled by a scope, gradients outside it. */
    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        w.zeroGrad();
        b.zeroGrad();
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor y = F.conv2d(x, w, b, 1, pad);
            y.backward(Tensor.onesLike(y));
        }
        return w.grad();
    }
}
