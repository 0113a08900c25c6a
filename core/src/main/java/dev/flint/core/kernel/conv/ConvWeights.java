package dev.flint.core.kernel.conv;

import dev.flint.core.kernel.gemm.Gemm;
import dev.flint.core.kernel.gemm.PackedGemm;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.runtime.PreparedWeights;
import dev.flint.core.kernel.runtime.Scratch;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A convolution's weights in the layout each algorithm reads, kept between calls while their
 * owner's version stays ({@link PreparedWeights}; {@code source} may be null: prepared afresh
 * into this thread's scratch).
 */
final class ConvWeights {
    private ConvWeights() {
    }

    /**
     * g's weights in {@link NhwcDirectConv}'s layout; {@code flipped}: g is
     * {@link ConvLayout#inputGradGeometry} and w the weights of the convolution whose input
     * gradient it is.
     */
    static float[] nhwc(ConvGeometry g, float[] w, boolean flipped, PreparedWeights.Source source) {
        int floats = NhwcDirectConv.weightFloats(g);
        List<Object> layout = List.of("blocked", g.outChannels(), g.inChannels(), g.kH(), g.kW(), flipped);
        return PreparedWeights.get(source, layout, () -> floats, owned -> {
            float[] wb = owned ? new float[floats] : Scratch.floats(Scratch.SHARED_A, floats);
            Parallel.forWork(floats, NhwcDirectConv.channelBlocks(g), (chunk, from, to) ->
                    NhwcDirectConv.weights(g, w, flipped, wb, from, to));
            return wb;
        });
    }

    /** The forward convolution's weights packed as the GEMM's shared A. */
    static Gemm.SharedA[] gemm(ConvGeometry g, float[] w, PreparedWeights.Source source) {
        int og = g.groupOutChannels();
        int rows = g.colRows();
        // Only a single group's weights are packed ahead (share).
        LongSupplier floats = () -> g.groups() == 1 ? Gemm.sharedFloats(og, rows) : 0;
        return PreparedWeights.get(source, List.of("gemm", og, rows, g.groups()), floats, owned -> share(g, w, false, owned));
    }

    /** The forward convolution's Winograd weights: the transformed tiles depend on the weights alone, the shape is this call's. */
    static Winograd.Weights winograd(ConvGeometry g, float[] w, PreparedWeights.Source source) {
        Winograd.Shape shape = Winograd.forwardShape(g);
        LongSupplier floats = () -> (long) Winograd.POSITIONS * (PackedGemm.paddedRows(g.outChannels()) + g.outChannels())
                * g.inChannels();
        Gemm.SharedA[] u = PreparedWeights.get(source, List.of("winograd", g.outChannels(), g.inChannels()), floats,
                owned -> Winograd.weights(shape, w, false, owned).u());
        return new Winograd.Weights(shape, u);
    }

    /**
     * Each group's weights [og, rows] (or their transpose [rows, og]) as the shared A of that
     * group's products, packed once for all samples and bands, into arrays of its own when
     * {@code owned}. Every group gets its own buffer only when there is one group; with several,
     * the groups are not packed ahead (the shared buffer holds one operand at a time) and each
     * product packs its own.
     */
    static Gemm.SharedA[] share(ConvGeometry g, float[] w, boolean transpose, boolean owned) {
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
}
