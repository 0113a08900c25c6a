package dev.flint.benchmarks;

import dev.flint.core.kernel.conv.Conv2dKernel;
import dev.flint.core.kernel.conv.ConvGeometry;
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
 * The distinct convolutions of ResNet-18 at 224x224, one at a time, through the kernel API
 * ({@link Conv2dKernel}): forward, input gradient and weight gradient, to see which layer and
 * which pass a zoo row's gap comes from. {@code benchmarks/compare/torch_resnet_layers.py} times
 * the same shapes in PyTorch (its convolution and {@code aten::convolution_backward} with one
 * output selected). Layer names: input channels x plane -> output channels, kernel, stride.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class ResNetLayerBench {
    /** The layer: C x H -> O, k kernel, s stride (padding k / 2). */
    @Param({"3x224-64k7s2", "64x56-64k3s1", "64x56-128k3s2", "64x56-128k1s2", "128x28-128k3s1", "128x28-256k3s2",
        "128x28-256k1s2", "256x14-256k3s1", "256x14-512k3s2", "256x14-512k1s2", "512x7-512k3s1"})
    public String layer;

    /** Samples. */
    @Param({"16"})
    public int batch;

    /** Flint compute threads. */
    @Param({"1", "2"})
    public int threads;

    ConvGeometry g;
    float[] x;
    float[] w;
    float[] out;
    float[] gy;
    float[] gx;
    float[] gw;

    @Setup
    public void setup() {
        String[] p = layer.split("[x\\-ks]");
        int c = Integer.parseInt(p[0]);
        int h = Integer.parseInt(p[1]);
        int o = Integer.parseInt(p[2]);
        int k = Integer.parseInt(p[3]);
        int s = Integer.parseInt(p[4]);
        g = new ConvGeometry(batch, c, h, h, o, k, k, s, s, k / 2, k / 2, 1, 1, 1);
        SplittableRandom r = new SplittableRandom(1);
        x = random(r, batch * c * h * h);
        w = random(r, o * c * k * k);
        out = new float[batch * o * g.outH() * g.outW()];
        gy = random(r, out.length);
        gx = new float[x.length];
        gw = new float[w.length];
        Flint.setNumThreads(threads);
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** out = conv(x, w). */
    @Benchmark
    public float forward() {
        Conv2dKernel.forward(g, x, w, null, out);
        return out[0];
    }

    /** gx = d(loss)/dx given gy. */
    @Benchmark
    public float inputGrad() {
        Conv2dKernel.backwardInput(g, gy, w, gx);
        return gx[0];
    }

    /** gw = d(loss)/dw given gy. */
    @Benchmark
    public float weightGrad() {
        Conv2dKernel.backwardWeight(g, x, gy, gw);
        return gw[0];
    }
}
