package dev.flint.nn;

import dev.flint.core.Tensor;

/** Elementwise sigmoid, as torch.nn.Sigmoid. */
public class Sigmoid extends Module {
    /** A sigmoid module. */
    public Sigmoid() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
