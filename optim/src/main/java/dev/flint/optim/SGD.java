package dev.flint.optim;

import dev.flint.core.Tensor;
import dev.flint.core.Flint;

import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with torch.optim.SGD's exact update:
 * <pre>
 * d = g + weight_decay * w
 * if momentum != 0: buf = d (first step) else buf = momentum * buf + (1 - dampening) * d
 *                   d = nesterov ? d + momentum * buf : buf
 * w = w - lr * d
 * </pre>
 */
public final class SGD extends Optimizer {
    /** Options: lr, momentum, dampening, weight_decay; nesterov is fixed per optimizer. */
    private final boolean nesterov;

    /** The full form. */
    public SGD(List<Tensor> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, Map.of("lr", lr, "momentum", momentum, "dampening", dampening, "weight_decay", weightDecay));
        check("SGD", "lr", lr, 0, Double.MAX_VALUE);
        check("SGD", "momentum", momentum, 0, Double.MAX_VALUE);
        check("SGD", "weight_decay", weightDecay, 0, Double.MAX_VALUE);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: nesterov momentum requires a momentum and zero dampening");
        }
        this.nesterov = nesterov;
    }

    /** Plain SGD. */
    public static SGD simple(List<Tensor> params, double lr) {
        return new SGD(params, lr, 0, 0, 0, false);
    }

    /** SGD with (heavy-ball) momentum. */
    public static SGD momentum(List<Tensor> params, double lr, double momentum) {
        return new SGD(params, lr, momentum, 0, 0, false);
    }

    /** Per-parameter state: the momentum buffer, null until the first step with momentum. */
    private static final class State {
        float[] buf;
    }

    @Override
    protected void update(ParamGroup group, Tensor param, float[] w, float[] g) {
        float lr = (float) group.lr();
        float momentum = (float) group.get("momentum");
        float dampening = (float) group.get("dampening");
        float wd = (float) group.get("weight_decay");
        State st = state(param, State::new);
        boolean first = momentum != 0 && st.buf == null;
        if (first) {
            st.buf = new float[w.length];
        }
        float[] buf = momentum != 0 ? st.buf : null;
        Flint.parallelFor(w.length, w.length, (from, to) -> update(w, g, buf, from, to, lr, momentum, dampening, wd, first));
    }

    /** The update of elements [from, to): PyTorch's rule, with the common case in a loop of its own. */
    private void update(float[] w, float[] g, float[] buf, int from, int to,
                        float lr, float momentum, float dampening, float wd, boolean first) {
        if (buf != null && wd == 0 && !nesterov && !first) {
            // Momentum without weight decay: no branch in the loop, so the JIT vectorises it.
            float keep = 1 - dampening;
            for (int i = from; i < to; i++) {
                float b = momentum * buf[i] + keep * g[i];
                buf[i] = b;
                w[i] -= lr * b;
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float d = wd != 0 ? g[i] + wd * w[i] : g[i];
            if (buf != null) {
                buf[i] = first ? d : momentum * buf[i] + (1 - dampening) * d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            w[i] -= lr * d;
        }
    }
}
