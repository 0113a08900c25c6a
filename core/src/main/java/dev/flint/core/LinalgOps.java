package dev.flint.core;

import dev.flint.core.kernel.gemm.Gemm;

/** matmul with torch.matmul's rules, built from views and one batched-GEMM op. */
final class LinalgOps {
    private LinalgOps() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least one dim, got shapes "
                    + Shapes.str(a.shape) + " and " + Shapes.str(b.shape));
        }
        Tensor am = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor bm = b.dim() == 1 ? b.unsqueeze(1) : b;
        int n = am.size(-2);
        int k = am.size(-1);
        int m = bm.size(-1);
        if (bm.size(-2) != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape) + " and " + Shapes.str(b.shape)
                    + " cannot be multiplied (inner dims " + k + " and " + bm.size(-2) + " differ)");
        }
        int[] batchA = java.util.Arrays.copyOf(am.shape, am.dim() - 2);
        int[] batchB = java.util.Arrays.copyOf(bm.shape, bm.dim() - 2);
        int[] batch;
        try {
            batch = Shapes.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: batch dims of shapes " + Shapes.str(a.shape) + " and "
                    + Shapes.str(b.shape) + " cannot be broadcast", e);
        }
        int batchSize = Shapes.numel(batch);
        Tensor a3 = am.expand(Shapes.concat(batch, new int[] {n, k})).reshape(batchSize, n, k);
        Tensor b3 = bm.expand(Shapes.concat(batch, new int[] {k, m})).reshape(batchSize, k, m);
        Tensor out = new Bmm().apply(a3, b3).reshape(Shapes.concat(batch, new int[] {n, m}));
        if (a.dim() == 1) {
            out = out.squeeze(-2);
        }
        if (b.dim() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    /** Batched matrix product [B,n,k] x [B,k,m]; operands may be any strided views (transposes, broadcasts). */
    static final class Bmm extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor a = in[0];
            Tensor b = in[1];
            saveForBackward(a, b);
            int batch = a.shape[0];
            int n = a.shape[1];
            int k = a.shape[2];
            int m = b.shape[2];
            Tensor out = Tensor.alloc(new int[] {batch, n, m});
            for (int i = 0; i < batch; i++) {
                Gemm.sgemm(n, m, k,
                        a.data(), a.offset + i * a.strides[0], a.strides[1], a.strides[2],
                        b.data(), b.offset + i * b.strides[0], b.strides[1], b.strides[2],
                        out.data(), i * n * m, m, false);
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor ga = needsInputGrad(0) ? new Bmm().apply(g, s[1].transpose(1, 2)) : null;
            Tensor gb = needsInputGrad(1) ? new Bmm().apply(s[0].transpose(1, 2), g) : null;
            return new Tensor[] {ga, gb};
        }
    }
}
