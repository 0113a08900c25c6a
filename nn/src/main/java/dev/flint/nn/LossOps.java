package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;

/** Loss ops that need a fused, numerically stable form. */
final class LossOps {
    private LossOps() {
    }

    /**
     * Elementwise binary cross-entropy on logits x with targets y:
     * {@code max(x, 0) - x*y + log(1 + exp(-|x|))}, stable for any x; d/dx = sigmoid(x) - y,
     * d/dy = -x (as PyTorch, which also differentiates the target).
     */
    static final class BinaryCrossEntropyWithLogits extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            Tensor x = in[0];
            Tensor y = in[1];
            saveForBackward(x, y);
            float[] xs = x.denseData();
            float[] ys = y.denseData();
            Tensor result = Tensor.empty(x.shape());
            float[] out = result.storage().array();
            for (int i = 0; i < xs.length; i++) {
                float v = xs[i];
                // StrictMath: specified to the bit, where Math.exp may differ between implementations.
                out[i] = (float) (Math.max(v, 0) - (double) v * ys[i] + StrictMath.log1p(StrictMath.exp(-Math.abs(v))));
            }
            return result;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor[] s = savedTensors();
            Tensor gx = needsInputGrad(0) ? g.mul(s[0].sigmoid().sub(s[1])) : null;
            Tensor gy = needsInputGrad(1) ? g.mul(s[0]).neg() : null;
            return new Tensor[] {gx, gy};
        }
    }
}
