package dev.flint.optim;

import dev.flint.core.Tensor;
import dev.flint.core.Flint;

import java.util.List;
import java.util.Map;

/**
 * Adam with torch.optim.Adam's update (and AdamW's decoupled weight decay when {@code decoupled}):
 * <pre>
 * g += weight_decay * w                      (Adam; AdamW instead does w *= 1 - lr * weight_decay)
 * m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  vmax = max(vmax, v) if amsgrad
 * w -= lr / (1 - b1^t) * m / (sqrt(v or vmax) / sqrt(1 - b2^t) + eps)
 * </pre>
 */
public class Adam extends Optimizer {
    private final boolean amsgrad;
    private final boolean decoupled;

    /** lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(List<Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** The full form. */
    public Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(List<Tensor> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(params, Map.of("lr", lr, "beta1", beta1, "beta2", beta2, "eps", eps, "weight_decay", weightDecay));
        String name = decoupled ? "AdamW" : "Adam";
        check(name, "lr", lr, 0, Double.MAX_VALUE);
        check(name, "beta1", beta1, 0, Math.nextDown(1.0));
        check(name, "beta2", beta2, 0, Math.nextDown(1.0));
        check(name, "eps", eps, 0, Double.MAX_VALUE);
        check(name, "weight_decay", weightDecay, 0, Double.MAX_VALUE);
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    /** Per-parameter state: step count and the moment estimates. */
    private static final class State {
        int step;
        float[] m;
        float[] v;
        float[] vmax;
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] w, float[] g) {
        float lr = (float) group.lr();
        float b1 = (float) group.get("beta1");
        float b2 = (float) group.get("beta2");
        float eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        State st = state(param, State::new);
        if (st.m == null) {
            st.m = new float[w.length];
            st.v = new float[w.length];
            st.vmax = amsgrad ? new float[w.length] : null;
        }
        st.step++;
        // StrictMath (here and in the LR schedules): specified to the bit, where Math.pow may vary by implementation.
        float bc1 = (float) (1 - StrictMath.pow(b1, st.step));
        float bc2Sqrt = (float) Math.sqrt(1 - StrictMath.pow(b2, st.step));
        float stepSize = lr / bc1;
        float[] m = st.m;
        float[] vs = st.v;
        float[] vmax = st.vmax;
        Flint.parallelFor(w.length, w.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = g[i];
                if (wd != 0) {
                    if (decoupled) {
                        w[i] *= 1 - lr * wd;
                    } else {
                        gi += wd * w[i];
                    }
                }
                m[i] += (gi - m[i]) * (1 - b1);
                vs[i] = b2 * vs[i] + (1 - b2) * gi * gi;
                float v = vs[i];
                if (amsgrad) {
                    vmax[i] = Math.max(vmax[i], v);
                    v = vmax[i];
                }
                float denom = (float) Math.sqrt(v) / bc2Sqrt + eps;
                w[i] -= stepSize * m[i] / denom;
            }
        });
    }
}
