package dev.flint.nn;

import dev.flint.core.Autograd;
import dev.flint.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A layer or model, as {@code torch.nn.Module}: it owns named parameters (tensors that require
 * grad), named buffers (state such as BatchNorm's running statistics) and named child modules,
 * in registration order. Names in {@link #namedParameters()} and {@link #stateDict()} are dotted
 * paths ({@code features.0.weight}), as in PyTorch.
 *
 * <p>Shared (tied) members, as in PyTorch: a module or tensor reachable under several names is
 * listed once by {@link #namedModules()}, {@link #namedParameters()}, {@link #parameters()} and
 * {@link #namedBuffers()}, under the first name in registration order, so that an optimizer
 * steps it once and {@link #parameterCount()} counts it once; {@link #stateDict()} keeps every
 * name.
 *
 * <p>Thread safety: a module in eval mode may run {@link #forward} from many threads at once
 * (forward writes no module state); training mutates state and must stay on one thread.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();

    /** For subclasses, which register their parameters, buffers and children in their constructors. */
    protected Module() {
    }
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    private boolean frozen;

    private final List<ForwardHook> forwardHooks = new ArrayList<>();

    /**
     * Computes the module's output. Containers and models invoke their children through
     * {@link #call}, so that forward hooks run; calling {@code forward} directly skips them, as
     * calling {@code module.forward(x)} does in PyTorch.
     */
    public abstract Tensor forward(Tensor input);

    /**
     * Runs {@link #forward} and then this module's forward hooks: PyTorch's {@code module(x)}.
     */
    public final Tensor call(Tensor input) {
        Tensor out = forward(input);
        if (!forwardHooks.isEmpty()) {
            for (ForwardHook h : List.copyOf(forwardHooks)) {
                h.hook(this, input, out);
            }
        }
        return out;
    }

    /** A function called after {@link #forward} with the module, its input and its output (e.g. to record activation maps). */
    @FunctionalInterface
    public interface ForwardHook {
        /** Called after each {@link #call}; must not modify the tensors in place. */
        void hook(Module module, Tensor input, Tensor output);
    }

    /** Removes a registered hook. */
    public interface HookHandle extends AutoCloseable {
        /** Unregisters the hook; calling it twice does nothing. */
        void remove();

        @Override
        default void close() {
            remove();
        }
    }

    /**
     * Registers a hook run after every {@link #call} of this module (torch's
     * register_forward_hook); the returned handle removes it.
     */
    public final HookHandle registerForwardHook(ForwardHook hook) {
        java.util.Objects.requireNonNull(hook, "registerForwardHook: hook");
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /** Applies {@code fn} to every descendant (children first) and then to this module, as torch's Module.apply; returns this. */
    public Module apply(java.util.function.Consumer<Module> fn) {
        for (Module c : distinctChildren()) {
            c.apply(fn);
        }
        fn.accept(this);
        return this;
    }

    /** This module (name "") and every descendant by dotted name, in pre-order (torch's named_modules). */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String name, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) {
            return; // a shared module: listed under its first name only
        }
        out.put(name, this);
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().collectModules(name.isEmpty() ? c.getKey() : name + "." + c.getKey(), out, seen);
        }
    }

    /**
     * Sets requiresGrad on every parameter (torch's requires_grad_): {@code false} freezes the
     * module, e.g. a pretrained trunk during transfer learning. Returns this.
     */
    public Module requiresGrad(boolean requiresGrad) {
        for (Tensor p : parameters()) {
            p.requiresGrad(requiresGrad);
            if (!requiresGrad) {
                p.zeroGrad();
            }
        }
        return this;
    }

    /**
     * Freezes this module for transfer learning: no parameter of the subtree requires grad any
     * more, and the subtree stays in evaluation mode (BatchNorm normalises with, and no longer
     * updates, its running statistics; dropout is off) even when an enclosing model is put back
     * in training mode by {@link #train()}, as a frozen trunk must. {@link #unfreeze} undoes it.
     * Returns this.
     */
    public Module freeze() {
        requiresGrad(false);
        frozen = true;
        return train(false);
    }

    /** Undoes {@link #freeze}: every parameter of the subtree requires grad again; the next {@link #train()} applies. Returns this. */
    public Module unfreeze() {
        frozen = false;
        return requiresGrad(true);
    }

    /** True after {@link #freeze} (until {@link #unfreeze}). */
    public boolean isFrozen() {
        return frozen;
    }

    /** Parameters that require grad (what an optimizer should update after freezing part of a model). */
    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : parameters()) {
            if (p.requiresGrad()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The registered child {@code name} (the current one, after any {@link #setChild}). */
    protected final Module child(String name) {
        Module m = children.get(name);
        if (m == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no child named '" + name + "'");
        }
        return m;
    }

    /** Registers a parameter (marks it as requiring grad); null registers an absent one (bias=False). */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (value != null) {
            value.requiresGrad(true);
        }
        parameters.put(name, value);
        return value;
    }

    /** Registers a buffer: state saved in the state dict but not trained. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        if (module == null) {
            // An empty slot would break every walk over the children (parameters, train(), printing).
            throw new NullPointerException(getClass().getSimpleName() + ": module '" + name + "' is null");
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid member name '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": member '" + name + "' already exists");
        }
    }

    /** Replaces a registered child (e.g. a new classifier head), keeping its position. */
    public void setChild(String name, Module module) {
        if (!children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no child named '" + name + "' (children: "
                    + children.keySet() + ")");
        }
        children.put(name, module);
    }

    /** Every parameter of this module and its descendants, by dotted name, in registration order. */
    public Map<String, Tensor> namedParameters() {
        return namedMembers(true);
    }

    /** Every distinct parameter, in {@link #namedParameters()} order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every distinct buffer of this module and its descendants, by dotted name (first name of a shared one). */
    public Map<String, Tensor> namedBuffers() {
        return namedMembers(false);
    }

    /** Parameters or buffers of every module of {@link #namedModules()}, each tensor once, under its first name. */
    private Map<String, Tensor> namedMembers(boolean params) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Module> m : namedModules().entrySet()) {
            String prefix = m.getKey().isEmpty() ? "" : m.getKey() + ".";
            for (Map.Entry<String, Tensor> e : (params ? m.getValue().parameters : m.getValue().buffers).entrySet()) {
                if (e.getValue() != null && seen.add(e.getValue())) {
                    out.put(prefix + e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    /** The direct children, each once (torch's children() skips a module registered under two names). */
    private List<Module> distinctChildren() {
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Module> out = new ArrayList<>();
        for (Module c : children.values()) {
            if (seen.add(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The direct children, by name. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** Sets training mode on this module and its descendants (a {@link #freeze frozen} subtree stays in evaluation mode); returns this. */
    public Module train(boolean mode) {
        boolean effective = mode && !frozen;
        training = effective;
        for (Module c : children.values()) {
            c.train(effective);
        }
        return this;
    }

    /** Training mode; returns this. */
    public Module train() {
        return train(true);
    }

    /** Evaluation mode (dropout off, BatchNorm on running statistics); returns this. */
    public Module eval() {
        return train(false);
    }

    /** True in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters. */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.zeroGrad();
        }
    }

    /** Total number of parameter elements (a shared parameter counts once). */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** Parameters and buffers by dotted name, every name of a shared one included (the tensors themselves, detached views). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateInto("", out);
        return out;
    }

    private void stateInto(String prefix, Map<String, Tensor> out) {
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (e.getValue() != null) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Tensor> e : buffers.entrySet()) {
            if (e.getValue() != null) {
                out.put(prefix + e.getKey(), e.getValue().detach());
            }
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            c.getValue().stateInto(prefix + c.getKey() + ".", out);
        }
    }

    /** Loads values by name, strictly: a missing or unexpected name, or a shape mismatch, fails and says which. */
    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Copies values into this module's parameters and buffers. Shape mismatches always fail, naming
     * each one; with {@code strict}, missing and unexpected names fail too. Returns what was missing
     * and unexpected (as PyTorch's {@code load_state_dict}).
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Objects.requireNonNull(state, "loadStateDict: the state dict is null");
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(new TreeSet<>(own.keySet()));
        missing.removeAll(state.keySet());
        List<String> unexpected = new ArrayList<>(new TreeSet<>(state.keySet()));
        unexpected.removeAll(own.keySet());
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            if (!state.containsKey(e.getKey())) {
                continue;
            }
            Tensor src = state.get(e.getKey());
            if (src == null) {
                mismatched.add("null value for " + e.getKey());
            } else if (!src.storage().isLive()) {
                mismatched.add("released tensor for " + e.getKey() + ": its MemoryScope closed");
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add("size mismatch for " + e.getKey() + ": checkpoint has shape " + Arrays.toString(src.shape())
                        + ", the module has " + Arrays.toString(e.getValue().shape()));
            }
        }
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            StringBuilder sb = new StringBuilder("loadStateDict: cannot load into " + getClass().getSimpleName() + ":");
            if (!missing.isEmpty()) {
                sb.append("\n  missing keys: ").append(missing);
            }
            if (!unexpected.isEmpty()) {
                sb.append("\n  unexpected keys: ").append(unexpected);
            }
            for (String m : mismatched) {
                sb.append("\n  ").append(m);
            }
            throw new IllegalArgumentException(sb.toString());
        }
        try (var g = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) {
                    e.getValue().copy_(src);
                }
            }
        }
        return new LoadResult(missing, unexpected);
    }

    /** Names a non-strict {@link #loadStateDict(Map, boolean)} did not match. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {
    }

    /** The one-line description inside the parentheses of {@link #toString()}, as PyTorch's extra_repr. */
    protected String extraRepr() {
        return "";
    }

    /** The module tree, printed as PyTorch prints it. */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        if (children.isEmpty()) {
            return name + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(name).append("(");
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra);
        }
        for (Map.Entry<String, Module> c : children.entrySet()) {
            String child = c.getValue().toString().replace("\n", "\n  ");
            sb.append("\n  (").append(c.getKey()).append("): ").append(child);
        }
        return sb.append("\n)").toString();
    }
}
