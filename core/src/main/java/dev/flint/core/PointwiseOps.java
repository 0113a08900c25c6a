package dev.flint.core;

import dev.flint.core.kernel.pointwise.Binary;
import dev.flint.core.kernel.runtime.Parallel;
import dev.flint.core.kernel.pointwise.Pointwise;
import dev.flint.core.kernel.pointwise.StridedLoop;
import dev.flint.core.kernel.pointwise.Unary;

/**
 * Elementwise ops with broadcasting: each differentiable one is a small {@link Function} with
 * its forward and backward side by side. Backward formulas are written with tensor ops and
 * reduced back to each operand's shape by {@link #sumToShape}; docs/derivatives.md lists them.
 */
final class PointwiseOps {
    private PointwiseOps() {
    }

    // ---------------------------------------------------------------- kernel runners (no graph)

    /**
     * op(x) into a new contiguous tensor. Large contiguous operands are split into one contiguous
     * range per thread, the same split the batch-parallel kernels use, so each core keeps working
     * on the part of the activations already in its own cache.
     */
    static Tensor map(Unary op, Tensor x) {
        Tensor out = Tensor.allocUninit(x.shape);
        int size = out.data().length;
        if (x.isContiguous()) {
            Parallel.forWork(size, size, (c, from, to) -> Pointwise.unary(op, x.data(), x.offset + from, 1, out.data(), from, to - from));
            return out;
        }
        StridedLoop.forEachRowParallel(x.shape, new int[][] {x.strides, out.strides}, new int[] {x.offset, 0},
                (o, st, n) -> Pointwise.unary(op, x.data(), o[0], st[0], out.data(), o[1], n));
        return out;
    }

    /** op(a, b) broadcast into a new contiguous tensor; {@code name} names the op in shape errors. */
    static Tensor map(String name, Binary op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        Tensor out = Tensor.allocUninit(shape);
        int size = out.data().length;
        if (java.util.Arrays.equals(a.shape, b.shape) && a.isContiguous() && b.isContiguous()) {
            Parallel.forWork(size, size, (c, from, to) -> Pointwise.binary(op, a.data(), a.offset + from, 1, b.data(), b.offset + from, 1,
                    out.data(), from, to - from));
            return out;
        }
        int[] sa = Shapes.broadcastStrides(a.shape, a.strides, shape);
        int[] sb = Shapes.broadcastStrides(b.shape, b.strides, shape);
        StridedLoop.forEachRowParallel(shape, new int[][] {sa, sb, out.strides}, new int[] {a.offset, b.offset, 0},
                (o, st, n) -> Pointwise.binary(op, a.data(), o[0], st[0], b.data(), o[1], st[1], out.data(), o[2], n));
        return out;
    }

    /** Sums a broadcast gradient back to an operand's shape: over added leading dims and expanded size-1 dims. */
    static Tensor sumToShape(Tensor g, int[] shape) {
        if (java.util.Arrays.equals(g.shape, shape)) {
            return g;
        }
        int lead = g.shape.length - shape.length;
        int[] dims = new int[g.shape.length];
        int n = 0;
        for (int i = 0; i < g.shape.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && g.shape[i] != 1)) {
                dims[n++] = i;
            }
        }
        Tensor s = n == 0 ? g : g.sum(java.util.Arrays.copyOf(dims, n), true);
        return s.reshape(shape);
    }

    private static Tensor[] grads(Tensor... g) {
        return g;
    }

    // ---------------------------------------------------------------- binary

    static final class Add extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return map("add", Binary.ADD, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(needsInputGrad(0) ? sumToShape(g, inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(g, inputShape(1)) : null);
        }
    }

    static final class Sub extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return map("sub", Binary.SUB, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(needsInputGrad(0) ? sumToShape(g, inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(g.neg(), inputShape(1)) : null);
        }
    }

    static final class Mul extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            return map("mul", Binary.MUL, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            return grads(needsInputGrad(0) ? sumToShape(g.mul(s[1]), inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(g.mul(s[0]), inputShape(1)) : null);
        }
    }

    static final class Div extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            return map("div", Binary.DIV, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor a = s[0];
            Tensor b = s[1];
            return grads(needsInputGrad(0) ? sumToShape(g.div(b), inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(g.neg().mul(a).div(b.mul(b)), inputShape(1)) : null);
        }
    }

    /** a ^ b with both differentiable; d/db = a^b log(a), taken as 0 where a == 0 and b >= 0 (as PyTorch). */
    static final class Pow extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map("pow", Binary.POW, in[0], in[1]);
            saveForBackward(in[0], in[1], out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor a = s[0];
            Tensor b = s[1];
            Tensor ga = null;
            Tensor gb = null;
            if (needsInputGrad(0)) {
                ga = sumToShape(g.mul(b).mul(a.pow(b.sub(1f))), inputShape(0));
            }
            if (needsInputGrad(1)) {
                Tensor zeroBase = a.eq(0f).mul(b.ge(0f));
                Tensor d = Tensor.where(zeroBase, Tensor.scalar(0f), s[2].mul(a.log()));
                gb = sumToShape(g.mul(d), inputShape(1));
            }
            return grads(ga, gb);
        }
    }

    /** max/minimum: the gradient goes to the larger (smaller) operand, half to each on a tie (as torch.maximum). */
    static final class Extremum extends Function {
        private final boolean max;

        Extremum(boolean max) {
            this.max = max;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            return map(max ? "maximum" : "minimum", max ? Binary.MAXIMUM : Binary.MINIMUM, in[0], in[1]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor wins = max ? s[0].gt(s[1]) : s[0].lt(s[1]);
            Tensor ties = s[0].eq(s[1]).mul(0.5f);
            Tensor shareA = wins.add(ties);
            Tensor shareB = (max ? s[0].lt(s[1]) : s[0].gt(s[1])).add(ties);
            return grads(needsInputGrad(0) ? sumToShape(g.mul(shareA), inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(g.mul(shareB), inputShape(1)) : null);
        }
    }

    /** where(mask, a, b): the gradient goes to a where the mask is set, to b elsewhere; the mask gets none. */
    static final class Where extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor c = in[0];
            Tensor a = in[1];
            Tensor b = in[2];
            int[] shape = Shapes.broadcast("where", Shapes.broadcast("where", c.shape, a.shape), b.shape);
            Tensor out = Tensor.allocUninit(shape);
            int[][] st = {Shapes.broadcastStrides(c.shape, c.strides, shape), Shapes.broadcastStrides(a.shape, a.strides, shape),
                Shapes.broadcastStrides(b.shape, b.strides, shape), out.strides};
            StridedLoop.forEachRow(shape, st, new int[] {c.offset, a.offset, b.offset, 0},
                    (o, s, n) -> Pointwise.where(c.data(), o[0], s[0], a.data(), o[1], s[1], b.data(), o[2], s[2], out.data(), o[3], n));
            saveForBackward(c);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor c = savedTensors()[0];
            Tensor zero = Tensor.scalar(0f);
            return grads(needsInputGrad(0) ? Tensor.zeros(inputShape(0)) : null,
                    needsInputGrad(1) ? sumToShape(Tensor.where(c, g, zero), inputShape(1)) : null,
                    needsInputGrad(2) ? sumToShape(Tensor.where(c, zero, g), inputShape(2)) : null);
        }
    }

    // ---------------------------------------------------------------- unary

    static final class PowScalar extends Function {
        private final float p;

        PowScalar(float p) {
            this.p = p;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return map("pow", Binary.POW, in[0], Tensor.scalar(p));
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor a = savedTensors()[0];
            return grads(p == 0f ? Tensor.zeros(a.shape) : g.mul(a.pow(p - 1f)).mul(p));
        }
    }

    static final class Neg extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return map(Unary.NEG, in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(g.neg());
        }
    }

    static final class Exp extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map(Unary.EXP, in[0]);
            saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(g.mul(savedTensors()[0]));
        }
    }

    static final class Log extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return map(Unary.LOG, in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(g.div(savedTensors()[0]));
        }
    }

    static final class Sqrt extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map(Unary.SQRT, in[0]);
            saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(g.div(savedTensors()[0].mul(2f)));
        }
    }

    static final class Abs extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0]);
            return map(Unary.ABS, in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(g.mul(savedTensors()[0].sign()));
        }
    }

    static final class Relu extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map(Unary.RELU, in[0]);
            saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return grads(map("relu backward", Binary.MASK_POSITIVE, g, savedTensors()[0]));
        }
    }

    static final class Sigmoid extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map(Unary.SIGMOID, in[0]);
            saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor s = savedTensors()[0];
            return grads(g.mul(s).mul(Tensor.scalar(1f).sub(s)));
        }
    }

    static final class Tanh extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = map(Unary.TANH, in[0]);
            saveForBackward(out);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor t = savedTensors()[0];
            return grads(g.mul(Tensor.scalar(1f).sub(t.mul(t))));
        }
    }

    /** clamp(min, max): the gradient passes where min <= x <= max (as PyTorch). */
    static final class Clamp extends Function {
        private final float min;
        private final float max;

        Clamp(float min, float max) {
            this.min = min;
            this.max = max;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            saveForBackward(x);
            Tensor out = Tensor.allocUninit(x.shape);
            StridedLoop.forEachRow(x.shape, new int[][] {x.strides, out.strides}, new int[] {x.offset, 0},
                    (o, st, n) -> Pointwise.clamp(x.data(), o[0], st[0], min, max, out.data(), o[1], n));
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor x = savedTensors()[0];
            return grads(g.mul(x.ge(min).mul(x.le(max))));
        }
    }
}
