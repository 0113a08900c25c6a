package dev.flint.core;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A region of a training or inference loop whose tensors are recycled instead of garbage
 * collected: every tensor created on this thread while the scope is open takes its buffer from a
 * per-thread pool, and closing the scope returns all of them to the pool at once. A training step
 * allocates the same buffers every time, so from the second step on it allocates (almost)
 * nothing on the Java heap. This is the JVM's answer to PyTorch's caching allocator, which can
 * rely on reference counting; the JVM cannot, so the lifetime is made explicit here.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *     try (MemoryScope scope = MemoryScope.open()) {
 *         opt.zeroGrad();
 *         Tensor loss = F.crossEntropy(model.forward(b.input()), b.labels());
 *         loss.backward();
 *         opt.step();
 *         total += loss.item();          // read results before the scope closes
 *     }
 * }
 * }</pre>
 *
 * <p>Rules: parameters, gradients ({@code .grad()}), optimizer state and module buffers live
 * outside any scope (Flint allocates them there itself); a tensor created inside a scope must not
 * be used after the scope closes, and if it is, the use fails with an {@link IllegalStateException}
 * rather than reading recycled memory. To keep a result, copy it inside {@link #outside}. Scopes
 * nest (close them in reverse order) and belong to the thread that opened them; tensors made
 * inside one may be read by other threads until it closes.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<MemoryScope> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Pool> POOL = ThreadLocal.withInitial(Pool::new);

    private final MemoryScope parent;
    private final Thread owner;
    private final Pool pool;
    private Storage[] storages = new Storage[64];
    private int storageCount;
    private IntStorage[] ints = new IntStorage[8];
    private int intCount;
    private boolean closed;

    private MemoryScope(MemoryScope parent, Pool pool) {
        this.parent = parent;
        this.owner = Thread.currentThread();
        this.pool = pool;
    }

    /** Opens a scope on the current thread (nested inside the open one, if any). */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(CURRENT.get(), POOL.get());
        CURRENT.set(scope);
        return scope;
    }

    /** The innermost open scope of this thread, or null. */
    static MemoryScope current() {
        return CURRENT.get();
    }

    /** Whether a scope is open on this thread (tensors created now will be recycled). */
    public static boolean isActive() {
        return CURRENT.get() != null;
    }

    /**
     * Runs {@code body} with no scope in effect, so the tensors it creates are ordinary heap tensors
     * that outlive the open scope: the way to keep a result, e.g. {@code outside(() -> t.clone())}.
     */
    public static <T> T outside(Supplier<T> body) {
        MemoryScope saved = CURRENT.get();
        CURRENT.remove();
        try {
            return body.get();
        } finally {
            if (saved != null) {
                CURRENT.set(saved);
            }
        }
    }

    /**
     * An int buffer of length {@code n} that lives as long as the current scope (a plain heap array
     * when none is open), for ops that keep integer state for their backward pass, such as max
     * pooling's arg-max indices: save it with {@link Function#saveForBackward(IntStorage...)}.
     * Contents are unspecified.
     */
    public static IntStorage ints(int n) {
        MemoryScope scope = CURRENT.get();
        if (scope == null) {
            return new IntStorage(new int[n]);
        }
        IntStorage a = new IntStorage(scope.pool.takeInts(n));
        if (scope.intCount == scope.ints.length) {
            scope.ints = Arrays.copyOf(scope.ints, 2 * scope.intCount);
        }
        scope.ints[scope.intCount++] = a;
        return a;
    }

    /** Bytes held by this thread's pool for reuse (not counting buffers of open scopes). */
    public static long pooledBytes() {
        return POOL.get().bytes();
    }

    /** Drops this thread's pooled buffers (e.g. after training, to give the memory back). */
    public static void trimPool() {
        POOL.get().clear();
    }

    Storage allocate(int n, boolean zeroed) {
        float[] a = pool.takeFloats(n);
        if (zeroed) {
            Arrays.fill(a, 0f);
        }
        Storage s = new Storage(a);
        if (storageCount == storages.length) {
            storages = Arrays.copyOf(storages, 2 * storageCount);
        }
        storages[storageCount++] = s;
        return s;
    }

    /**
     * Releases every tensor created in this scope and returns its buffer to the pool.
     *
     * @throws IllegalStateException if called from another thread or while a nested scope is open
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("MemoryScope.close: scope opened on thread " + owner.getName()
                    + " closed from " + Thread.currentThread().getName());
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("MemoryScope.close: a nested scope is still open; close scopes in reverse order");
        }
        closed = true;
        if (parent == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(parent);
        }
        for (int i = 0; i < storageCount; i++) {
            pool.giveFloats(storages[i].release());
            storages[i] = null;
        }
        for (int i = 0; i < intCount; i++) {
            pool.giveInts(ints[i].release());
            ints[i] = null;
        }
    }

    /**
     * Free buffers by exact length. A step asks for a few dozen distinct lengths, so a linear scan
     * of parallel arrays beats a hash map and allocates nothing.
     */
    private static final class Pool {
        private int[] lengths = new int[16];
        private Object[][] stacks = new Object[16][];
        private int[] depths = new int[16];
        private boolean[] isInt = new boolean[16];
        private int kinds;

        float[] takeFloats(int n) {
            Object a = take(n, false);
            return a == null ? new float[n] : (float[]) a;
        }

        int[] takeInts(int n) {
            Object a = take(n, true);
            return a == null ? new int[n] : (int[]) a;
        }

        void giveFloats(float[] a) {
            give(a, a.length, false);
        }

        void giveInts(int[] a) {
            give(a, a.length, true);
        }

        private Object take(int n, boolean ints) {
            int k = find(n, ints);
            if (k < 0 || depths[k] == 0) {
                return null;
            }
            Object a = stacks[k][--depths[k]];
            stacks[k][depths[k]] = null;
            return a;
        }

        private void give(Object a, int n, boolean ints) {
            int k = find(n, ints);
            if (k < 0) {
                if (kinds == lengths.length) {
                    int cap = 2 * kinds;
                    lengths = Arrays.copyOf(lengths, cap);
                    stacks = Arrays.copyOf(stacks, cap);
                    depths = Arrays.copyOf(depths, cap);
                    isInt = Arrays.copyOf(isInt, cap);
                }
                k = kinds++;
                lengths[k] = n;
                isInt[k] = ints;
                stacks[k] = new Object[4];
            }
            if (depths[k] == stacks[k].length) {
                stacks[k] = Arrays.copyOf(stacks[k], 2 * depths[k]);
            }
            stacks[k][depths[k]++] = a;
        }

        private int find(int n, boolean ints) {
            for (int k = 0; k < kinds; k++) {
                if (lengths[k] == n && isInt[k] == ints) {
                    return k;
                }
            }
            return -1;
        }

        long bytes() {
            long b = 0;
            for (int k = 0; k < kinds; k++) {
                b += 4L * lengths[k] * depths[k];
            }
            return b;
        }

        void clear() {
            kinds = 0;
            Arrays.fill(stacks, null);
            Arrays.fill(depths, 0);
        }
    }
}
