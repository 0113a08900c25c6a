package dev.flint.nn;

import dev.flint.core.Tensor;

/** Flattens dims startDim..endDim (default 1..-1, keeping the batch dim), as torch.nn.Flatten. */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens everything but the batch dim. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dims startDim..endDim. */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}
