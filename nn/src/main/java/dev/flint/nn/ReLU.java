package dev.flint.nn;

import dev.flint.core.Tensor;

/** Elementwise relu, as torch.nn.ReLU. */
public class ReLU extends Module {
    /** A ReLU module. */
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}
