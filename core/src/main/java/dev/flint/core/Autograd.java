package dev.flint.core;

import java.util.Arrays;

/**
 * Grad-mode and anomaly-mode switches, per thread. Inside a {@link #noGrad()} scope no op records
 * a graph node (optimizer updates, evaluation); inside a {@link #detectAnomaly()} scope backward
 * checks every gradient for NaN and infinity. Scopes nest; the mode in force is the one of the
 * innermost open scope, even when scopes are closed out of order.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *     w.sub_(w.grad().mul(lr));
 * }
 * }</pre>
 */
public final class Autograd {
    private static final ThreadLocal<Modes> MODES = ThreadLocal.withInitial(Modes::new);

    private Autograd() {
    }

    /** One thread's open scopes, innermost last, and the modes they put in force. */
    private static final class Modes {
        private final Thread owner = Thread.currentThread();
        private Scope[] open = new Scope[8];
        private int depth;
        private boolean gradEnabled = true;
        private boolean anomaly;

        void push(Scope s) {
            if (depth == open.length) {
                open = Arrays.copyOf(open, 2 * depth);
            }
            open[depth++] = s;
            recompute();
        }

        void remove(Scope s) {
            for (int i = depth - 1; i >= 0; i--) {
                if (open[i] == s) {
                    System.arraycopy(open, i + 1, open, i, depth - i - 1);
                    open[--depth] = null;
                    break;
                }
            }
            recompute();
        }

        /** The innermost scope that sets a mode decides it; with none, grad on and anomaly off. */
        private void recompute() {
            Boolean grad = null;
            Boolean anom = null;
            for (int i = depth - 1; i >= 0 && (grad == null || anom == null); i--) {
                if (grad == null && open[i].grad != null) {
                    grad = open[i].grad;
                }
                if (anom == null && open[i].anomaly != null) {
                    anom = open[i].anomaly;
                }
            }
            gradEnabled = grad == null || grad;
            anomaly = anom != null && anom;
        }
    }

    /**
     * A mode scope of the thread that opened it; closing it (once, on that thread) removes its
     * effect. Closing an outer scope before an inner one leaves the inner one in force.
     */
    public static final class Scope implements AutoCloseable {
        private final Modes modes;
        private final Boolean grad;
        private final Boolean anomaly;
        private boolean closed;

        private Scope(Boolean grad, Boolean anomaly) {
            this.modes = MODES.get();
            this.grad = grad;
            this.anomaly = anomaly;
            modes.push(this);
        }

        /** @throws IllegalStateException when called from a thread other than the one that opened the scope */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != modes.owner) {
                throw new IllegalStateException("Autograd.Scope.close: scope opened on thread " + modes.owner.getName()
                        + " closed from " + Thread.currentThread().getName());
            }
            closed = true;
            modes.remove(this);
        }
    }

    /** Opens a scope in which no graph is recorded on this thread. */
    public static Scope noGrad() {
        return new Scope(false, null);
    }

    /** Opens a scope in which graphs are recorded again (inside a {@link #noGrad()} scope). */
    public static Scope enableGrad() {
        return new Scope(true, null);
    }

    /**
     * Opens a scope of anomaly detection, as {@code torch.autograd.detect_anomaly}: ops record
     * where they were created, and backward fails at the first op whose computed gradient holds a
     * NaN or an infinity, naming that op and its forward call site. Off by default; when off,
     * neither forward nor backward does any extra work.
     */
    public static Scope detectAnomaly() {
        return new Scope(null, true);
    }

    /** True when ops on this thread record graph nodes. */
    public static boolean isGradEnabled() {
        return MODES.get().gradEnabled;
    }

    /** True inside a {@link #detectAnomaly()} scope on this thread. */
    public static boolean isAnomalyEnabled() {
        return MODES.get().anomaly;
    }
}
