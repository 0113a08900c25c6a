package dev.flint.nn;

import dev.flint.core.Tensor;

/** Elementwise sigmoid, as torch.nn.Sigmoid. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}
