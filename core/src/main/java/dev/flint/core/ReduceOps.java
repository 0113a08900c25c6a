package dev.flint.core;

import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.pointwise.Reduce;

/**
 * Reductions over dims with keepDim. Every reduction first lays the input out as {@code runs}
 * contiguous blocks of {@code len} elements (kept dims first, reduced dims last: a no-op copy
 * when they already are), then a kernel in {@link Reduce} reduces each block.
 */
final class ReduceOps {
    private ReduceOps() {
    }

    /** How an input is rearranged so that each output element reduces one contiguous block. */
    record Layout(int runs, int len, boolean[] reduced, int[] perm, int[] keepShape, int[] outShape) {
        static Layout of(String op, int[] shape, int[] dims, boolean keepDim) {
            int r = shape.length;
            boolean[] reduced = Shapes.dimMask(op, dims, r);
            int[] perm = new int[r];
            int[] keepShape = shape.clone();
            int kept = 0;
            int runs = 1;
            for (int d = 0; d < r; d++) {
                if (!reduced[d]) {
                    perm[kept++] = d;
                    runs *= shape[d];
                }
            }
            int len = 1;
            int[] outShape = new int[keepDim ? r : kept];
            for (int d = 0, k = kept, o = 0; d < r; d++) {
                if (reduced[d]) {
                    perm[k++] = d;
                    len *= shape[d];
                    keepShape[d] = 1;
                    if (keepDim) {
                        outShape[o++] = 1;
                    }
                } else {
                    outShape[o++] = shape[d];
                }
            }
            return new Layout(runs, len, reduced, perm, keepShape, outShape);
        }

        /** The input with kept dims first and reduced dims last, contiguous. */
        Tensor blocks(Tensor x) {
            return x.permute(perm).contiguous();
        }

        /** The reduced dims, for a keepDim sum in backward. */
        int[] reducedDims() {
            int n = 0;
            int[] out = new int[reduced.length];
            for (int d = 0; d < reduced.length; d++) {
                if (reduced[d]) {
                    out[n++] = d;
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }

        /** Undoes the blocks layout: a [runs, len] tensor back to the input's dim order. */
        Tensor unblock(Tensor blocks, int[] inputShape) {
            int[] permShape = new int[perm.length];
            int[] inverse = new int[perm.length];
            for (int i = 0; i < perm.length; i++) {
                permShape[i] = inputShape[perm[i]];
                inverse[perm[i]] = i;
            }
            return blocks.reshape(permShape).permute(inverse);
        }
    }

    /** sum and mean (mean scales by 1/len, giving NaN for an empty reduction, as PyTorch). */
    static final class Sum extends Function {
        private final String op;
        private final int[] dims;
        private final boolean keepDim;
        private final boolean mean;
        private Layout layout;
        private float scale;

        Sum(String op, int[] dims, boolean keepDim, boolean mean) {
            this.op = op;
            this.dims = dims.clone();
            this.keepDim = keepDim;
            this.mean = mean;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            layout = Layout.of(op, in[0].shape, dims, keepDim);
            scale = mean ? 1f / layout.len() : 1f;
            Tensor b = layout.blocks(in[0]);
            Tensor out = Tensor.alloc(layout.outShape());
            Reduce.sum(b.data(), b.offset, layout.runs(), layout.len(), scale, out.data(), 0);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gx = g.reshape(layout.keepShape()).expand(inputShape(0));
            return new Tensor[] {mean ? gx.mul(scale) : gx};
        }
    }

    /**
     * max / min over dims. With {@code toIndex} the gradient goes to the first arg-max of each
     * block (torch.max(dim)); otherwise it is shared evenly among tied extremes (torch.amax, torch.max()).
     */
    static final class Extreme extends Function {
        private final String op;
        private final int[] dims;
        private final boolean keepDim;
        private final boolean max;
        private final boolean toIndex;
        private Layout layout;
        private int[] index;

        Extreme(String op, int[] dims, boolean keepDim, boolean max, boolean toIndex) {
            this.op = op;
            this.dims = dims.clone();
            this.keepDim = keepDim;
            this.max = max;
            this.toIndex = toIndex;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            layout = Layout.of(op, in[0].shape, dims, keepDim);
            checkNonEmpty(op, in[0], layout);
            Tensor b = layout.blocks(in[0]);
            Tensor out = Tensor.alloc(layout.outShape());
            index = new int[layout.runs()];
            Reduce.extreme(b.data(), b.offset, layout.runs(), layout.len(), max, out.data(), 0, index);
            if (!toIndex) {
                saveForBackward(in[0], out);
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            if (toIndex) {
                float[] gc = g.toArray();
                Tensor blocks = Tensor.zeros(layout.runs(), layout.len());
                for (int r = 0; r < gc.length; r++) {
                    blocks.data()[r * layout.len() + index[r]] = gc[r];
                }
                return new Tensor[] {layout.unblock(blocks, inputShape(0))};
            }
            Tensor[] s = savedTensors();
            Tensor hits = s[0].eq(s[1].reshape(layout.keepShape()));
            Tensor count = hits.sum(layout.reducedDims(), true);
            return new Tensor[] {hits.mul(g.reshape(layout.keepShape())).div(count)};
        }
    }

    /** log(sum(exp(x))) over dims; d/dx = exp(x - out), the softmax. */
    static final class LogSumExp extends Function {
        private final int[] dims;
        private final boolean keepDim;
        private Layout layout;

        LogSumExp(int[] dims, boolean keepDim) {
            this.dims = dims.clone();
            this.keepDim = keepDim;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            layout = Layout.of("logSumExp", in[0].shape, dims, keepDim);
            Tensor b = layout.blocks(in[0]);
            Tensor out = Tensor.alloc(layout.outShape());
            int runs = layout.runs();
            int len = layout.len();
            float[] x = b.data();
            int xOff = b.offset;
            float[] o = out.data();
            // Independent runs: split over threads (a per-pixel loss has 65,536 runs of 11 classes).
            Parallel.forWork((long) runs * len, runs, (c, from, to) -> Reduce.logSumExp(x, xOff + from * len, to - from, len, o, from));
            saveForBackward(in[0], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor soft = s[0].sub(s[1].reshape(layout.keepShape())).exp();
            return new Tensor[] {soft.mul(g.reshape(layout.keepShape()))};
        }
    }

    /**
     * log_softmax along one dim, fused (torch's _log_softmax): y = x - logsumexp(x) in one kernel,
     * and dx = g - exp(y) * sum(g) in one (_log_softmax_backward_data), instead of the five ops
     * of the composed form and their intermediates.
     */
    static final class LogSoftmax extends Function {
        private final int dim;
        private Layout layout;

        LogSoftmax(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            layout = Layout.of("logSoftmax", in[0].shape, new int[] {Shapes.dim("logSoftmax", dim, in[0].shape.length)}, true);
            Tensor b = layout.blocks(in[0]);
            Tensor y = Tensor.allocUninit(b.shape);
            int len = layout.len();
            float[] x = b.data();
            int xOff = b.offset;
            float[] o = y.data();
            Parallel.forWork(y.numel(), layout.runs(), (c, from, to) -> Reduce.logSoftmax(x, xOff + from * len, to - from, len, o, from * len));
            saveForBackward(y);
            return layout.unblock(y, in[0].shape).contiguous();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor y = savedTensors()[0];
            Tensor gb = layout.blocks(g);
            Tensor gx = Tensor.allocUninit(y.shape);
            int len = layout.len();
            float[] gd = gb.data();
            int gOff = gb.offset;
            Parallel.forWork(y.numel(), layout.runs(), (c, from, to) -> Reduce.logSoftmaxBackward(gd, gOff + from * len, y.data(),
                    from * len, to - from, len, gx.data(), from * len));
            return new Tensor[] {layout.unblock(gx, inputShape(0))};
        }
    }

    /** Index of the first extreme along one dim, row-major over the other dims. */
    static int[] argExtreme(String op, Tensor x, int dim, boolean max) {
        Layout l = Layout.of(op, x.shape, new int[] {dim}, false);
        checkNonEmpty(op, x, l);
        Tensor b = l.blocks(x);
        int[] index = new int[l.runs()];
        Reduce.extreme(b.data(), b.offset, l.runs(), l.len(), max, new float[l.runs()], 0, index);
        return index;
    }

    /** Indices from {@link #argExtreme} as a float32 tensor shaped like the reduction's output. */
    static Tensor indexTensor(Tensor x, int dim, boolean keepDim, int[] index) {
        Layout l = Layout.of("argmax", x.shape, new int[] {dim}, keepDim);
        Tensor out = Tensor.alloc(l.outShape());
        for (int i = 0; i < index.length; i++) {
            out.data()[i] = index[i];
        }
        return out;
    }

    private static void checkNonEmpty(String op, Tensor x, Layout l) {
        if (l.len() == 0 && l.runs() > 0 || x.numel() == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce a zero-size dimension (input shape "
                    + Shapes.str(x.shape) + ")");
        }
    }
}
