package dev.flint.core;

/**
 * Grad-mode switches, per thread. Inside a {@link #noGrad()} scope no op records a graph node
 * (optimizer updates, evaluation); scopes nest and restore the previous mode on close.
 *
 * <pre>{@code
 * try (var g = Autograd.noGrad()) {
 *     w.sub_(w.grad().mul(lr));
 * }
 * }</pre>
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Autograd() {
    }

    /** A grad-mode scope; closing it restores the mode that was in force when it opened. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Scope(boolean enabled) {
            boolean[] flag = ENABLED.get();
            previous = flag[0];
            flag[0] = enabled;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                ENABLED.get()[0] = previous;
            }
        }
    }

    /** Opens a scope in which no graph is recorded on this thread. */
    public static Scope noGrad() {
        return new Scope(false);
    }

    /** Opens a scope in which graphs are recorded again (inside a {@link #noGrad()} scope). */
    public static Scope enableGrad() {
        return new Scope(true);
    }

    /** True when ops on this thread record graph nodes. */
    public static boolean isGradEnabled() {
        return ENABLED.get()[0];
    }
}
