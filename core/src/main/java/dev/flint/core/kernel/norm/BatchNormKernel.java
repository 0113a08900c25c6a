package dev.flint.core.kernel.norm;

import dev.flint.core.kernel.pointwise.VectorRows;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.VectorSupport;

/**
 * Batch normalisation over contiguous (N, C, S) data (S = H*W, or 1 for (N, C) input): per-channel
 * statistics, the normalisation with its affine transform, and the backward pass, each in one or
 * two passes over the data instead of the dozen a composition of broadcasting ops takes. Channels
 * are split across {@link Parallel} threads; each channel's sums run in a fixed order (per plane
 * in float vector lanes with the Vector API, then in double), so results do not depend on the
 * thread count.
 */
public final class BatchNormKernel {
    private BatchNormKernel() {
    }

    /** mean[c] and the biased variance var[c] of channel c over N and S (two passes: mean, then squared deviations). */
    public static void stats(int n, int c, int s, float[] x, float[] mean, float[] var) {
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(c, (chunk, from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * s;
                    if (vector) {
                        sum += VectorRows.sum(x, off, s);
                        continue;
                    }
                    for (int j = 0; j < s; j++) {
                        sum += x[off + j];
                    }
                }
                float m = (float) (sum / ((double) n * s));
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * s;
                    if (vector) {
                        sq += VectorRows.sumSquaredDeviations(x, off, s, m);
                        continue;
                    }
                    for (int j = 0; j < s; j++) {
                        double d = x[off + j] - m;
                        sq += d * d;
                    }
                }
                mean[ch] = m;
                var[ch] = (float) (sq / ((double) n * s));
            }
        });
    }

    /** y = (x - mean[c]) * invstd[c] * weight[c] + bias[c]; weight and bias may be null (1 and 0). */
    public static void normalize(int n, int c, int s, float[] x, float[] mean, float[] invstd, float[] weight, float[] bias,
                                 float[] y) {
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(c, (chunk, from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float scale = invstd[ch] * (weight == null ? 1f : weight[ch]);
                float shift = (bias == null ? 0f : bias[ch]) - mean[ch] * scale;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * s;
                    if (vector) {
                        VectorRows.affine(x, y, off, s, scale, shift);
                        continue;
                    }
                    for (int j = 0; j < s; j++) {
                        y[off + j] = x[off + j] * scale + shift;
                    }
                }
            }
        });
    }

    /**
     * Gradients given gy. With x̂ = (x - mean) * invstd, per channel: gb = Σ gy, gw = Σ gy·x̂, and
     * gx = w·invstd·(gy − gb/M − x̂·gw/M) when the statistics came from this batch
     * ({@code batchStats}; M = N·S values per channel), gx = w·invstd·gy when they were fixed
     * (evaluation). Any of gx, gw, gb may be null (not needed); weight null means 1.
     */
    public static void backward(boolean batchStats, int n, int c, int s, float[] x, float[] gy, float[] mean, float[] invstd,
                                float[] weight, float[] gx, float[] gw, float[] gb) {
        double count = (double) n * s;
        boolean vector = VectorSupport.enabled();
        Parallel.forChunks(c, (chunk, from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch];
                float is = invstd[ch];
                double sumG = 0;
                double sumGx = 0;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * s;
                    if (vector) {
                        sumG += VectorRows.sum(gy, off, s);
                        sumGx += VectorRows.dotCentered(gy, x, off, s, m);
                        continue;
                    }
                    for (int j = 0; j < s; j++) {
                        float g = gy[off + j];
                        sumG += g;
                        sumGx += g * (x[off + j] - m);
                    }
                }
                double sumGxhat = sumGx * is;
                if (gb != null) {
                    gb[ch] = (float) sumG;
                }
                if (gw != null) {
                    gw[ch] = (float) sumGxhat;
                }
                if (gx == null) {
                    continue;
                }
                float scale = is * (weight == null ? 1f : weight[ch]);
                float meanG = batchStats ? (float) (sumG / count) : 0f;
                // x̂·gw/M = (x - mean)·invstd·gw/M: one coefficient on (x - mean)
                float k = batchStats ? (float) (sumGxhat / count) * is : 0f;
                for (int i = 0; i < n; i++) {
                    int off = (i * c + ch) * s;
                    if (vector) {
                        VectorRows.centeredScale(gy, x, gx, off, s, scale, meanG, m, k);
                        continue;
                    }
                    for (int j = 0; j < s; j++) {
                        gx[off + j] = scale * (gy[off + j] - meanG - (x[off + j] - m) * k);
                    }
                }
            }
        });
    }
}
