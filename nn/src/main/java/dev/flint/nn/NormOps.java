package dev.flint.nn;

import dev.flint.core.Function;
import dev.flint.core.Tensor;
import dev.flint.core.kernel.norm.BatchNormKernel;

/** Normalisation ops (forward and backward side by side); loops in {@link BatchNormKernel}. */
final class NormOps {
    private NormOps() {
    }

    /**
     * batch_norm over (input[, weight][, bias]) with input (N, C, ...): statistics of this batch
     * when training (biased variance, as PyTorch normalises), else the given running statistics.
     * After {@code apply}, {@link #batchMean} and {@link #batchVar} hold the batch statistics, for
     * the running-average update.
     */
    static final class BatchNorm extends Function {
        private final boolean training;
        private final float eps;
        private final boolean hasWeight;
        private final boolean hasBias;
        private final float[] fixedMean;
        private final float[] fixedVar;
        private float[] mean;
        private float[] invstd;
        private float[] var;

        BatchNorm(boolean training, float eps, boolean hasWeight, boolean hasBias, float[] fixedMean, float[] fixedVar) {
            this.training = training;
            this.eps = eps;
            this.hasWeight = hasWeight;
            this.hasBias = hasBias;
            this.fixedMean = fixedMean;
            this.fixedVar = fixedVar;
        }

        @Override
        protected Tensor forward(Tensor... in) {
            int[] shape = in[0].shape();
            int n = shape[0];
            int c = shape[1];
            int s = in[0].numel() / Math.max(1, n * c);
            float[] x = in[0].denseData();
            if (training) {
                mean = new float[c];
                var = new float[c];
                BatchNormKernel.stats(n, c, s, x, mean, var);
            } else {
                mean = fixedMean;
                var = fixedVar;
            }
            invstd = new float[c];
            for (int ch = 0; ch < c; ch++) {
                invstd[ch] = (float) (1.0 / Math.sqrt(var[ch] + (double) eps));
            }
            float[] w = hasWeight ? in[1].denseData() : null;
            float[] b = hasBias ? in[hasWeight ? 2 : 1].denseData() : null;
            Tensor y = Tensor.empty(shape);
            BatchNormKernel.normalize(n, c, s, x, mean, invstd, w, b, y.storage().array());
            if (hasWeight) {
                saveForBackward(in[0], in[1]);
            } else {
                saveForBackward(in[0]);
            }
            return y;
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor[] saved = savedTensors();
            int[] shape = inputShape(0);
            int n = shape[0];
            int c = shape[1];
            int s = saved[0].numel() / Math.max(1, n * c);
            Tensor[] grads = new Tensor[inputCount()];
            int bi = hasWeight ? 2 : 1;
            if (needsInputGrad(0)) {
                grads[0] = Tensor.empty(shape);
            }
            if (hasWeight && needsInputGrad(1)) {
                grads[1] = Tensor.empty(c);
            }
            if (hasBias && needsInputGrad(bi)) {
                grads[bi] = Tensor.empty(c);
            }
            BatchNormKernel.backward(training, n, c, s, saved[0].denseData(), grad.denseData(), mean, invstd,
                    hasWeight ? saved[1].denseData() : null, array(grads[0]), hasWeight ? array(grads[1]) : null,
                    hasBias ? array(grads[bi]) : null);
            return grads;
        }

        private static float[] array(Tensor t) {
            return t == null ? null : t.storage().array();
        }

        /** This batch's per-channel mean (after a training-mode apply). */
        float[] batchMean() {
            return mean;
        }

        /** This batch's per-channel biased variance (after a training-mode apply). */
        float[] batchVar() {
            return var;
        }
    }
}
