package dev.flint.nn;

import dev.flint.core.Tensor;

/** Returns its input unchanged (torch.nn.Identity): a placeholder, e.g. for a removed head. */
public class Identity extends Module {
    /** The identity module. */
    public Identity() {
    }

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
