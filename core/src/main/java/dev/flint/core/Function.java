package dev.flint.core;

import java.util.Arrays;

/**
 * A differentiable operation: its forward and its backward, side by side (as
 * {@code torch.autograd.Function}). Every built-in op is a small subclass; users write their own
 * the same way:
 *
 * <pre>{@code
 * final class Square extends Function {
 *     protected Tensor forward(Tensor... in) { saveForBackward(in[0]); return in[0].mul(in[0]); }
 *     protected Tensor[] backward(Tensor g) { return new Tensor[] {g.mul(savedTensors()[0]).mul(2f)}; }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 *
 * <p>One instance serves one call. {@link #forward} runs with grad recording off; when grad
 * mode is on and an input requires grad, the instance becomes the output's graph node.
 * {@link #backward} also runs with recording off, receives the gradient of the output and
 * returns one gradient per input, shaped like that input, or null where
 * {@link #needsInputGrad(int)} is false. Tensors saved with {@link #saveForBackward} are checked
 * against in-place modification and released after backward unless the graph is retained.
 */
public abstract non-sealed class Function extends Node {
    private Tensor[] saved;
    private int[] savedVersions;
    private IntStorage[] savedInts;
    private Throwable creationSite;
    private boolean[] needsInputGrad = new boolean[0];

    /** For subclasses: an op's forward and backward. */
    protected Function() {
    }
    private int[][] inputShapes = new int[0][];
    private boolean released;

    /** Computes the output from the inputs. Runs with grad recording off. */
    protected abstract Tensor forward(Tensor... inputs);

    /** Returns d(loss)/d(input i) for each input, given d(loss)/d(output). Runs with grad recording off. */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** Applies the op: runs {@link #forward} and, where a graph is recorded, links this node into it. */
    public final Tensor apply(Tensor... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new NullPointerException(name().replace("Backward", "") + ": input " + i + " is null");
            }
        }
        boolean record = false;
        if (Autograd.isGradEnabled()) {
            for (Tensor t : inputs) {
                record |= t.requiresGrad();
            }
        }
        Tensor out;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            out = forward(inputs);
        }
        if (!record) {
            saved = null;
            savedInts = null;
            return out;
        }
        if (Autograd.isAnomalyEnabled()) {
            creationSite = new Throwable("forward call of " + name().replace("Backward", ""));
        }
        needsInputGrad = new boolean[inputs.length];
        inputShapes = new int[inputs.length][];
        next = new Node[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            inputShapes[i] = t.shape();
            if (t.requiresGrad()) {
                needsInputGrad[i] = true;
                next[i] = t.gradFn != null ? t.gradFn : t.accumulator();
            }
        }
        // The output must be a tensor of its own: forward may hand back an input (a no-op view).
        for (Tensor t : inputs) {
            if (t == out) {
                out = out.alias();
                break;
            }
        }
        if (out.requiresGrad()) {
            out = out.alias();
        }
        out.gradFn = this;
        out.requiresGrad = true;
        return out;
    }

    /** Keeps tensors for backward; their version is recorded so that later in-place writes are caught. */
    protected final void saveForBackward(Tensor... tensors) {
        saved = tensors.clone();
        savedVersions = new int[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            savedVersions[i] = tensors[i].storage().version();
        }
    }

    /**
     * Keeps int buffers for backward (e.g. max pooling's arg-max indices from
     * {@link MemoryScope#ints}); {@link #savedInts()} checks that their scope is still open.
     */
    protected final void saveForBackward(IntStorage... buffers) {
        savedInts = buffers.clone();
    }

    /**
     * The tensors given to {@link #saveForBackward}, after checking that none was modified in place
     * since and that none went back to its {@link MemoryScope}'s pool.
     */
    protected final Tensor[] savedTensors() {
        if (released || saved == null) {
            throw releasedError();
        }
        for (int i = 0; i < saved.length; i++) {
            if (!saved[i].storage().isLive()) {
                throw new IllegalStateException(name() + ": tensor " + i + " of shape " + Shapes.str(saved[i].shape())
                        + " that this op saved for backward was released when its MemoryScope closed. Run backward"
                        + " before closing the scope that ran the forward pass.");
            }
            int now = saved[i].storage().version();
            if (now != savedVersions[i]) {
                throw new IllegalStateException(name() + ": tensor " + i + " of shape " + Shapes.str(saved[i].shape())
                        + " that this op saved for backward was modified by an in-place operation (it is at version "
                        + now + "; expected version " + savedVersions[i] + "). Use an out-of-place op, or clone() it first.");
            }
        }
        return saved;
    }

    /** The int buffers given to {@link #saveForBackward(IntStorage...)}, after checking that their scope is still open. */
    protected final IntStorage[] savedInts() {
        if (released || savedInts == null) {
            throw releasedError();
        }
        for (int i = 0; i < savedInts.length; i++) {
            if (!savedInts[i].isLive()) {
                throw new IllegalStateException(name() + ": int buffer " + i + " that this op saved for backward was"
                        + " released when its MemoryScope closed. Run backward before closing the scope that ran the"
                        + " forward pass.");
            }
        }
        return savedInts;
    }

    /** True when input i requires a gradient; backward may return null for the others. */
    protected final boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** Number of inputs this op was applied to. */
    protected final int inputCount() {
        return inputShapes.length;
    }

    /** Shape of input i as it was at forward time. */
    protected final int[] inputShape(int i) {
        return inputShapes[i].clone();
    }

    @Override
    String name() {
        String simple = getClass().getSimpleName();
        return (simple.isEmpty() ? "Custom" : simple) + "Backward";
    }

    /** Runs backward with the checks the engine owes the user: released graph, missing or misshapen gradients. */
    final Tensor[] runBackward(Tensor gradOutput) {
        if (released) {
            throw releasedError();
        }
        Tensor[] grads;
        try {
            grads = backward(gradOutput);
        } catch (ReleasedBufferException e) { // a buffer reached without savedTensors(): name the op all the same
            throw new IllegalStateException(name() + ": " + e.getMessage(), e);
        }
        if (grads == null || grads.length != next.length) {
            throw new IllegalStateException(name() + ": backward returned " + (grads == null ? "null" : grads.length
                    + " gradients") + " but the op has " + next.length + " inputs");
        }
        for (int i = 0; i < grads.length; i++) {
            if (!needsInputGrad[i]) {
                continue;
            }
            if (grads[i] == null) {
                throw new IllegalStateException(name() + ": failed to compute the gradient of input " + i
                        + " (shape " + Shapes.str(inputShapes[i]) + ")");
            }
            if (!Arrays.equals(grads[i].shape(), inputShapes[i])) {
                throw new IllegalStateException(name() + ": backward returned a gradient of shape "
                        + Shapes.str(grads[i].shape()) + " for input " + i + " of shape " + Shapes.str(inputShapes[i]));
            }
        }
        if (Autograd.isAnomalyEnabled()) {
            checkFinite(grads);
        }
        return grads;
    }

    /** Anomaly mode: the first gradient holding a NaN or an infinity fails, naming this op and its forward call site. */
    private void checkFinite(Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null) {
                continue;
            }
            float[] v = grads[i].toArray();
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    StringBuilder sb = new StringBuilder("detectAnomaly: ").append(name()).append(" returned ")
                            .append(v[j]).append(" in the gradient of input ").append(i).append(" (shape ")
                            .append(Shapes.str(inputShapes[i])).append(", first at flat index ").append(j).append(").");
                    if (creationSite == null) {
                        sb.append(" Its forward ran outside detectAnomaly(), so its call site is unknown.");
                    } else {
                        sb.append(" Its forward was called at:");
                        int shown = 0;
                        for (StackTraceElement f : creationSite.getStackTrace()) {
                            if (f.getClassName().equals(Function.class.getName()) && shown == 0) {
                                continue; // Function.apply itself
                            }
                            sb.append("\n\tat ").append(f);
                            if (++shown == 12) {
                                break;
                            }
                        }
                    }
                    throw new IllegalStateException(sb.toString(), creationSite);
                }
            }
        }
    }

    final boolean isReleased() {
        return released;
    }

    final void release() {
        released = true;
        saved = null;
        savedInts = null;
    }

    private IllegalStateException releasedError() {
        return new IllegalStateException(name() + ": trying to backward through the graph a second time (its saved "
                + "tensors were freed after the first backward). Call backward(gradient, true) the first time to retain the graph.");
    }
}
