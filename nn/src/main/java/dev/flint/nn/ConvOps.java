package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.Conv2dKernel;
import dev.flint.core.kernel.ConvGeometry;

/** Convolution as an autograd op: forward and backward side by side, loops in {@link Conv2dKernel}. */
final class ConvOps {
    private ConvOps() {
    }

    /** conv2d over (input, weight[, bias]); the geometry is fixed by {@link F#conv2d} after validation. */
    static final class Conv2d extends Function {
        private final ConvGeometry g;

        Conv2d(ConvGeometry g) {
            this.g = g;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            float[] out = new float[g.batch() * g.outChannels() * g.outH() * g.outW()];
            float[] bias = in.length > 2 ? in[2].denseData() : null;
            Conv2dKernel.forward(g, in[0].denseData(), in[1].denseData(), bias, out);
            return Tensor.wrap(out, g.batch(), g.outChannels(), g.outH(), g.outW());
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor[] s = savedTensors();
            float[] gy = grad.denseData();
            Tensor[] grads = new Tensor[needsBias() ? 3 : 2];
            if (needsInputGrad(0)) {
                float[] gx = new float[s[0].numel()];
                Conv2dKernel.backwardInput(g, gy, s[1].denseData(), gx);
                grads[0] = Tensor.wrap(gx, s[0].shape());
            }
            if (needsInputGrad(1)) {
                float[] gw = new float[s[1].numel()];
                Conv2dKernel.backwardWeight(g, s[0].denseData(), gy, gw);
                grads[1] = Tensor.wrap(gw, s[1].shape());
            }
            if (needsBias() && needsInputGrad(2)) {
                float[] gb = new float[g.outChannels()];
                Conv2dKernel.backwardBias(g, gy, gb);
                grads[2] = Tensor.wrap(gb, g.outChannels());
            }
            return grads;
        }

        private boolean needsBias() {
            return inputCount() > 2;
        }
    }
}
