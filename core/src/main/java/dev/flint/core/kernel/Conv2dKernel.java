package dev.flint.core.kernel;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * 2-D convolution on contiguous NCHW arrays: im2col + GEMM forward, GEMM + col2im for the input
 * gradient, GEMM for the weight gradient. Samples of the batch are split across
 * {@link Parallel} threads; the weight gradient sums per-thread partials in chunk order, so it is
 * deterministic for a given thread count. Layers reach convolution only through these calls, so
 * faster implementations replace their bodies without touching the layers.
 *
 * <p>The column matrix is built a cache-sized block at a time ({@link Blocks}). Small output planes
 * (LeNet's conv2: 10x10; ResNet's last stages: 7x7) make a skinny GEMM per sample, where packing
 * and edge tiles cost more than the multiply: the column matrices of several samples are put side
 * by side, so one GEMM serves them all; its output is then copied (with the bias) to each
 * sample's NCHW planes, and output gradients are gathered the same way. Large planes (56x56 with
 * 576 rows: 7 MiB of columns) are cut into bands of output rows whose columns stay in L2, instead
 * of streaming the whole matrix through memory twice. The weights, the A operand of every one of
 * these products, are packed once per call ({@link Gemm#share}), not once per product.
 * With the Vector API, stride-1 convolutions go through {@link WideConv} instead, which reads the
 * im2col rows straight from a padded copy of the input, and 3x3 stride-1 ones with enough channels
 * (forward, input and weight gradients) through {@link Winograd}; the forward passes (and stride-1
 * input gradients) of calls with few output positions and many channels through
 * {@link BlockedDirectConv}; the blocking above serves strided convolutions and the scalar path.
 */
public final class Conv2dKernel {
    /**
     * Chunks of samples per thread for the forward pass and the input gradient (whose samples are
     * independent): two, so that when one thread stalls the other takes over its second chunk.
     * Winograd keeps one per thread (its blocks of tiles are sized to a thread's share) and so does
     * the weight gradient (one partial sum per chunk).
     */
    static final int SPLIT = 2;
    /** Put samples side by side until a GEMM has at least this many columns. */
    static final int MIN_GEMM_COLS = 512;
    /**
     * Keep a block of the column matrix within this many floats (1 MiB, the L2 of these cores).
     * Measured on conv (c) and (d): bands of 2^17 floats were slower than none for (d), 2^18 the
     * best of the two for (c). {@code -Dflint.conv.colFloats} overrides it for tuning.
     */
    static final int MAX_COL_FLOATS = Settings.CONV_COL_FLOATS;

    private Conv2dKernel() {
    }

    /**
     * How a chunk of samples is cut into GEMMs: {@code samples} samples side by side (each with
     * all its output rows), or one sample at a time in bands of {@code bandRows} output rows.
     */
    record Blocks(int samples, int bandRows) {
    }

    /** The blocking for a chunk of {@code available} samples. */
    static Blocks blocks(ConvGeometry g, int available) {
        int len = g.colCols();
        long plane = (long) g.colRows() * len;
        if (plane > MAX_COL_FLOATS) {
            return new Blocks(1, (int) Math.max(1, MAX_COL_FLOATS / ((long) g.colRows() * g.outW())));
        }
        int samples = 1;
        if (len < MIN_GEMM_COLS && available > 1) {
            int want = (MIN_GEMM_COLS + len - 1) / len;
            int fit = (int) Math.max(1, MAX_COL_FLOATS / plane);
            samples = Math.max(1, Math.min(available, Math.min(want, fit)));
        }
        return new Blocks(samples, g.outH());
    }

    /** One block of a chunk: samples [n0, n0 + cnt), output rows [oy0, oy1), group grp. */
    @FunctionalInterface
    private interface BlockBody {
        void run(int n0, int cnt, int oy0, int oy1, int grp);
    }

    /** Runs body over the blocks of samples [from, to) in a fixed order: samples, then bands, then groups. */
    private static void forEachBlock(ConvGeometry g, Blocks b, int from, int to, BlockBody body) {
        for (int n0 = from; n0 < to; n0 += b.samples()) {
            int cnt = Math.min(b.samples(), to - n0);
            for (int oy0 = 0; oy0 < g.outH(); oy0 += b.bandRows()) {
                int oy1 = Math.min(g.outH(), oy0 + b.bandRows());
                for (int grp = 0; grp < g.groups(); grp++) {
                    body.run(n0, cnt, oy0, oy1, grp);
                }
            }
        }
    }

    /** Floats of the column matrix of one block. */
    private static int colFloats(ConvGeometry g, Blocks b) {
        return g.colRows() * b.samples() * Math.min(b.bandRows(), g.outH()) * g.outW();
    }

    /** out[N, O, outH, outW] = conv(x[N, C, H, W], w[O, C/groups, kH, kW]) + bias[O] (bias may be null). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] out) {
        forward(g, x, w, null, bias, out);
    }

    /**
     * {@link #forward(ConvGeometry, float[], float[], float[], float[])} with the weights' owner and
     * version: their packed or transformed form is then kept between calls while the version stays
     * the same ({@link PreparedWeights}). {@code source} may be null.
     */
    public static void forward(ConvGeometry g, float[] x, float[] w, PreparedWeights.Source source, float[] bias, float[] out) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        int ow = g.outW();
        if (usesBlockedDirect(g)) {
            blockedForward(g, x, blockedWeights(g, w, false, source), bias, out);
            return;
        }
        float[] taps = VectorSupport.enabled() && DirectConv.applies(g) ? DirectConv.tapMajor(g, w) : null;
        Winograd.Weights wino = taps == null && Winograd.applies(g) ? winogradWeights(g, w, source) : null;
        Gemm.SharedA[] wg = taps == null && wino == null ? gemmWeights(g, w, source) : null;
        boolean wide = WideConv.applies(g) || WideConv.gathersStridedForward(g);
        Parallel.forChunks(g.batch(), wino == null ? SPLIT : 1, (chunk, from, to) -> {
            if (taps != null) {
                DirectConv.forward(g, x, taps, out, from, to);
            } else if (wino != null) {
                Winograd.forward(wino, x, out, from, to);
            } else if (wide) {
                WideConv.forward(g, x, wg, out, from, to);
            } else {
                Blocks b = blocks(g, to - from);
                float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
                float[] side = b.samples() > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * b.samples()) : null;
                forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
                    int band = (oy1 - oy0) * ow;
                    int width = cnt * band;
                    for (int s = 0; s < cnt; s++) {
                        im2colChannels(g, x, inOffset(g, n0 + s, grp), oy0, oy1, cols, s * band, width);
                    }
                    if (cnt == 1) {
                        Gemm.sgemm(wg[grp], band, cols, 0, width, 1, out, outOffset(g, n0, grp) + oy0 * ow, len, false);
                    } else {
                        Gemm.sgemm(wg[grp], width, cols, 0, width, 1, side, 0, width, false);
                        scatter(g, side, cnt, out, outOffset(g, n0, grp));
                    }
                });
            }
            if (bias != null) {
                addBias(out, g.outChannels(), g.colCols(), bias, from, to - from);
            }
        });
    }

    /**
     * {@link Im2col#im2col} of one sample's group, its channels split over threads when called
     * outside a parallel region: at batch 1 the column matrix of a strided layer was built by the
     * caller alone while the other threads waited for the GEMM (6% of ResNet-18's 2-thread latency).
     */
    private static void im2colChannels(ConvGeometry g, float[] x, int xOff, int oy0, int oy1, float[] cols, int colOff, int ld) {
        int plane = g.inH() * g.inW();
        int taps = g.kH() * g.kW();
        Parallel.forWork((long) g.groupInChannels() * taps * (oy1 - oy0) * g.outW(), g.groupInChannels(), (part, c0, c1) ->
                Im2col.im2col(g, c1 - c0, x, xOff + c0 * plane, oy0, oy1, cols, colOff + c0 * taps * ld, ld));
    }

    /** Whether g's forward pass goes through {@link BlockedDirectConv} (a Vector API class: not loaded without it). */
    static boolean usesBlockedDirect(ConvGeometry g) {
        return VectorSupport.enabled() && BlockedDirectConv.applies(g);
    }

    /** out = conv(x) + bias through {@link BlockedDirectConv}: the padded channels-last input, then the blocks, both split over threads. */
    private static void blockedForward(ConvGeometry g, float[] x, float[] wb, float[] bias, float[] out) {
        int floats = BlockedDirectConv.imageFloats(g);
        float[] xp = Scratch.floats(Scratch.WIDE_IMAGE, floats);
        Parallel.forWork(floats, BlockedDirectConv.imageRows(g), (chunk, from, to) -> BlockedDirectConv.image(g, x, xp, from, to));
        Parallel.forChunks(BlockedDirectConv.units(g), SPLIT, (chunk, from, to) -> BlockedDirectConv.forward(g, xp, wb, bias, out, from, to));
    }

    /**
     * g's weights in {@link BlockedDirectConv}'s layout, kept while {@code source}'s version stays;
     * {@code flipped}: g is {@link #inputGradGeometry} and w the weights of the convolution whose
     * input gradient it is.
     */
    private static float[] blockedWeights(ConvGeometry g, float[] w, boolean flipped, PreparedWeights.Source source) {
        int floats = BlockedDirectConv.weightFloats(g);
        List<Object> layout = List.of("blocked", g.outChannels(), g.inChannels(), g.kH(), g.kW(), flipped);
        return PreparedWeights.get(source, layout, () -> floats, owned -> {
            float[] wb = owned ? new float[floats] : Scratch.floats(Scratch.SHARED_A, floats);
            Parallel.forWork(floats, BlockedDirectConv.channelBlocks(g), (chunk, from, to) ->
                    BlockedDirectConv.weights(g, w, flipped, wb, from, to));
            return wb;
        });
    }

    /** The forward convolution's weights packed as the GEMM's shared A, kept while {@code source}'s version stays. */
    private static Gemm.SharedA[] gemmWeights(ConvGeometry g, float[] w, PreparedWeights.Source source) {
        int og = g.groupOutChannels();
        int rows = g.colRows();
        // Only a single group's weights are packed ahead (shareWeights).
        LongSupplier floats = () -> g.groups() == 1 ? Gemm.sharedFloats(og, rows) : 0;
        return PreparedWeights.get(source, List.of("gemm", og, rows, g.groups()), floats, owned -> shareWeights(g, w, false, owned));
    }

    /**
     * The forward convolution's Winograd weights, kept while {@code source}'s version stays: the
     * transformed tiles depend on the weights alone, the shape is this call's.
     */
    private static Winograd.Weights winogradWeights(ConvGeometry g, float[] w, PreparedWeights.Source source) {
        Winograd.Shape shape = Winograd.forwardShape(g);
        LongSupplier floats = () -> (long) Winograd.POSITIONS * (PackedGemm.paddedRows(g.outChannels()) + g.outChannels())
                * g.inChannels();
        Gemm.SharedA[] u = PreparedWeights.get(source, List.of("winograd", g.outChannels(), g.inChannels()), floats,
                owned -> Winograd.weights(shape, w, false, owned).u());
        return new Winograd.Weights(shape, u);
    }

    /**
     * Whether the input gradient of this stride-1 convolution is computed as a forward convolution
     * of the output gradient ({@link #inputGradGeometry}): the packed GEMM then reads the output
     * gradient straight from its wide image and writes the C input channels, where the column
     * route writes a C*kH*kW-row column matrix (with a depth of only O) and adds it back with
     * col2im. U-Net's 16-channel 3x3 layers at 64x64: 144 column rows per position. That forward
     * convolution goes through {@link BlockedDirectConv} where it applies.
     */
    static boolean inputGradAsForward(ConvGeometry g) {
        return WideConv.applies(g) && g.groups() == 1
                && g.padH() <= g.dilH() * (g.kH() - 1) && g.padW() <= g.dilW() * (g.kW() - 1)
                && WideConv.packedFromImage(inputGradGeometry(g));
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
    private static float[] flippedTransposed(ConvGeometry g, float[] w) {
        int o = g.outChannels();
        int c = g.inChannels();
        int kh = g.kH();
        int kw = g.kW();
        int taps = kh * kw;
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

    /** gx[N, C, H, W] = d(loss)/d(x) given gy = d(loss)/d(out); gx is overwritten. */
    public static void backwardInput(ConvGeometry g, float[] gy, float[] w, float[] gx) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        int ow = g.outW();
        int plane = g.inChannels() * g.inH() * g.inW();
        Winograd.Weights wino = Winograd.appliesToInputGrad(g) ? Winograd.weights(Winograd.inputGradShape(g), w, true) : null;
        if (wino == null && inputGradAsForward(g)) {
            ConvGeometry gi = inputGradGeometry(g);
            if (usesBlockedDirect(gi)) {
                blockedForward(gi, gy, blockedWeights(gi, w, true, null), null, gx);
            } else {
                forward(gi, gy, flippedTransposed(g, w), null, gx);
            }
            return;
        }
        Gemm.SharedA[] wt = wino == null ? shareWeights(g, w, true) : null;
        boolean wide = WideConv.applies(g);
        Parallel.forChunks(g.batch(), wino == null ? SPLIT : 1, (chunk, from, to) -> {
            if (wino != null) {
                Winograd.forward(wino, gy, gx, from, to);
                return;
            }
            if (wide) {
                WideConv.backwardInput(g, gy, wt, gx, from, to);
                return;
            }
            Arrays.fill(gx, from * plane, to * plane, 0f);
            Blocks b = blocks(g, to - from);
            float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
            float[] side = b.samples() > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * b.samples()) : null;
            forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
                int band = (oy1 - oy0) * ow;
                int width = cnt * band;
                // cols[rows, width] = w_g^T [rows, og] * gy_g [og, width]
                if (cnt == 1) {
                    Gemm.sgemm(wt[grp], band, gy, outOffset(g, n0, grp) + oy0 * ow, len, 1, cols, 0, width, false);
                } else {
                    gather(g, gy, outOffset(g, n0, grp), cnt, side);
                    Gemm.sgemm(wt[grp], width, side, 0, width, 1, cols, 0, width, false);
                }
                for (int s = 0; s < cnt; s++) {
                    Im2col.col2im(g, cg, cols, s * band, width, oy0, oy1, gx, inOffset(g, n0 + s, grp));
                }
            });
        });
    }

    /** gw[O, C/groups, kH, kW] = d(loss)/d(w); overwritten. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] gy, float[] gw) {
        int len = g.colCols();
        int rows = g.colRows();
        int og = g.groupOutChannels();
        int cg = g.groupInChannels();
        int ow = g.outW();
        int chunks = Parallel.chunks(g.batch());
        // Chunk 0 accumulates into gw, chunk c > 0 into its slice of one buffer owned by this
        // (calling) thread; the slices are then added in chunk order.
        float[] partials = Scratch.floats(Scratch.CONV_PARTIALS, (chunks - 1) * gw.length);
        boolean wide = WideConv.applies(g) || (WideConv.gathersStrided(g) && !dotProducts(og, rows, len));
        boolean wino = Winograd.appliesToWeightGrad(g);
        Parallel.forChunks(g.batch(), (chunk, from, to) -> {
            float[] acc = chunk == 0 ? gw : partials;
            int base = chunk == 0 ? 0 : (chunk - 1) * gw.length;
            Arrays.fill(acc, base, base + gw.length, 0f);
            if (wino) {
                Winograd.backwardWeight(g, x, gy, acc, base, from, to);
                return;
            }
            if (wide) {
                WideConv.backwardWeight(g, x, gy, acc, base, from, to);
                return;
            }
            Blocks b = blocks(g, to - from);
            float[] cols = Scratch.floats(Scratch.CONV_COLS, colFloats(g, b));
            float[] side = b.samples() > 1 ? Scratch.floats(Scratch.CONV_SIDE, og * len * b.samples()) : null;
            forEachBlock(g, b, from, to, (n0, cnt, oy0, oy1, grp) -> {
                int band = (oy1 - oy0) * ow;
                int width = cnt * band;
                for (int s = 0; s < cnt; s++) {
                    im2colChannels(g, x, inOffset(g, n0 + s, grp), oy0, oy1, cols, s * band, width);
                }
                // gw_g [og, rows] += gy_g [og, width] * cols^T [width, rows]
                float[] a = gy;
                int aOff = outOffset(g, n0, grp) + oy0 * ow;
                int lda = len;
                if (cnt > 1) {
                    gather(g, gy, aOff, cnt, side);
                    a = side;
                    aOff = 0;
                    lda = width;
                }
                if (dotProducts(og, rows, width)) {
                    VectorGemm.dotRows(og, rows, width, a, aOff, lda, cols, columnRowStarts(rows, width), acc, base + grp * og * rows, rows);
                } else {
                    Gemm.sgemm(og, rows, width, a, aOff, lda, 1, cols, 0, 1, width, acc, base + grp * og * rows, rows, true);
                }
            });
        });
        // The chunks' partials added in chunk order (so the sum does not depend on the thread
        // count's timing), element ranges split over threads.
        Parallel.forWork((long) (chunks - 1) * gw.length, gw.length, (part, i0, i1) -> {
            for (int c = 1; c < chunks; c++) {
                int base = (c - 1) * gw.length;
                for (int i = i0; i < i1; i++) {
                    gw[i] += partials[base + i];
                }
            }
        });
    }

    /**
     * Whether a weight gradient gw [og, rows] += gy [og, width] * cols^T is better done as og * rows
     * dot products of length width ({@link VectorGemm#dotRows}, both operands read in place) than
     * by the packed GEMM, whose B panels would gather cols^T column by column: for small weights
     * and long rows (a 2x2 stride-2 transposed convolution's 32 x 64 weight over 1,024 positions
     * per sample: 5.0 ms by the packed GEMM at 1 thread).
     */
    private static boolean dotProducts(int og, int rows, int width) {
        return VectorSupport.enabled() && og * rows <= 64 * 64 && width >= 8 * Math.max(og, rows);
    }

    /** Starts of the rows of a row-major [rows, width] matrix. */
    private static int[] columnRowStarts(int rows, int width) {
        int[] starts = new int[rows];
        for (int r = 0; r < rows; r++) {
            starts[r] = r * width;
        }
        return starts;
    }

    /** gb[O] = sum of gy over batch and positions; overwritten. */
    public static void backwardBias(ConvGeometry g, float[] gy, float[] gb) {
        channelSums(gy, g.batch(), g.outChannels(), g.colCols(), gb);
    }

    /**
     * out[c] = the sum of x[N, C, plane] over samples and plane, in double, channels split over
     * threads: a convolution's bias gradient from its output gradient, and a transposed
     * convolution's from its own; overwritten.
     */
    public static void channelSums(float[] x, int batch, int channels, int plane, float[] out) {
        boolean vector = VectorSupport.enabled();
        Parallel.forWork((long) batch * channels * plane, channels, (chunk, from, to) -> {
            for (int c = from; c < to; c++) {
                double acc = 0;
                for (int n = 0; n < batch; n++) {
                    int off = (n * channels + c) * plane;
                    if (vector) {
                        acc += VectorRows.sum(x, off, plane);
                        continue;
                    }
                    for (int i = 0; i < plane; i++) {
                        acc += x[off + i];
                    }
                }
                out[c] = (float) acc;
            }
        });
    }

    /** x[n, c, :] += bias[c] for every sample of x[N, C, plane], samples split over threads: a transposed convolution's bias. */
    public static void addChannelBias(float[] x, int batch, int channels, int plane, float[] bias) {
        Parallel.forWork((long) batch * channels * plane, batch, (chunk, from, to) -> addBias(x, channels, plane, bias, from, to - from));
    }

    /**
     * Each group's weights [og, rows] (or their transpose [rows, og]) as the shared A of that
     * group's products, packed once for all samples and bands. Every group gets its own buffer
     * only when there is one group; with several, the groups are not packed ahead (the shared
     * buffer holds one operand at a time) and each product packs its own.
     */
    private static Gemm.SharedA[] shareWeights(ConvGeometry g, float[] w, boolean transpose) {
        return shareWeights(g, w, transpose, false);
    }

    /** {@link #shareWeights(ConvGeometry, float[], boolean)}, packed into arrays of its own when {@code owned}. */
    private static Gemm.SharedA[] shareWeights(ConvGeometry g, float[] w, boolean transpose, boolean owned) {
        int og = g.groupOutChannels();
        int rows = g.colRows();
        Gemm.SharedA[] shared = new Gemm.SharedA[g.groups()];
        for (int grp = 0; grp < g.groups(); grp++) {
            int off = grp * og * rows;
            if (g.groups() == 1) {
                shared[grp] = transpose ? Gemm.share(rows, og, w, off, 1, rows, owned) : Gemm.share(og, rows, w, off, rows, 1, owned);
            } else {
                shared[grp] = transpose ? new Gemm.SharedA(rows, og, w, off, 1, rows, null)
                        : new Gemm.SharedA(og, rows, w, off, rows, 1, null);
            }
        }
        return shared;
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
    private static void addBias(float[] out, int channels, int plane, float[] bias, int n0, int cnt) {
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
}
