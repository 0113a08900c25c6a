package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.conv.Conv2dKernel;
import dev.flint.core.kernel.conv.ConvGeometry;
import dev.flint.core.kernel.runtime.PreparedWeights;

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
            Tensor out = Tensor.empty(g.batch(), g.outChannels(), g.outH(), g.outW());
            float[] bias = in.length > 2 ? in[2].denseData() : null;
            float[] w = in[1].denseData();
            Conv2dKernel.forward(g, in[0].denseData(), w, weightSource(in[1], w), bias, out.storage().array());
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor[] s = savedTensors();
            float[] gy = grad.denseData();
            Tensor[] grads = new Tensor[needsBias() ? 3 : 2];
            if (needsInputGrad(0)) {
                grads[0] = Tensor.empty(s[0].shape());
                Conv2dKernel.backwardInput(g, gy, s[1].denseData(), grads[0].storage().array());
            }
            if (needsInputGrad(1)) {
                grads[1] = Tensor.empty(s[1].shape());
                Conv2dKernel.backwardWeight(g, s[0].denseData(), gy, grads[1].storage().array());
            }
            if (needsBias() && needsInputGrad(2)) {
                grads[2] = Tensor.empty(g.outChannels());
                Conv2dKernel.backwardBias(g, gy, grads[2].storage().array());
            }
            return grads;
        }

        private boolean needsBias() {
            return inputCount() > 2;
        }
    }

    /**
     * conv_transpose2d over (input, weight[, bias]): the adjoint of a convolution. With the
     * geometry {@code g} of the convolution that maps this op's output shape back to its input
     * shape (weight [in, out/groups, kH, kW] read as that convolution's [out, in/groups, kH, kW]),
     * forward is that convolution's input gradient and backward is the convolution itself.
     */
    static final class ConvTranspose2d extends Function {
        private final ConvGeometry g;

        ConvTranspose2d(ConvGeometry g) {
            this.g = g;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            saveForBackward(in[0], in[1]);
            Tensor out = Tensor.empty(g.batch(), g.inChannels(), g.inH(), g.inW());
            float[] o = out.storage().array();
            Conv2dKernel.backwardInput(g, in[0].denseData(), in[1].denseData(), o);
            if (in.length > 2) {
                Conv2dKernel.addChannelBias(o, g.batch(), g.inChannels(), g.inH() * g.inW(), in[2].denseData());
            }
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor[] s = savedTensors();
            float[] gy = grad.denseData();
            Tensor[] grads = new Tensor[inputCount()];
            if (needsInputGrad(0)) {
                grads[0] = Tensor.empty(s[0].shape());
                Conv2dKernel.forward(g, gy, s[1].denseData(), null, grads[0].storage().array());
            }
            if (needsInputGrad(1)) {
                grads[1] = Tensor.empty(s[1].shape());
                Conv2dKernel.backwardWeight(g, gy, s[0].denseData(), grads[1].storage().array());
            }
            if (inputCount() > 2 && needsInputGrad(2)) {
                grads[2] = Tensor.empty(g.inChannels());
                Conv2dKernel.channelSums(gy, g.batch(), g.inChannels(), g.inH() * g.inW(), grads[2].storage().array());
            }
            return grads;
        }
    }

    /**
     * What the kernel may key its prepared weights on: the weight's storage at its current version,
     * when {@code dense} is that storage's own array (not a copy of a strided view).
     */
    static PreparedWeights.Source weightSource(Tensor weight, float[] dense) {
        return dense == weight.storage().array() ? new PreparedWeights.Source(weight.storage(), weight.storage().version()) : null;
    }
}
