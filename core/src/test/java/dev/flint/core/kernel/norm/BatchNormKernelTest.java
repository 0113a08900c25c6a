package dev.flint.core.kernel.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The batch-norm kernel against the definition computed in double: statistics and output
 * directly, gradients by central differences of sum(gy * y) in double. Plane sizes cover the
 * vector paths (two vectors per step and a tail) and planes shorter than one vector.
 */
class BatchNormKernelTest {
    private static float[] random(SplittableRandom r, int n, double scale, double shift) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (shift + scale * (r.nextDouble() * 2 - 1));
        }
        return a;
    }

    /** sum(gy * y) with batch statistics (training) or the given ones, all in double. */
    private static double objective(int n, int c, int s, double[] x, double[] w, double[] b, float[] gy,
                                    boolean batchStats, float[] fixedMean, float[] fixedVar, double eps) {
        double total = 0;
        for (int ch = 0; ch < c; ch++) {
            double m;
            double v;
            if (batchStats) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < s; j++) {
                        sum += x[(i * c + ch) * s + j];
                    }
                }
                m = sum / (n * s);
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < s; j++) {
                        double d = x[(i * c + ch) * s + j] - m;
                        sq += d * d;
                    }
                }
                v = sq / (n * s);
            } else {
                m = fixedMean[ch];
                v = fixedVar[ch];
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    int at = (i * c + ch) * s + j;
                    total += gy[at] * ((x[at] - m) / Math.sqrt(v + eps) * w[ch] + b[ch]);
                }
            }
        }
        return total;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** Central difference of the objective in element i of one of x, w, b (which = 0, 1, 2). */
    private static double numeric(int which, int i, int n, int c, int s, double[] x, double[] w, double[] b, float[] gy,
                                  boolean batchStats, float[] fm, float[] fv, double eps) {
        double[] t = which == 0 ? x : which == 1 ? w : b;
        double h = 1e-4;
        double keep = t[i];
        t[i] = keep + h;
        double up = objective(n, c, s, x, w, b, gy, batchStats, fm, fv, eps);
        t[i] = keep - h;
        double down = objective(n, c, s, x, w, b, gy, batchStats, fm, fv, eps);
        t[i] = keep;
        return (up - down) / (2 * h);
    }

    private static void close(double expected, float actual, double tol, String what) {
        assertEquals(expected, actual, tol * (1 + Math.abs(expected)), what);
    }

    @ParameterizedTest(name = "N={0} C={1} S={2} training={3}")
    @CsvSource({"3,4,37,true", "2,3,70,true", "4,2,5,true", "2,3,70,false", "5,3,1,true"})
    void matchesTheDefinition(int n, int c, int s, boolean training) {
        SplittableRandom r = new SplittableRandom(n * 100L + c * 10L + s);
        // an offset mean and a spread, as activations have
        float[] x = random(r, n * c * s, 2.0, 0.7);
        float[] w = random(r, c, 0.5, 1.0);
        float[] b = random(r, c, 0.5, 0.0);
        float[] gy = random(r, n * c * s, 1.0, 0.0);
        float eps = 1e-5f;
        float[] mean = new float[c];
        float[] var = new float[c];
        float[] fixedMean = random(r, c, 0.3, 0.5);
        float[] fixedVar = random(r, c, 0.3, 1.5);
        if (training) {
            BatchNormKernel.stats(n, c, s, x, mean, var);
        } else {
            mean = fixedMean;
            var = fixedVar;
        }
        double[] xd = toDouble(x);
        double[] wd = toDouble(w);
        double[] bd = toDouble(b);
        for (int ch = 0; ch < c && training; ch++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    sum += xd[(i * c + ch) * s + j];
                }
            }
            double m = sum / (n * s);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    double d = xd[(i * c + ch) * s + j] - m;
                    sq += d * d;
                }
            }
            close(m, mean[ch], 1e-6, "mean " + ch);
            close(sq / (n * s), var[ch], 1e-5, "variance " + ch);
        }
        float[] invstd = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invstd[ch] = (float) (1 / Math.sqrt(var[ch] + (double) eps));
        }
        float[] y = new float[x.length];
        BatchNormKernel.normalize(n, c, s, x, mean, invstd, w, b, y);
        for (int i = 0; i < y.length; i++) {
            int ch = i / s % c;
            close((xd[i] - mean[ch]) / Math.sqrt(var[ch] + (double) eps) * wd[ch] + bd[ch], y[i], 1e-5, "y " + i);
        }
        float[] gx = new float[x.length];
        float[] gw = new float[c];
        float[] gb = new float[c];
        BatchNormKernel.backward(training, n, c, s, x, gy, mean, invstd, w, gx, gw, gb);
        for (int i = 0; i < x.length; i++) {
            close(numeric(0, i, n, c, s, xd, wd, bd, gy, training, fixedMean, fixedVar, eps), gx[i], 2e-3, "gx " + i);
        }
        for (int ch = 0; ch < c; ch++) {
            close(numeric(1, ch, n, c, s, xd, wd, bd, gy, training, fixedMean, fixedVar, eps), gw[ch], 2e-3, "gw " + ch);
            close(numeric(2, ch, n, c, s, xd, wd, bd, gy, training, fixedMean, fixedVar, eps), gb[ch], 2e-3, "gb " + ch);
        }
    }
}
