package dev.flint.benchmarks;

import dev.flint.core.kernel.pointwise.Pointwise;
import dev.flint.core.kernel.pointwise.Unary;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 * exp, log, tanh and sigmoid over a 64 x 1024 tensor's data (randn, 3x for exp/tanh/sigmoid,
 * |randn| + 0.01 for log), four ways: {@code flint} (the kernel, {@code VectorMath}),
 * {@code flintScalar} (its scalar twin {@code ScalarMath}, the kernel without the Vector API),
 * {@code jdk} (the JDK's {@code VectorOperators.EXP / LOG / TANH}, which Flint used before: SVML
 * when compiled, but not the same bits cold and warm) and {@code math} (a scalar loop over
 * {@code Math.exp} etc. in double). {@code jdk} has no sigmoid operator; it is built as
 * 1 / (1 + EXP(-x)).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PointwiseMathBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"exp", "tanh", "log", "sigmoid"})
    public String op;

    @Param({"flint", "jdk", "flintScalar", "math"})
    public String impl;

    float[] x;
    float[] out;
    Unary unary;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        x = new float[64 * 1024];
        out = new float[x.length];
        unary = Unary.valueOf(op.toUpperCase(java.util.Locale.ROOT));
        for (int i = 0; i < x.length; i++) {
            double g = gaussian(r);
            x[i] = (float) (op.equals("log") ? Math.abs(g) + 0.01 : 3 * g);
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Benchmark
    public float[] run() {
        switch (impl) {
            case "flint" -> Pointwise.unary(unary, x, 0, 1, out, 0, x.length);
            case "flintScalar" -> Pointwise.unaryScalar(unary, x, 0, 1, out, 0, x.length);
            case "jdk" -> jdk();
            default -> math();
        }
        return out;
    }

    private void jdk() {
        int n = x.length;
        int i = 0;
        switch (op) {
            case "exp" -> {
                for (; i < S.loopBound(n); i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(out, i);
                }
            }
            case "tanh" -> {
                for (; i < S.loopBound(n); i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(out, i);
                }
            }
            case "log" -> {
                for (; i < S.loopBound(n); i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(out, i);
                }
            }
            default -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < S.loopBound(n); i += S.length()) {
                    FloatVector e = FloatVector.fromArray(S, x, i).neg().lanewise(VectorOperators.EXP);
                    one.div(one.add(e)).intoArray(out, i);
                }
            }
        }
    }

    private void math() {
        switch (op) {
            case "exp" -> {
                for (int i = 0; i < x.length; i++) {
                    out[i] = (float) Math.exp(x[i]);
                }
            }
            case "tanh" -> {
                for (int i = 0; i < x.length; i++) {
                    out[i] = (float) Math.tanh(x[i]);
                }
            }
            case "log" -> {
                for (int i = 0; i < x.length; i++) {
                    out[i] = (float) Math.log(x[i]);
                }
            }
            default -> {
                for (int i = 0; i < x.length; i++) {
                    out[i] = (float) (1 / (1 + Math.exp(-x[i])));
                }
            }
        }
    }
}
