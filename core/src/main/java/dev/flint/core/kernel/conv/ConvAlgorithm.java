package dev.flint.core.kernel.conv;

/**
 * The algorithms a 2-D convolution pass can run. {@link #supports} says where an algorithm gives
 * correct results at all (the hard limits of its code); {@link ConvPlanner#plan} chooses among
 * the supported ones by speed. {@code lanes} is the float vector width the kernels run with, 1
 * for the scalar kernels; every algorithm but {@link #IM2COL} needs the Vector API.
 */
public enum ConvAlgorithm {
    /**
     * The column matrix (im2col) in cache-sized blocks and a GEMM; col2im for the input gradient
     * ({@link Im2colConv}). Every geometry, every pass; the scalar kernels' only algorithm.
     */
    IM2COL,
    /**
     * A GEMM that reads the im2col rows straight from a zero-padded copy of several samples side by
     * side, a "wide image" ({@link ImageGemmConv}): contiguous runs at stride 1, gathered columns
     * where strided. Every pass at stride 1; forward and weight gradient of strided layers large
     * enough for the packed GEMM.
     */
    IMAGE_GEMM,
    /**
     * Winograd F(2x2, 3x3) ({@link Winograd}): 3x3, stride 1, no dilation, one group; the input
     * gradient with padding at most 2; the weight gradient with output channels a multiple of the
     * lanes; a thread's block rows at least one vector of tiles wide.
     */
    WINOGRAD,
    /**
     * Direct forward convolution with one vector of output channels in the lanes, reading the
     * NCHW input in place ({@link NchwDirectConv}): forward only, output channels = lanes, one
     * group, stride 1, no padding or dilation.
     */
    NCHW_DIRECT,
    /**
     * Direct forward convolution over a zero-padded channels-last (NHWC) copy of the input, blocks
     * of two vectors of output channels ({@link NhwcDirectConv}): forward only, one group.
     */
    NHWC_DIRECT,
    /**
     * The input gradient of a stride-1, ungrouped convolution with padding at most dil * (k - 1),
     * computed as the forward convolution of the output gradient with the flipped, transposed
     * weights ({@link ConvLayout#inputGradGeometry}); that forward convolution is planned itself.
     */
    GRADIENT_AS_FORWARD;

    /** Whether this algorithm computes {@code pass} of g correctly with vectors of {@code lanes} floats and the batch split over {@code threads}. */
    public boolean supports(ConvGeometry g, ConvPass pass, int lanes, int threads) {
        boolean vector = lanes > 1;
        boolean stride1 = g.strideH() == 1 && g.strideW() == 1;
        return switch (this) {
            case IM2COL -> true;
            case IMAGE_GEMM -> vector && (stride1 || pass != ConvPass.INPUT_GRAD && ConvPlanner.packedFromImage(g));
            case WINOGRAD -> vector && Winograd.supports(g, pass, lanes, threads);
            case NCHW_DIRECT -> vector && pass == ConvPass.FORWARD && g.outChannels() == lanes && g.groups() == 1 && stride1
                    && g.padH() == 0 && g.padW() == 0 && g.dilH() == 1 && g.dilW() == 1;
            case NHWC_DIRECT -> vector && pass == ConvPass.FORWARD && g.groups() == 1;
            case GRADIENT_AS_FORWARD -> pass == ConvPass.INPUT_GRAD && stride1 && g.groups() == 1
                    && g.padH() <= g.dilH() * (g.kH() - 1) && g.padW() <= g.dilW() * (g.kW() - 1);
        };
    }
}
