package dev.flint.benchmarks;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.Flint;

import java.util.SplittableRandom;
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
 * SGEMM C = A * B (row-major, NN) at square sizes and LeNet-5's im2col shapes (batch 64).
 * Shapes are "MxNxK"; the report turns the time per call into GFLOP/s = 2 M N K / time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GemmBench {
    /** M x N x K. */
    @Param({"128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048",
        "6x50176x25", "16x6400x150", "64x120x400"})
    public String shape;

    /** Flint compute threads. */
    @Param({"1", "2"})
    public int threads;

    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        k = Integer.parseInt(p[2]);
        SplittableRandom r = new SplittableRandom(1);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        Flint.setNumThreads(threads);
    }

    @Benchmark
    public float[] sgemm() {
        Gemm.sgemm(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n, false);
        return c;
    }
}
