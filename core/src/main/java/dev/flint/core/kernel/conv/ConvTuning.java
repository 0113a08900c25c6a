package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.Settings;

/**
 * Every threshold and switch of the convolution kernels, in one place. {@link ConvPlanner} reads
 * them to choose an algorithm; the algorithms read the ones that size their blocks. Each value
 * states the rule it encodes; the measurements behind it are in docs/performance.md under the
 * constant's name. Values marked {@code -D...} come from {@link Settings} and can be overridden
 * for tuning and A/B runs.
 */
final class ConvTuning {
    /**
     * Chunks of samples per thread for passes whose samples are independent (forward, input
     * gradient): two, so that when one thread stalls the other takes its second chunk. Winograd
     * and the weight gradient keep one chunk per thread (Winograd sizes its blocks to a thread's
     * share; the weight gradient keeps one partial sum per chunk).
     */
    static final int SPLIT = 2;

    /** Im2col: samples go side by side until one GEMM has at least this many columns. */
    static final int MIN_GEMM_COLS = 512;
    /** Im2col and the image GEMM: a column block stays within this many floats (about L2). {@code -Dflint.conv.colFloats}. */
    static final int MAX_COL_FLOATS = Settings.CONV_COL_FLOATS;

    /**
     * The image GEMM packs its B panels straight from the padded image only when the product is
     * large enough for the packed kernel: at least this many output channels per group...
     */
    static final int PACKED_MIN_OUT_CHANNELS = 16;
    /** ...and at least this many im2col rows. */
    static final int PACKED_MIN_ROWS = 32;
    /**
     * The image GEMM skips a wide image's dropped columns (gathers its B panels through a column
     * table) when the skipped work exceeds this many multiply-adds per column: a gather costs a few
     * loads once per B element, a dropped column costs og multiply-adds. {@code -Dflint.conv.compactColumns=false} never skips.
     */
    static final int COMPACT_MIN_SAVED = 8;
    /** {@code -Dflint.conv.compactColumns}: false keeps the dropped columns in the image GEMM (and so no strided image GEMM). */
    static final boolean COMPACT_COLUMNS = Settings.CONV_COMPACT_COLUMNS;
    /** {@code -Dflint.conv.gatherForward}: false sends strided forward passes through im2col. */
    static final boolean GATHER_FORWARD = Settings.CONV_GATHER_FORWARD;

    /**
     * A weight gradient gw [og, rows] is computed as og * rows dot products (both operands read in
     * place) instead of the packed GEMM when the weight has at most this many elements...
     */
    static final int DOT_MAX_WEIGHT = 64 * 64;
    /** ...and each dot product is at least this many times longer than the weight's larger side. */
    static final int DOT_MIN_LENGTH_RATIO = 8;

    /** {@code -Dflint.conv.winograd}: false turns Winograd off. */
    static final boolean WINOGRAD = Settings.CONV_WINOGRAD;
    /** Winograd: below this many output positions per call the weight transform costs more than the saved flops. {@code -Dflint.winograd.minPositions}. */
    static final int WINOGRAD_MIN_POSITIONS = Settings.WINOGRAD_MIN_POSITIONS;
    /** Winograd: at least this many input channels (the depth of its 16 GEMMs)... */
    static final int WINOGRAD_MIN_IN_CHANNELS = 32;
    /** ...and this many output channels (rows of its 16 GEMMs). */
    static final int WINOGRAD_MIN_OUT_CHANNELS = 16;
    /** Winograd's weight gradient: at least this many output channels (its output-gradient transform runs one lane per channel). */
    static final int WINOGRAD_GRAD_MIN_OUT_CHANNELS = 32;
    /** Winograd: V and M of one block stay within this many floats each (L2-sized GEMM operands). {@code -Dflint.winograd.blockFloats}. */
    static final int WINOGRAD_BLOCK_FLOATS = Settings.WINOGRAD_BLOCK_FLOATS;

    /**
     * The NHWC direct convolution: at most this many output positions per call (batch x outH x
     * outW); beyond, the GEMM paths amortise their packing. {@code -Dflint.conv.directPositions} (0: off).
     */
    static final int NHWC_MAX_POSITIONS = Settings.CONV_DIRECT_POSITIONS;
    /** NHWC direct: at least this many input channels (below, the loop over channels per tap is too short to pay). */
    static final int NHWC_MIN_IN_CHANNELS = 16;
    /**
     * NHWC direct: vectors at least this wide. Its block keeps 17 vectors live: AVX-512's 32
     * registers hold them, AVX2's 16 would spill.
     */
    static final int NHWC_MIN_LANES = 16;

    /** NCHW direct: at most this many im2col rows (taps) ... */
    static final int NCHW_MAX_ROWS = 256;
    /** ... and output positions per sample; deeper or larger layers go to the GEMM paths. */
    static final int NCHW_MAX_POSITIONS = 256;

    private ConvTuning() {
    }
}
