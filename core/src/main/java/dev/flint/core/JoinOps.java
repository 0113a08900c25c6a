package dev.flint.core;

import java.util.Arrays;

/** Joining tensors (torch.cat; stack is cat of unsqueezed inputs); forward and backward side by side. */
final class JoinOps {
    private JoinOps() {
    }

    /** Concatenation along one dim; every input must match the others in all other dims. */
    static final class Cat extends Function {
        private final int requestedDim;
        private int dim;
        private int[] sizes;

        Cat(int dim) {
            this.requestedDim = dim;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            if (in.length == 0) {
                throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
            }
            int[] first = in[0].shape;
            dim = Shapes.dim("cat", requestedDim, first.length);
            sizes = new int[in.length];
            int total = 0;
            for (int i = 0; i < in.length; i++) {
                int[] s = in[i].shape;
                boolean ok = s.length == first.length;
                for (int d = 0; ok && d < s.length; d++) {
                    ok = d == dim || s[d] == first[d];
                }
                if (!ok) {
                    throw new IllegalArgumentException("cat: tensor " + i + " of shape " + Shapes.str(s)
                            + " does not match tensor 0 of shape " + Shapes.str(first) + " outside dim " + dim);
                }
                sizes[i] = s[dim];
                total += s[dim];
            }
            int[] shape = first.clone();
            shape[dim] = total;
            Tensor out = Tensor.allocUninit(shape);
            int at = 0;
            for (int i = 0; i < in.length; i++) {
                if (sizes[i] > 0) {
                    InPlace.apply("cat", out.narrow(dim, at, sizes[i]), in[i], null);
                }
                at += sizes[i];
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] grads = new Tensor[sizes.length];
            int at = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = needsInputGrad(i) ? g.narrow(dim, at, sizes[i]) : null;
                at += sizes[i];
            }
            return grads;
        }
    }

    static Tensor stack(int dim, Tensor[] tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) {
                throw new NullPointerException("stack: input " + i + " is null");
            }
        }
        int[] first = tensors[0].shape;
        for (int i = 1; i < tensors.length; i++) {
            if (!Arrays.equals(first, tensors[i].shape)) {
                throw new IllegalArgumentException("stack: tensor " + i + " of shape " + Shapes.str(tensors[i].shape)
                        + " differs from tensor 0 of shape " + Shapes.str(first) + "; stack needs equal shapes");
            }
        }
        int d = Shapes.dim("stack", dim, first.length + 1);
        Tensor[] expanded = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            expanded[i] = tensors[i].unsqueeze(d);
        }
        return new Cat(d).apply(expanded);
    }
}
