package dev.flint.core.kernel.runtime;

/**
 * The kernels' one workspace mechanism: per-thread scratch buffers (im2col columns, packed
 * operands, partial sums, transformed weights), kept between calls so that a steady-state
 * training step allocates no workspace. Each slot belongs to one use site; a buffer only grows,
 * and its contents are unspecified on every call.
 *
 * <p>A slot's buffer must not be held across a call that may use the same slot on the same
 * thread; the slots below are chosen so that no kernel calls another kernel with the same slot.
 */
public final class Scratch {
    /** im2col / col2im column matrix of one or several samples (Conv2dKernel). */
    public static final int CONV_COLS = 0;
    /** B copied to unit-stride rows for the row-axpy GEMM (Gemm). */
    public static final int GEMM_B = 1;
    /** Per-chunk weight-gradient partials, owned by the calling thread (Conv2dKernel). */
    public static final int CONV_PARTIALS = 2;
    /** Output or output gradient of several samples side by side: [out/groups, samples*outH*outW] (Conv2dKernel), or the wide columns of ImageGemmConv. */
    public static final int CONV_SIDE = 3;
    /** An A operand packed once and shared by several products ({@link dev.flint.core.kernel.gemm.Gemm#share Gemm.share}), or weights in NchwDirectConv's / NhwcDirectConv's layout. */
    public static final int SHARED_A = 4;
    /** Zero-padded input planes of several samples side by side (ImageGemmConv), or the padded channels-last input (NhwcDirectConv). */
    public static final int WIDE_IMAGE = 5;
    /** Winograd's transformed-back outputs of one block, before they are interleaved into NCHW (Winograd). */
    public static final int WINOGRAD_OUT = 6;
    /** Winograd's transformed weight gradient of one chunk of samples, summed over its blocks (Winograd). */
    public static final int WINOGRAD_GRAD = 7;
    /** A narrow product computed transposed, before it is stored into C (Gemm). */
    public static final int GEMM_T = 8;
    /** Flipped, transposed weights for an input gradient computed as a forward convolution (Conv2dKernel). */
    public static final int CONV_FLIPPED = 9;
    /** The packed GEMM's block of A (PackedGemm). */
    public static final int GEMM_PACKED_A = 10;
    /** The packed GEMM's block of B (PackedGemm). */
    public static final int GEMM_PACKED_B = 11;
    /** The packed GEMM's edge tile of C (PackedGemm). */
    public static final int GEMM_TILE = 12;
    /**
     * Winograd's transformed weights: slots WINOGRAD_U + xi (xi in 0..15) the matrix of tile
     * position xi packed for the GEMM, slot WINOGRAD_U + 16 all 16 unpacked (Winograd).
     */
    public static final int WINOGRAD_U = 13;
    /** Slots in a buffer set. */
    static final int SLOTS = WINOGRAD_U + 17;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    private Scratch() {
    }

    /** This thread's buffer for {@code slot}, at least {@code n} floats long. */
    public static float[] floats(int slot, int n) {
        return grow(BUFFERS.get(), slot, n);
    }

    /** This thread's buffer set (for a kernel that grows several slots per call), indexed by slot. */
    public static float[][] buffers() {
        return BUFFERS.get();
    }

    /** A buffer set of its own (for results kept beyond this thread's next call), indexed by slot. */
    public static float[][] ownBuffers() {
        return new float[SLOTS][0];
    }

    /** {@code buffers[slot]}, first replaced by a larger array if it holds fewer than n floats. */
    public static float[] grow(float[][] buffers, int slot, int n) {
        if (buffers[slot].length < n) {
            buffers[slot] = new float[n];
        }
        return buffers[slot];
    }
}
