package dev.flint.core;

import dev.flint.core.kernel.pointwise.Binary;
import dev.flint.core.kernel.pointwise.Pointwise;
import dev.flint.core.kernel.pointwise.StridedLoop;
import dev.flint.core.kernel.pointwise.Unary;

/**
 * In-place writes ({@code add_}, {@code copy_}, ...). They are never recorded in a graph, so
 * they refuse tensors that require grad while grad mode is on, and they bump the storage's
 * version so that a saved tensor modified later is caught in backward.
 */
final class InPlace {
    private InPlace() {
    }

    static void checkWritable(String op, Tensor self) {
        if (self.requiresGrad() && Autograd.isGradEnabled()) {
            throw new IllegalStateException(op + ": a tensor of shape " + Shapes.str(self.shape)
                    + " that requires grad cannot be modified in place while grad mode is on; "
                    + "do it inside Autograd.noGrad(), or use the out-of-place op");
        }
        for (int d = 0; d < self.shape.length; d++) {
            if (self.strides[d] == 0 && self.shape[d] > 1) {
                throw new IllegalStateException(op + ": more than one element of the written-to tensor (shape "
                        + Shapes.str(self.shape) + ", strides " + Shapes.str(self.strides)
                        + ") refers to a single memory location; clone() it first");
            }
        }
    }

    /** self = op(self, other), or self = other when {@code op} is null; other broadcasts to self's shape. */
    static Tensor apply(String name, Tensor self, Tensor other, Binary op) {
        checkWritable(name, self);
        int[] shape = Shapes.broadcast(name, self.shape, other.shape);
        if (!java.util.Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException(name + ": the operand of shape " + Shapes.str(other.shape)
                    + " does not broadcast to the written tensor's shape " + Shapes.str(self.shape));
        }
        // Compute into a fresh buffer first, so that operands overlapping self read their old values.
        Tensor src = op == null ? (other.storage == self.storage ? other.copy() : other) : PointwiseOps.map(name, op, self, other);
        int[] ss = Shapes.broadcastStrides(src.shape, src.strides, shape);
        // Rows write disjoint elements of self (checkWritable), so they may run on several threads.
        StridedLoop.forEachRowParallel(shape, new int[][] {ss, self.strides}, new int[] {src.offset, self.offset}, (o, st, n) -> {
            if (st[1] == 1) {
                Pointwise.unary(Unary.IDENTITY, src.data(), o[0], st[0], self.data(), o[1], n);
            } else {
                for (int i = 0; i < n; i++) {
                    self.data()[o[1] + i * st[1]] = src.data()[o[0] + i * st[0]];
                }
            }
        });
        self.storage.bumpVersion();
        return self;
    }
}
