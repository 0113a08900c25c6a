package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.resize.Resize;

/** Spatial resampling (F.interpolate) as autograd ops; loops in {@link Resize}. */
final class ResizeOps {
    private ResizeOps() {
    }

    /** Nearest or bilinear resampling of the last two dims of an NCHW tensor. */
    static final class Interpolate extends Function {
        private final int oh;
        private final int ow;
        private final boolean bilinear;
        private final boolean alignCorners;
        private final double scaleFactorH;
        private final double scaleFactorW;

        Interpolate(int oh, int ow, boolean bilinear, boolean alignCorners, double scaleFactorH, double scaleFactorW) {
            this.oh = oh;
            this.ow = ow;
            this.bilinear = bilinear;
            this.alignCorners = alignCorners;
            this.scaleFactorH = scaleFactorH;
            this.scaleFactorW = scaleFactorW;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            int[] s = in[0].shape();
            int ih = s[2];
            int iw = s[3];
            Tensor out = Tensor.empty(s[0], s[1], oh, ow);
            run(s[0] * s[1], ih, iw, in[0].denseData(), out.storage().array(), false);
            return out;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            int[] s = inputShape(0);
            Tensor gx = Tensor.empty(s);
            run(s[0] * s[1], s[2], s[3], grad.denseData(), gx.storage().array(), true);
            return new Tensor[] {gx};
        }

        private void run(int planes, int ih, int iw, float[] src, float[] dst, boolean adjoint) {
            double sh = Resize.coordinateScale(ih, oh, bilinear && alignCorners, scaleFactorH);
            double sw = Resize.coordinateScale(iw, ow, bilinear && alignCorners, scaleFactorW);
            if (bilinear && adjoint) {
                Resize.bilinearBackward(planes, ih, iw, oh, ow, alignCorners, sh, sw, src, dst);
            } else if (bilinear) {
                Resize.bilinear(planes, ih, iw, oh, ow, alignCorners, sh, sw, src, dst);
            } else if (adjoint) {
                Resize.nearestBackward(planes, ih, iw, oh, ow, sh, sw, src, dst);
            } else {
                Resize.nearest(planes, ih, iw, oh, ow, sh, sw, src, dst);
            }
        }
    }
}
