package dev.flint.core.kernel.pointwise;

import dev.flint.core.kernel.runtime.Parallel;

/**
 * Walks the outer dims of one or more equally shaped strided operands and hands each inner row
 * to a row kernel. Adjacent dims that are contiguous with each other in every operand are
 * merged first, so a contiguous tensor is one long row.
 */
public final class StridedLoop {
    private StridedLoop() {
    }

    /** Receives one row: the element offset of every operand, their inner strides, and the row length. */
    @FunctionalInterface
    public interface Row {
        void run(int[] offsets, int[] innerStrides, int length);
    }

    /**
     * {@link #forEachRow} with the outermost dimension split over threads when the tensor has at
     * least {@link Parallel#MIN_ELEMENTS} elements: for ops whose rows write disjoint parts of
     * their output (pointwise ops into a fresh tensor, copies). A broadcasting op (a per-pixel
     * loss's logits minus their log-sum-exp, batch x classes x H x W) otherwise ran on the caller
     * alone.
     */
    public static void forEachRowParallel(int[] shape, int[][] strides, int[] offsets, Row row) {
        long size = 1;
        for (int s : shape) {
            size *= s;
        }
        if (size < Parallel.MIN_ELEMENTS || shape.length == 0 || shape[0] < 2 || Parallel.chunks(shape[0]) == 1) {
            forEachRow(shape, strides, offsets, row);
            return;
        }
        Parallel.forChunks(shape[0], (chunk, from, to) -> {
            int[] sub = shape.clone();
            sub[0] = to - from;
            int[] off = new int[offsets.length];
            for (int k = 0; k < offsets.length; k++) {
                off[k] = offsets[k] + from * strides[k][0];
            }
            forEachRow(sub, strides, off, row);
        });
    }

    /**
     * Calls {@code row} for every inner row of a tensor of {@code shape}; operand k is read at
     * {@code offsets[k] + sum(index[d] * strides[k][d])}.
     */
    public static void forEachRow(int[] shape, int[][] strides, int[] offsets, Row row) {
        int ops = offsets.length;
        for (int s : shape) {
            if (s == 0) {
                return;
            }
        }
        // Coalesce: merge dim d into d+1 when every operand steps over d exactly one row of d+1.
        int[] sh = new int[Math.max(shape.length, 1)];
        int[][] st = new int[ops][sh.length];
        int rank = 0;
        if (shape.length == 0) {
            sh[0] = 1;
            rank = 1;
        } else {
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] == 1) {
                    continue;
                }
                boolean merge = rank > 0;
                for (int k = 0; k < ops && merge; k++) {
                    merge = st[k][rank - 1] == strides[k][d] * shape[d];
                }
                if (merge) {
                    sh[rank - 1] *= shape[d];
                    for (int k = 0; k < ops; k++) {
                        st[k][rank - 1] = strides[k][d];
                    }
                } else {
                    sh[rank] = shape[d];
                    for (int k = 0; k < ops; k++) {
                        st[k][rank] = strides[k][d];
                    }
                    rank++;
                }
            }
            if (rank == 0) {
                sh[0] = 1;
                rank = 1;
            }
        }
        int inner = sh[rank - 1];
        int[] innerStrides = new int[ops];
        for (int k = 0; k < ops; k++) {
            innerStrides[k] = st[k][rank - 1];
        }
        int[] idx = new int[rank];
        int[] off = offsets.clone();
        int[] view = new int[ops];
        while (true) {
            System.arraycopy(off, 0, view, 0, ops);
            row.run(view, innerStrides, inner);
            int d = rank - 2;
            while (d >= 0) {
                idx[d]++;
                for (int k = 0; k < ops; k++) {
                    off[k] += st[k][d];
                }
                if (idx[d] < sh[d]) {
                    break;
                }
                for (int k = 0; k < ops; k++) {
                    off[k] -= st[k][d] * sh[d];
                }
                idx[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
