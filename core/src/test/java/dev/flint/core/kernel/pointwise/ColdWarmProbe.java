package dev.flint.core.kernel.pointwise;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Child-JVM half of {@link DeterminismTest}: computes every pointwise op (and the softmax-family
 * row kernels) once cold, as the first thing this JVM does, then calls each kernel until the JIT
 * has compiled it and computes them all again. Prints one line per check:
 * {@code PROBE <name> <elements that changed> <cold hash> <warm hash>}. Arguments (for runs by
 * hand): the warm-up calls per kernel, and any second argument to print each kernel's warm-up time.
 */
public final class ColdWarmProbe {
    /** Calls per kernel during warm-up: C2 compiles each loop well within this (5,000 showed the old vector exp change). */
    private static final int WARM_CALLS = 20_000;

    private ColdWarmProbe() {
    }

    public static void main(String[] args) {
        float[] x = Tensor.randn(new Generator(1), 64, 10).denseData(); // the 64x10 randn
        float[] y = Tensor.randn(new Generator(2), 64, 10).denseData();
        SplittableRandom r = new SplittableRandom(3);
        float[] wide = new float[640];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = (float) r.nextDouble(-100, 100); // reaches overflow, underflow and saturation
        }
        float[] positive = new float[640];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = Math.abs(x[i]) + 1e-3f; // log, sqrt and pow bases where they are finite
        }
        float[] unaryIn = concat(x, scale(x, 4f), positive, wide);
        float[] binA = concat(positive, x);
        float[] binB = concat(x, y);

        Map<String, Supplier<float[]>> checks = new LinkedHashMap<>();
        for (Unary op : Unary.values()) {
            checks.put("unary." + op, () -> {
                float[] out = new float[unaryIn.length];
                Pointwise.unary(op, unaryIn, 0, 1, out, 0, out.length);
                return out;
            });
        }
        for (Binary op : Binary.values()) {
            checks.put("binary." + op, () -> {
                float[] out = new float[binA.length];
                Pointwise.binary(op, binA, 0, 1, binB, 0, 1, out, 0, out.length);
                return out;
            });
        }
        // Row kernels: length 5 takes the short-row vector path on 8- and 16-lane machines.
        for (int len : new int[] {5, 10, 100}) {
            int runs = x.length / len;
            checks.put("logSumExp.len" + len, () -> {
                float[] out = new float[runs];
                Reduce.logSumExp(x, 0, runs, len, out, 0);
                return out;
            });
            checks.put("logSoftmax.len" + len, () -> {
                float[] out = new float[runs * len];
                Reduce.logSoftmax(x, 0, runs, len, out, 0);
                return out;
            });
            checks.put("logSoftmaxBackward.len" + len, () -> {
                float[] ls = new float[runs * len];
                Reduce.logSoftmax(x, 0, runs, len, ls, 0);
                float[] out = new float[runs * len];
                Reduce.logSoftmaxBackward(y, 0, ls, 0, runs, len, out, 0);
                return out;
            });
        }
        Tensor tx = Tensor.of(x, 64, 10);
        checks.put("tensor.softmax", () -> tx.softmax(1).toArray());
        checks.put("tensor.logSoftmax", () -> tx.logSoftmax(1).toArray());

        Map<String, float[]> cold = new LinkedHashMap<>();
        checks.forEach((name, f) -> cold.put(name, f.get()));

        long t0 = System.nanoTime();
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : WARM_CALLS;
        checks.forEach((name, f) -> {
            long t = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                f.get();
            }
            if (args.length > 1) {
                System.err.printf("%s %.2f s%n", name, (System.nanoTime() - t) / 1e9);
            }
        });
        System.err.printf("warm-up: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        checks.forEach((name, f) -> {
            float[] c = cold.get(name);
            float[] w = f.get();
            int changed = 0;
            for (int i = 0; i < c.length; i++) {
                if (Float.floatToIntBits(c[i]) != Float.floatToIntBits(w[i])) {
                    changed++;
                }
            }
            System.out.printf("PROBE %s %d %s %s%n", name, changed, hash(c), hash(w));
        });
    }

    private static float[] scale(float[] a, float s) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] * s;
        }
        return o;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] o = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, o, at, p.length);
            at += p.length;
        }
        return o;
    }

    /** FNV-1a over the elements' bits (NaNs collapsed to one pattern). */
    private static String hash(float[] a) {
        long h = 0xcbf29ce484222325L;
        for (float v : a) {
            h = (h ^ Float.floatToIntBits(v)) * 0x100000001b3L;
        }
        return Long.toHexString(h);
    }
}
