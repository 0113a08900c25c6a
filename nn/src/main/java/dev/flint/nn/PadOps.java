package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;

/**
 * F.pad as an autograd op. Each padded dim gets an index map from output to input position
 * (-1 for a constant fill); forward gathers through the maps, backward scatter-adds back.
 */
final class PadOps {
    private PadOps() {
    }

    static final class Pad extends Function {
        private final int[][] maps; // per dim: output index -> input index, or -1
        private final float value;
        private final int[] outShape;

        Pad(int[][] maps, int[] outShape, float value) {
            this.maps = maps;
            this.outShape = outShape;
            this.value = value;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = Tensor.empty(outShape);
            float[] o = out.storage().array();
            float[] x = in[0].denseData();
            walk(in[0].shape(), (dst, src) -> o[dst] = src < 0 ? value : x[src]);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor gx = Tensor.zeros(inputShape(0));
            float[] g = gx.storage().array();
            float[] gy = grad.denseData();
            walk(inputShape(0), (dst, src) -> {
                if (src >= 0) {
                    g[src] += gy[dst];
                }
            });
            return new Tensor[] {gx};
        }

        private interface Visitor {
            void visit(int dst, int src);
        }

        /** Visits every output element in row-major order with its source element (or -1). */
        private void walk(int[] inShape, Visitor v) {
            int rank = outShape.length;
            int[] inStrides = new int[rank];
            for (int d = rank - 1, st = 1; d >= 0; d--) {
                inStrides[d] = st;
                st *= inShape[d];
            }
            int[] idx = new int[rank];
            int total = 1;
            for (int s : outShape) {
                total *= s;
            }
            for (int e = 0; e < total; e++) {
                int src = 0;
                for (int d = 0; d < rank && src >= 0; d++) {
                    int i = maps[d] == null ? idx[d] : maps[d][idx[d]];
                    src = i < 0 ? -1 : src + i * inStrides[d];
                }
                v.visit(e, src);
                for (int d = rank - 1; d >= 0; d--) {
                    if (++idx[d] < outShape[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        }
    }
}
