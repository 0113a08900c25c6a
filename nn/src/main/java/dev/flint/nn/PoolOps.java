package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.IntStorage;
import dev.flint.core.MemoryScope;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.pool.PoolGeometry;
import dev.flint.core.kernel.pool.PoolKernels;

/** Pooling ops (forward and backward side by side); loops in {@link PoolKernels}. */
final class PoolOps {
    private PoolOps() {
    }

    private static int[] outShape(int[] in, int oh, int ow) {
        int[] s = in.clone();
        s[s.length - 2] = oh;
        s[s.length - 1] = ow;
        return s;
    }

    /** Max pooling; the gradient goes to each window's arg-max (first in scan order on ties). */
    static final class MaxPool2d extends Function {
        private final PoolGeometry g;

        MaxPool2d(PoolGeometry g) {
            this.g = g;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = Tensor.empty(outShape(in[0].shape(), g.outH(), g.outW()));
            IntStorage argmax = MemoryScope.ints(out.numel());
            PoolKernels.maxForward(g, in[0].denseData(), out.storage().array(), argmax.array());
            saveForBackward(argmax);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor gx = Tensor.empty(inputShape(0));
            PoolKernels.maxBackward(g, grad.denseData(), savedInts()[0].array(), gx.storage().array());
            return new Tensor[] {gx};
        }
    }

    /** Average pooling (count_include_pad as PyTorch's flag). */
    static final class AvgPool2d extends Function {
        private final PoolGeometry g;
        private final boolean countIncludePad;

        AvgPool2d(PoolGeometry g, boolean countIncludePad) {
            this.g = g;
            this.countIncludePad = countIncludePad;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            Tensor out = Tensor.empty(outShape(in[0].shape(), g.outH(), g.outW()));
            PoolKernels.avgForward(g, countIncludePad, in[0].denseData(), out.storage().array());
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor gx = Tensor.empty(inputShape(0));
            PoolKernels.avgBackward(g, countIncludePad, grad.denseData(), gx.storage().array());
            return new Tensor[] {gx};
        }
    }

    /** Adaptive average pooling to a fixed output size. */
    static final class AdaptiveAvgPool2d extends Function {
        private final int oh;
        private final int ow;

        AdaptiveAvgPool2d(int oh, int ow) {
            this.oh = oh;
            this.ow = ow;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            int[] s = in[0].shape();
            int h = s[s.length - 2];
            int w = s[s.length - 1];
            int planes = in[0].numel() / (h * w);
            Tensor out = Tensor.empty(outShape(s, oh, ow));
            PoolKernels.adaptiveAvgForward(planes, h, w, oh, ow, in[0].denseData(), out.storage().array());
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int[] s = inputShape(0);
            int h = s[s.length - 2];
            int w = s[s.length - 1];
            int planes = grad.numel() / (oh * ow);
            Tensor gx = Tensor.empty(s);
            PoolKernels.adaptiveAvgBackward(planes, h, w, oh, ow, grad.denseData(), gx.storage().array());
            return new Tensor[] {gx};
        }
    }
}
