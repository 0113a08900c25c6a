package dev.flint.optim;

import dev.flint.core.Autograd;
import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the optimizers, as torch.optim.Optimizer. Lifecycle per iteration: {@link #zeroGrad()},
 * forward, {@code loss.backward()}, {@link #step()}. Parameters live in {@link ParamGroup}s with
 * their own hyper-parameters; a parameter without a gradient is skipped. Steps run without
 * recording a graph and write the parameters in place (bumping their version).
 */
public abstract class Optimizer {
    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<Tensor, Object> state = new IdentityHashMap<>();
    private boolean nonFiniteCheck;

    /** An optimizer over {@code params} with these default hyper-parameters. */
    protected Optimizer(List<Tensor> params, Map<String, Double> defaults) {
        this.defaults = new LinkedHashMap<>(defaults);
        addParamGroup(params, Map.of());
    }

    /** Adds a group; {@code overrides} replace defaults for it (e.g. a smaller lr for a backbone). */
    public final void addParamGroup(List<Tensor> params, Map<String, Double> overrides) {
        if (params == null) {
            throw new NullPointerException(getClass().getSimpleName() + ": the parameter list is null");
        }
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": got an empty parameter list");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " is null");
            }
            // As torch.optim: any leaf is accepted; one that does not require grad (a frozen
            // parameter) never gets a gradient, so step() leaves it alone.
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": can't optimize a non-leaf tensor (one computed by "
                        + p.gradFnName() + ") of shape " + java.util.Arrays.toString(p.shape()));
            }
            // A parameter listed twice would be stepped twice per step (tied weights listed by hand).
            for (int j = 0; j < i; j++) {
                if (params.get(j) == p) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " (shape "
                            + java.util.Arrays.toString(p.shape()) + ") is the same tensor as parameter " + j
                            + " of the group; list each parameter once (Module.parameters() does)");
                }
            }
            for (int k = 0; k < groups.size(); k++) {
                if (groups.get(k).params().stream().anyMatch(q -> q == p)) {
                    throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter " + i + " (shape "
                            + java.util.Arrays.toString(p.shape()) + ") appears in more than one group (already in group "
                            + k + ")");
                }
            }
        }
        Map<String, Double> options = new LinkedHashMap<>(defaults);
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": unknown option '" + e.getKey()
                        + "' (options: " + defaults.keySet() + ")");
            }
            options.put(e.getKey(), e.getValue());
        }
        groups.add(new ParamGroup(params, options));
    }

    /** The parameter groups. */
    public List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** Clears every parameter's gradient (set to null, as PyTorch's default). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears every parameter's gradient: to null when {@code setToNone} (PyTorch's
     * {@code zero_grad(set_to_none=True)}), else by zero-filling it in place, so that the next
     * backward accumulates into the same buffers and a training step allocates no gradients.
     */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                p.zeroGrad(setToNone);
            }
        }
    }

    /**
     * With {@code true}, {@link #step()} first checks every gradient and refuses the whole step
     * (changing nothing) when one holds a NaN or an infinity. Off by default: the check reads every
     * gradient once more. Returns this.
     */
    public final Optimizer nonFiniteCheck(boolean on) {
        nonFiniteCheck = on;
        return this;
    }

    /**
     * Applies one update to every parameter that has a gradient.
     *
     * @throws IllegalStateException with {@link #nonFiniteCheck(boolean)} on, when a gradient is not finite (nothing is updated)
     */
    public final void step() {
        if (nonFiniteCheck) {
            checkGradientsFinite();
        }
        try (var scope = Autograd.noGrad()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() == null) {
                        continue;
                    }
                    float[] w = parameterArray(p);
                    update(g, p, w, p.grad().denseData());
                    p.storage().bumpVersion();
                }
            }
        }
    }

    private void checkGradientsFinite() {
        for (int gi = 0; gi < groups.size(); gi++) {
            List<Tensor> params = groups.get(gi).params();
            for (int i = 0; i < params.size(); i++) {
                Tensor grad = params.get(i).grad();
                if (grad == null) {
                    continue;
                }
                float[] g = grad.denseData();
                for (int j = 0; j < g.length; j++) {
                    if (!Float.isFinite(g[j])) {
                        throw new IllegalStateException(getClass().getSimpleName() + ".step: the gradient of parameter " + i
                                + " of group " + gi + " (shape " + java.util.Arrays.toString(params.get(i).shape())
                                + ") holds " + g[j] + " at flat index " + j + "; no parameter was updated (nonFiniteCheck)");
                    }
                }
            }
        }
    }

    /** Updates one parameter's values {@code w} in place from its gradient {@code g}. */
    protected abstract void update(ParamGroup group, Tensor param, float[] w, float[] g);

    /** Per-parameter state, created on first use. */
    @SuppressWarnings("unchecked")
    protected final <S> S state(Tensor param, java.util.function.Supplier<S> create) {
        return (S) state.computeIfAbsent(param, k -> create.get());
    }

    private float[] parameterArray(Tensor p) {
        float[] w = p.denseData();
        if (w != p.storage().array()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": parameter of shape " + java.util.Arrays.toString(p.shape())
                    + " is a view into a larger storage; optimise the tensor that owns the storage");
        }
        return w;
    }

    static void check(String opt, String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(opt + ": invalid " + name + " " + v + " (expected in [" + lo + ", " + hi + "])");
        }
    }
}
