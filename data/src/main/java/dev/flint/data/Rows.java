package dev.flint.data;

import dev.flint.core.Tensor;

/** Row copies that build batches: stacking samples and gathering rows of an in-memory tensor. */
final class Rows {
    private Rows() {
    }

    /** Stacks equally shaped tensors along a new first dimension into one contiguous tensor. */
    static Tensor stack(Tensor[] rows) {
        int[] one = rows[0].shape();
        int per = rows[0].numel();
        float[] dst = new float[Math.multiplyExact(rows.length, per)];
        for (int i = 0; i < rows.length; i++) {
            Tensor r = rows[i].contiguous();
            System.arraycopy(r.storage().array(), r.storageOffset(), dst, i * per, per);
        }
        return Tensor.wrap(dst, Rows.prepend(rows.length, one));
    }

    /** Rows {@code order[from..to)} of {@code all} (N, ...) copied into a new (to - from, ...) tensor. */
    static Tensor gather(Tensor all, int[] order, int from, int to) {
        Tensor c = all.contiguous();
        int[] shape = c.shape();
        int per = shape[0] == 0 ? 0 : c.numel() / shape[0];
        float[] src = c.storage().array();
        int base = c.storageOffset();
        int n = to - from;
        float[] dst = new float[Math.multiplyExact(n, per)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, base + order[from + i] * per, dst, i * per, per);
        }
        shape[0] = n;
        return Tensor.wrap(dst, shape);
    }

    static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}
