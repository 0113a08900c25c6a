package dev.flint.nn;

import dev.flint.core.Tensor;

/** Elementwise tanh, as torch.nn.Tanh. */
public class Tanh extends Module {
    /** A tanh module. */
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}
