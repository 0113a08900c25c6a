package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Scratch;

/**
 * Offsets into NCHW convolution buffers and the copies between them and the GEMMs' layouts: one
 * group's samples side by side, the input gradient as a forward convolution, bias added per
 * channel. Shared by every convolution algorithm, so none calls back into the dispatcher
 * ({@link Conv2dKernel}).
 */
final class ConvLayout {
    private ConvLayout() {
    }

    /** Offset of sample n's first input plane of group grp. */
    static int inOffset(ConvGeometry g, int n, int grp) {
        return (n * g.inChannels() + grp * g.groupInChannels()) * g.inH() * g.inW();
    }

    /** Offset of sample n's first output plane of group grp. */
    static int outOffset(ConvGeometry g, int n, int grp) {
        return (n * g.outChannels() + grp * g.groupOutChannels()) * g.colCols();
    }

    /** Copies side[og, cnt*len] (samples side by side) to cnt samples' NCHW planes starting at out[outOff]. */
    static void scatter(ConvGeometry g, float[] side, int cnt, float[] out, int outOff) {
        int len = g.colCols();
        int sampleStride = g.outChannels() * len;
        for (int o = 0; o < g.groupOutChannels(); o++) {
            for (int s = 0; s < cnt; s++) {
                System.arraycopy(side, (o * cnt + s) * len, out, outOff + s * sampleStride + o * len, len);
            }
        }
    }

    /** The inverse of {@link #scatter}: gathers cnt samples' planes from gy[gyOff] into side[og, cnt*len]. */
    static void gather(ConvGeometry g, float[] gy, int gyOff, int cnt, float[] side) {
        int len = g.colCols();
        int sampleStride = g.outChannels() * len;
        for (int o = 0; o < g.groupOutChannels(); o++) {
            for (int s = 0; s < cnt; s++) {
                System.arraycopy(gy, gyOff + s * sampleStride + o * len, side, (o * cnt + s) * len, len);
            }
        }
    }

    /** out[n, c, :] += bias[c] for samples [n0, n0 + cnt) of out[N, C, plane]. */
    static void addBias(float[] out, int channels, int plane, float[] bias, int n0, int cnt) {
        for (int n = n0; n < n0 + cnt; n++) {
            for (int c = 0; c < channels; c++) {
                float b = bias[c];
                int off = (n * channels + c) * plane;
                for (int i = 0; i < plane; i++) {
                    out[off + i] += b;
                }
            }
        }
    }

    /**
     * The input gradient of a stride-1, ungrouped convolution as a convolution: of the output
     * gradient [N, O, outH, outW] with the weights flipped and transposed to [C, O, kH, kW], padding
     * dil * (k - 1) - pad, same dilation; its output is [N, C, H, W].
     */
    static ConvGeometry inputGradGeometry(ConvGeometry g) {
        return new ConvGeometry(g.batch(), g.outChannels(), g.outH(), g.outW(), g.inChannels(), g.kH(), g.kW(), 1, 1,
                g.dilH() * (g.kH() - 1) - g.padH(), g.dilW() * (g.kW() - 1) - g.padW(), g.dilH(), g.dilW(), 1);
    }

    /** w [O, C, kH, kW] as [C, O, kH, kW] with each kernel rotated by 180 degrees, in this thread's scratch. */
    static float[] flippedTransposed(ConvGeometry g, float[] w) {
        int o = g.outChannels();
        int c = g.inChannels();
        int taps = g.kH() * g.kW();
        float[] f = Scratch.floats(Scratch.CONV_FLIPPED, o * c * taps);
        Parallel.forWork((long) o * c * taps, o, (chunk, o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) {
                for (int ic = 0; ic < c; ic++) {
                    int src = (oc * c + ic) * taps;
                    int dst = (ic * o + oc) * taps + taps - 1;
                    for (int t = 0; t < taps; t++) {
                        f[dst - t] = w[src + t];
                    }
                }
            }
        });
        return f;
    }
}
