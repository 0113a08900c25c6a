package dev.flint.nn;

import dev.flint.core.Tensor;

/** Modules applied in order; children are named 0, 1, 2, ... as in PyTorch. */
public class Sequential extends Module {
    private int size;

    /** A sequence of the given modules. */
    @SuppressWarnings("this-escape") // the final register* methods of Module only store into its maps
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /** Appends a module; returns this. */
    public final Sequential add(Module m) {
        registerModule(Integer.toString(size++), m);
        return this;
    }

    /** The i-th module. */
    public Module get(int i) {
        Module m = namedChildren().get(Integer.toString(i));
        if (m == null) {
            throw new IndexOutOfBoundsException("Sequential: index " + i + " out of range for " + size + " modules");
        }
        return m;
    }

    /** Number of modules. */
    public int size() {
        return size;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.call(x);
        }
        return x;
    }
}
