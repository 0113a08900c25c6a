package dev.flint.nn;

import dev.flint.core.Generator;
import dev.flint.core.Tensor;

import java.util.random.RandomGenerator;

/** Channel dropout in training mode, identity in eval mode, as torch.nn.Dropout2d. */
public class Dropout2d extends Module {
    private final float p;
    private final RandomGenerator rng;

    /** Drop probability p, masks from the default generator. */
    public Dropout2d(float p) {
        this(p, Generator.defaultGenerator());
    }

    /** Drop probability p, masks from {@code rng}. */
    public Dropout2d(float p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout2d: probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout2d(input, p, isTraining(), rng);
    }

    @Override
    protected String extraRepr() {
        return "p=" + p + ", inplace=False";
    }
}
