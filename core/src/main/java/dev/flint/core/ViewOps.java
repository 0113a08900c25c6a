package dev.flint.core;

import java.util.Arrays;

/** Ops that return views sharing the input's storage (and the contiguous copy); forward and backward side by side. */
final class ViewOps {
    private ViewOps() {
    }

    /** view / reshape: a view when the strides allow it; reshape falls back to a contiguous copy. */
    static final class Reshape extends Function {
        private final String op;
        private final int[] requested;
        private final boolean viewOnly;

        Reshape(String op, int[] requested, boolean viewOnly) {
            this.op = op;
            this.requested = requested.clone();
            this.viewOnly = viewOnly;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            int[] shape = Shapes.inferShape(op, requested, x.numel(), x.shape);
            int[] strides = Shapes.viewStrides(x.shape, x.strides, shape);
            if (strides != null) {
                return new Tensor(x.storage, shape, strides, x.offset);
            }
            if (viewOnly) {
                throw new IllegalArgumentException("view: shape " + Shapes.str(requested) + " is not compatible with the input's shape "
                        + Shapes.str(x.shape) + " and strides " + Shapes.str(x.strides)
                        + " (at least one dimension spans two non-contiguous subspaces); use reshape(...) or contiguous().view(...)");
            }
            Tensor c = x.copy();
            return new Tensor(c.storage, shape, Shapes.contiguousStrides(shape), 0);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g.reshape(inputShape(0))};
        }
    }

    /** permute (and transpose): dim i of the output is dim perm[i] of the input. */
    static final class Permute extends Function {
        private final int[] perm;

        Permute(int[] perm) {
            this.perm = perm.clone();
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            int r = x.shape.length;
            if (perm.length != r) {
                throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " has " + perm.length
                        + " dims for a tensor of shape " + Shapes.str(x.shape));
            }
            boolean[] seen = new boolean[r];
            int[] shape = new int[r];
            int[] strides = new int[r];
            for (int i = 0; i < r; i++) {
                int d = Shapes.dim("permute", perm[i], r);
                if (seen[d]) {
                    throw new IllegalArgumentException("permute: dim " + d + " repeats in " + Arrays.toString(perm));
                }
                seen[d] = true;
                perm[i] = d;
                shape[i] = x.shape[d];
                strides[i] = x.strides[d];
            }
            return new Tensor(x.storage, shape, strides, x.offset);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                inverse[perm[i]] = i;
            }
            return new Tensor[] {g.permute(inverse)};
        }
    }

    /** narrow / slice: entries start, start+step, ... below end of one dim. */
    static final class Slice extends Function {
        private final int dim;
        private final int start;
        private final int end;
        private final int step;

        Slice(int dim, int start, int end, int step) {
            this.dim = dim;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            int[] shape = x.shape.clone();
            int[] strides = x.strides.clone();
            shape[dim] = end <= start ? 0 : (end - start + step - 1) / step;
            strides[dim] = x.strides[dim] * step;
            int off = x.offset + (shape[dim] == 0 ? 0 : start * x.strides[dim]);
            return new Tensor(x.storage, shape, strides, off);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = Tensor.zeros(inputShape(0));
            gx.slice(dim, start, end, step).copy_(g);
            return new Tensor[] {gx};
        }
    }

    /** expand: size-1 dims repeated with stride 0; the backward sums the repeats away. */
    static final class Expand extends Function {
        private final int[] sizes;

        Expand(int[] sizes) {
            this.sizes = sizes.clone();
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            if (sizes.length < x.shape.length) {
                throw new IllegalArgumentException("expand: the number of sizes " + Arrays.toString(sizes)
                        + " is smaller than the rank of the input of shape " + Shapes.str(x.shape));
            }
            int lead = sizes.length - x.shape.length;
            int[] shape = new int[sizes.length];
            int[] strides = new int[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                if (i < lead) {
                    if (sizes[i] < 0) {
                        throw new IllegalArgumentException("expand: size -1 is not allowed in a new leading dim: "
                                + Arrays.toString(sizes) + " for input " + Shapes.str(x.shape));
                    }
                    shape[i] = sizes[i];
                    strides[i] = 0;
                    continue;
                }
                int have = x.shape[i - lead];
                int want = sizes[i] == -1 ? have : sizes[i];
                if (want == have) {
                    shape[i] = have;
                    strides[i] = x.strides[i - lead];
                } else if (have == 1 && want >= 0) {
                    shape[i] = want;
                    strides[i] = 0;
                } else {
                    throw new IllegalArgumentException("expand: the input of shape " + Shapes.str(x.shape)
                            + " cannot expand to " + Arrays.toString(sizes) + " (size " + have + " at dim " + (i - lead)
                            + " is not 1 and differs from " + want + ")");
                }
            }
            Shapes.numel("expand", shape);
            return new Tensor(x.storage, shape, strides, x.offset);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {PointwiseOps.sumToShape(g, inputShape(0))};
        }
    }

    /** contiguous / clone: a row-major copy; the gradient passes unchanged. */
    static final class Contiguous extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return in[0].copy();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }
}
