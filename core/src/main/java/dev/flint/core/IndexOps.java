package dev.flint.core;

import java.util.Arrays;

/** Indexing ops: gather (cross-entropy's pick of the target logit) and indexSelect. */
final class IndexOps {
    private IndexOps() {
    }

    /** out[..., j, ...] = x[..., index[..., j, ...], ...] along dim (torch.gather); backward scatter-adds. */
    static final class Gather extends Function {
        private final int dimArg;
        private final Tensor index;
        private int dim;
        private int[] idx;

        Gather(int dim, Tensor index) {
            this.dimArg = dim;
            this.index = index;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            dim = Shapes.dim("gather", dimArg, x.dim());
            if (index.dim() != x.dim()) {
                throw new IllegalArgumentException("gather: index of shape " + Shapes.str(index.shape)
                        + " must have the same rank as the input of shape " + Shapes.str(x.shape));
            }
            for (int d = 0; d < x.dim(); d++) {
                if (d != dim && index.shape[d] > x.shape[d]) {
                    throw new IllegalArgumentException("gather: index of shape " + Shapes.str(index.shape)
                            + " is larger than the input of shape " + Shapes.str(x.shape) + " at dim " + d);
                }
            }
            float[] raw = index.toArray();
            idx = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                float v = raw[i];
                if (v != Math.rint(v) || v < 0 || v >= x.shape[dim]) {
                    throw new IndexOutOfBoundsException("gather: index value " + v + " at flat position " + i
                            + " is not an integer in [0, " + x.shape[dim] + ") for dim " + dim + " of shape " + Shapes.str(x.shape));
                }
                idx[i] = (int) v;
            }
            Tensor out = Tensor.alloc(index.shape);
            forEachSource(index.shape, x.strides, x.offset, (e, src) -> out.data()[e] = x.data()[src]);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            int[] inShape = inputShape(0);
            Tensor gx = Tensor.zeros(inShape);
            float[] gc = g.toArray();
            forEachSource(index.shape, gx.strides, 0, (e, src) -> gx.data()[src] += gc[e]);
            return new Tensor[] {gx};
        }

        private interface Visit {
            void at(int element, int source);
        }

        /** Visits every index element with the offset it selects in a tensor of the given strides. */
        private void forEachSource(int[] shape, int[] strides, int base, Visit visit) {
            int n = Shapes.numel(shape);
            int[] pos = new int[shape.length];
            for (int e = 0; e < n; e++) {
                int src = base;
                for (int d = 0; d < shape.length; d++) {
                    src += (d == dim ? idx[e] : pos[d]) * strides[d];
                }
                visit.at(e, src);
                for (int d = shape.length - 1; d >= 0; d--) {
                    if (++pos[d] < shape[d]) {
                        break;
                    }
                    pos[d] = 0;
                }
            }
        }
    }

    /** The entries {@code indices} of one dim, in order (torch.index_select); backward adds them back. */
    static final class IndexSelect extends Function {
        private final int dimArg;
        private final int[] indices;
        private int dim;

        IndexSelect(int dim, int[] indices) {
            this.dimArg = dim;
            this.indices = indices.clone();
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            dim = Shapes.dim("indexSelect", dimArg, x.dim());
            int size = x.dim() == 0 ? 1 : x.shape[dim];
            for (int i : indices) {
                if (i < 0 || i >= size) {
                    throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range [0, " + size
                            + ") for dim " + dim + " of shape " + Shapes.str(x.shape) + " (indices " + Arrays.toString(indices) + ")");
                }
            }
            int[] shape = x.shape.clone();
            shape[dim] = indices.length;
            Tensor out = Tensor.alloc(shape);
            for (int i = 0; i < indices.length; i++) {
                out.select(dim, i).copy_(x.select(dim, indices[i]));
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = Tensor.zeros(inputShape(0));
            for (int i = 0; i < indices.length; i++) {
                gx.select(dim, indices[i]).add_(g.select(dim, i));
            }
            return new Tensor[] {gx};
        }
    }
}
