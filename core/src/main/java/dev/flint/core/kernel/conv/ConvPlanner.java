package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.Settings;
import dev.flint.core.kernel.runtime.VectorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the algorithm of each convolution pass: the one place that does. {@link #plan} lists the
 * rules of each pass in precedence order, first match wins; every threshold comes from
 * {@link ConvTuning}. {@code -Dflint.conv.algorithm=NAME} forces one {@link ConvAlgorithm} on
 * every pass it {@linkplain ConvAlgorithm#supports supports} (the others keep their plan), for
 * debugging and A/B runs.
 */
public final class ConvPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ConvPlanner.class);
    private static final ConvAlgorithm FORCED = forced(Settings.CONV_ALGORITHM);

    private ConvPlanner() {
    }

    /** The algorithm for {@code pass} of g on this JVM: its vector width, its threads (1 inside a parallel region), and the forced algorithm if any. */
    static ConvAlgorithm plan(ConvGeometry g, ConvPass pass) {
        int lanes = VectorSupport.floatLanes();
        int threads = Parallel.available();
        if (FORCED != null && FORCED.supports(g, pass, lanes, threads)) {
            return FORCED;
        }
        return plan(g, pass, lanes, threads);
    }

    /**
     * The fastest supported algorithm for {@code pass} of g with vectors of {@code lanes} floats
     * (1: the scalar kernels) and the batch split over {@code threads} threads.
     */
    public static ConvAlgorithm plan(ConvGeometry g, ConvPass pass, int lanes, int threads) {
        if (lanes <= 1) {
            return ConvAlgorithm.IM2COL;
        }
        boolean stride1 = g.strideH() == 1 && g.strideW() == 1;
        return switch (pass) {
            case FORWARD -> {
                if (nhwcDirect(g, lanes)) {
                    yield ConvAlgorithm.NHWC_DIRECT;
                }
                if (nchwDirect(g, lanes)) {
                    yield ConvAlgorithm.NCHW_DIRECT;
                }
                if (winograd(g, pass, lanes, threads)) {
                    yield ConvAlgorithm.WINOGRAD;
                }
                // Strided: gathering from the image beats writing the column matrix, except for 1x1
                // kernels, whose column matrix is a strided copy the GEMM packs by plain row copies.
                if (stride1 || gathersStrided(g) && ConvTuning.GATHER_FORWARD && g.kH() * g.kW() > 1) {
                    yield ConvAlgorithm.IMAGE_GEMM;
                }
                yield ConvAlgorithm.IM2COL;
            }
            case INPUT_GRAD -> {
                if (winograd(g, pass, lanes, threads)) {
                    yield ConvAlgorithm.WINOGRAD;
                }
                // As a forward convolution the packed GEMM writes the C input channels, where the
                // column route writes C*kH*kW rows with a depth of only O and adds them back.
                if (ConvAlgorithm.GRADIENT_AS_FORWARD.supports(g, pass, lanes, threads) && packedFromImage(ConvLayout.inputGradGeometry(g))) {
                    yield ConvAlgorithm.GRADIENT_AS_FORWARD;
                }
                yield stride1 ? ConvAlgorithm.IMAGE_GEMM : ConvAlgorithm.IM2COL;
            }
            case WEIGHT_GRAD -> {
                if (winograd(g, pass, lanes, threads)) {
                    yield ConvAlgorithm.WINOGRAD;
                }
                // Small weights over long rows: im2col's dot products read both operands in place.
                if (stride1 || gathersStrided(g) && !dotProducts(g.groupOutChannels(), g.colRows(), g.colCols())) {
                    yield ConvAlgorithm.IMAGE_GEMM;
                }
                yield ConvAlgorithm.IM2COL;
            }
        };
    }

    /** The NHWC direct kernel wins on few output positions with many channels, where the GEMMs cannot amortise their packing. */
    private static boolean nhwcDirect(ConvGeometry g, int lanes) {
        return lanes >= ConvTuning.NHWC_MIN_LANES && g.groups() == 1 && g.kH() * g.kW() > 1
                && g.inChannels() >= ConvTuning.NHWC_MIN_IN_CHANNELS && g.outChannels() >= 2 * lanes
                && (long) g.batch() * g.colCols() <= ConvTuning.NHWC_MAX_POSITIONS;
    }

    /** The NCHW direct kernel wins on one vector of output channels over few taps and small planes (LeNet's conv2). */
    private static boolean nchwDirect(ConvGeometry g, int lanes) {
        return ConvAlgorithm.NCHW_DIRECT.supports(g, ConvPass.FORWARD, lanes, 1)
                && g.colRows() <= ConvTuning.NCHW_MAX_ROWS && g.colCols() <= ConvTuning.NCHW_MAX_POSITIONS;
    }

    /** Winograd wins with enough channels for its GEMMs and enough positions to pay for the weight transform. */
    private static boolean winograd(ConvGeometry g, ConvPass pass, int lanes, int threads) {
        if (!ConvTuning.WINOGRAD || !ConvAlgorithm.WINOGRAD.supports(g, pass, lanes, threads)) {
            return false;
        }
        // The input gradient is a convolution of the output gradient: in and out channels swap.
        int in = pass == ConvPass.INPUT_GRAD ? g.outChannels() : g.inChannels();
        int out = pass == ConvPass.INPUT_GRAD ? g.inChannels() : g.outChannels();
        int positions = pass == ConvPass.INPUT_GRAD ? g.inH() * g.inW() : g.colCols();
        return in >= ConvTuning.WINOGRAD_MIN_IN_CHANNELS && out >= ConvTuning.WINOGRAD_MIN_OUT_CHANNELS
                && (long) g.batch() * positions >= ConvTuning.WINOGRAD_MIN_POSITIONS
                && (pass != ConvPass.WEIGHT_GRAD || out >= ConvTuning.WINOGRAD_GRAD_MIN_OUT_CHANNELS);
    }

    /** The image GEMM's product is large enough for the packed kernel, which reads B through the table of row starts. */
    static boolean packedFromImage(ConvGeometry g) {
        return g.groupOutChannels() >= ConvTuning.PACKED_MIN_OUT_CHANNELS && g.colRows() >= ConvTuning.PACKED_MIN_ROWS;
    }

    /** A strided layer can gather its B panels from the padded image (the gathers skip dropped columns, so they need compact columns on). */
    private static boolean gathersStrided(ConvGeometry g) {
        return ConvTuning.COMPACT_COLUMNS && packedFromImage(g);
    }

    /**
     * Whether a weight gradient gw [og, rows] += gy [og, width] * cols^T is better done as og * rows
     * dot products of length width (both operands read in place) than by the packed GEMM, whose B
     * panels would gather cols^T column by column: small weights, long rows.
     */
    static boolean dotProducts(int og, int rows, int width) {
        return og * rows <= ConvTuning.DOT_MAX_WEIGHT
                && width >= ConvTuning.DOT_MIN_LENGTH_RATIO * Math.max(og, rows);
    }

    private static ConvAlgorithm forced(String name) {
        if (name == null) {
            return null;
        }
        ConvAlgorithm a = ConvAlgorithm.valueOf(name);
        LOG.info("Flint: -Dflint.conv.algorithm={}: every convolution pass it supports runs it", a);
        return a;
    }
}
